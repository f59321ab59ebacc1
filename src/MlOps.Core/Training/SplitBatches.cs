using MlOps.Core.Data;
using static TorchSharp.torch;

namespace MlOps.Core.Training;

/// <summary>The <see cref="ISplitBatches"/> for an encoded split: streamed when its rows come from a <see cref="IRowSource"/>, in memory otherwise.</summary>
public static class SplitBatches
{
    public static ISplitBatches Of(EncodedSplit split, Device device, int workers) =>
        split.RowSource is { } source
            ? new StreamedSplit(source, split.SampleShape, split.Labels, device, workers)
            : new TensorSplit(split.Features, split.SampleShape, split.Labels, device);
}
