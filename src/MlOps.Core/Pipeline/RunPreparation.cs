using MlOps.Contracts.Diagnostics;
using MlOps.Contracts.Results;
using MlOps.Core.Data;
using MlOps.Core.Fairness;
using MlOps.Core.Models;
using MlOps.Core.Models.Checkpoints;
using MlOps.Core.Training;
using MlOps.Specs.Checks;
using MlOps.Specs.Fingerprint;
using MlOps.Specs.Model;

namespace MlOps.Core.Pipeline;

/// <summary>Seeds and threads, device, fingerprint, the base checkpoint's metadata and the data.</summary>
internal static class RunPreparation
{
    public static RunContext Prepare(FineTuneSpec spec, OutputLayout layout, RunRequest request, CancellationToken cancel, IRunObserver? observer = null)
    {
        var models = ModelAssemblies.Load(request.ModelAssemblies);
        spec = BaseCheckpointStep.ResolveHub(spec, observer, cancel);
        // Before the fingerprint, which names the commit each Hub dataset split resolved to (from the cache).
        var localData = HubDataStep.Resolve(spec, observer, cancel);
        var where = spec.At();
        var threads = TorchSetup.Configure(spec.Seed, spec.Training.Threads);
        var device = TorchSetup.ResolveDevice(spec.Device, spec.At(spec.DeviceLocation));
        var baseSource = BaseCheckpointReader.Read(spec.Base);
        var fingerprint = SpecFingerprint.Compute(spec, device.type.ToString().ToLowerInvariant(), baseSource);

        var baseMetadata = ReadBaseMetadata(spec);
        (spec, var baseConfig) = BaseArchitecture.Resolve(spec, baseMetadata);
        if (baseMetadata is not null && baseMetadata.Architecture != spec.Base.Model)
        {
            throw new MlOpsException(Diagnostic.Error(CheckpointErrorCodes.Mismatch,
                $"base.checkpoint was written by model '{baseMetadata.Architecture}', but base.model is '{spec.Base.Model}': make them agree",
                spec.Base.Location ?? where));
        }
        var encoder = baseMetadata?.EncoderJson is { } json ? FeatureEncoder.FromJson(json) : null;
        // A saved waveform model keeps its input in its encoder; otherwise the family says (wav2vec2: preprocessor_config.json).
        var waveform = encoder is null ? Models.Families.ModelFamilyBuilders.AudioInput(spec, where) : encoder.Audio?.Waveform;
        var data = DatasetLoader.Load(spec with { Data = localData }, new DataLoadOptions { Waveform = waveform }, encoder, classes: null, cancel);
        // Before any training: a binary metric or bias check on a task that cannot name its positive class.
        if (PositiveLabelCheck.Check(spec, data.Classes) is { Count: > 0 } labelProblems)
        {
            throw new MlOpsException(labelProblems);
        }
        // Before any training too: a misspelt privileged group, a favourable label that is no class, too few groups to compare.
        if (BiasReadiness.Check(spec.Bias, data) is { Count: > 0 } biasProblems)
        {
            throw new MlOpsException(biasProblems);
        }

        var sameClasses = baseMetadata is not null && baseMetadata.Classes.SequenceEqual(data.Classes);
        if (spec.Base.Checkpoint is not null && spec.Base.Head == HeadMode.Keep && baseMetadata is not null && !sameClasses)
        {
            throw new MlOpsException(Diagnostic.Error(CheckpointErrorCodes.HeadMismatch,
                $"head: keep, but the checkpoint predicts [{string.Join(", ", baseMetadata.Classes)}] and the data has [{string.Join(", ", data.Classes)}]: use head: replace",
                spec.Base.Location ?? where));
        }
        var replaceHead = spec.Base.Checkpoint is not null && spec.Base.Head == HeadMode.Replace && !sameClasses;
        var registry = ModelRegistry.Default(models);
        return new RunContext(spec, layout, device, threads, fingerprint, registry, data, baseMetadata, replaceHead)
        {
            BaseConfig = baseConfig,
            BaseSource = baseSource,
            Masking = MaskedLmMasking.For(spec, data.Tokenizer),
        };
    }

    private static ModelMetadata? ReadBaseMetadata(FineTuneSpec spec)
    {
        if (spec.Base.Checkpoint is not { } path)
        {
            return null;
        }
        try
        {
            // A folder's model.safetensors may carry MlOps metadata; a Hub-made folder has config.json instead (null here).
            return CheckpointFile.ReadMetadata(path);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or System.Text.Json.JsonException)
        {
            throw new MlOpsException(Diagnostic.Error(CheckpointErrorCodes.Unreadable, $"cannot read checkpoint '{path}': {e.Message}",
                spec.At(spec.Base.Location)));
        }
    }
}
