using MlOps.Contracts.Results;
using MlOps.Core.Models;
using MlOps.Core.Models.Adapters;
using MlOps.Core.Models.Checkpoints;

namespace MlOps.Core.Pipeline;

/// <summary>
/// The run's side of `adapter:`: wrap the loaded model's target layers, and afterwards write the
/// adapter in PEFT's layout and the run's model (merged on request).
/// </summary>
internal static class AdapterStage
{
    public static string Folder(OutputLayout layout) => Path.Combine(layout.Directory, "adapter");

    /// <summary>Null when the spec has no adapter.</summary>
    public static LoraAdapters? Apply(RunContext run, FineTuneModule model) =>
        run.Spec.Adapter is { } spec ? LoraInjector.Apply(model, spec, run.SpecLocation) : null;

    /// <summary>
    /// model/model.safetensors: with merge, the merged weights (a plain model of the architecture,
    /// loadable as a base checkpoint); without, the base weights plus the adapter tensors under our names.
    /// </summary>
    public static AdapterInfo Save(RunContext run, FineTuneModule model, LoraAdapters adapters)
    {
        PeftAdapterFiles.Write(Folder(run.Layout), model, adapters, run.Spec.Base.Checkpoint);
        Directory.CreateDirectory(run.Layout.ModelFolder);
        var spec = run.Spec.Base;
        var metadata = new ModelMetadata(spec.Model, run.Data.Classes, run.Data.Train.SampleShape, spec.Hidden, spec.Dropout, run.Data.Encoder.ToJson());
        if (adapters.Spec.Merge)
        {
            var merged = LoraMerge.MergedState(model);
            try
            {
                SafeTensorsFile.Write(run.Layout.Model, merged, metadata.ToMap());
            }
            finally
            {
                StateDict.Dispose(merged);
            }
        }
        else
        {
            CheckpointFile.Save(model, metadata, run.Layout.Model);
        }
        var a = adapters.Spec;
        return new AdapterInfo(a.Type.ToString().ToLowerInvariant(), a.R, a.Alpha, a.Dropout, [.. adapters.Layers.Keys], a.Merge);
    }
}
