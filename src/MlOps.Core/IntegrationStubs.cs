// TEMPORARY: signatures that other branches implement (data, eval). Deleted when they merge.
#pragma warning disable CA1822, IDE0060
using MlOps.Core.Specs.Model;

namespace MlOps.Core.Data
{
    public static class DatasetLoader
    {
        public static LoadedData Load(FineTuneSpec spec, FeatureEncoder? baseEncoder = null, IReadOnlyList<string>? classes = null, CancellationToken ct = default) => throw new NotImplementedException();

        public static EncodedSplit LoadForgetting(FineTuneSpec spec, FeatureEncoder encoder, IReadOnlyList<string> classes, CancellationToken ct = default) => throw new NotImplementedException();
    }

    public sealed record LoadedData(EncodedSplit Train, EncodedSplit Validation, FeatureEncoder Encoder, IReadOnlyList<string> Classes, IReadOnlyList<DatasetInfo> Datasets);

    public sealed record EncodedSplit(string Name, float[] Features, int[] SampleShape, long[] Labels, IReadOnlyDictionary<string, string[]> Groups)
    {
        public int Rows => Labels.Length;
    }

    public sealed record DatasetInfo(string Name, string Context, string Path, string Sha256, int Rows, int Columns, IReadOnlyDictionary<string, int> ClassCounts, IReadOnlyList<string> Schema);

    public sealed class FeatureEncoder
    {
        public IReadOnlyList<string> FeatureNames => throw new NotImplementedException();

        public int[] SampleShape => throw new NotImplementedException();

        public static FeatureEncoder FromJson(string json) => throw new NotImplementedException();

        public string ToJson() => throw new NotImplementedException();
    }
}

namespace MlOps.Core.Evaluation
{
    public static class MetricCalculator
    {
        public static IReadOnlyDictionary<string, double> Compute(Predictions p, IEnumerable<string> names, string? positiveLabel) => throw new NotImplementedException();
    }
}
