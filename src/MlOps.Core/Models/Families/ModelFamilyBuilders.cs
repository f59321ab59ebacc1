namespace MlOps.Core.Models.Families;

/// <summary>
/// The run half of every built-in model family, one line each (docs/extending.md). The order is the
/// order in which families may claim a checkpoint for <c>base.model: auto</c>. A test checks that
/// the families here and in MlOps.Specs.Families.ModelFamilies are the same, with the same names.
/// </summary>
public static class ModelFamilyBuilders
{
    public static readonly IReadOnlyList<ModelFamilyBuilder> All =
    [
        new BertFamily(),
        new ResNetFamily(),
        new MlpFamily(),
        new SmallCnnFamily(),
        new LlamaFamily(),
        new Gpt2Family(),
        new AudioCnnFamily(),
        new Wav2Vec2Family(),
    ];

    /// <summary>What the family of <paramref name="spec"/>'s (resolved) base.model reads from audio data; null: log-mel, or not audio.</summary>
    public static Data.WaveformInput? AudioInput(Specs.Model.FineTuneSpec spec, Contracts.Diagnostics.SourceLocation where) =>
        Specs.Formats.DataFormats.Of(spec.Data.Format).Audio && All.FirstOrDefault(f => f.Names.Contains(spec.Base.Model)) is { } family
            ? family.AudioInput(spec.Base, spec.Data.Audio ?? new Specs.Model.AudioSpec(), spec.Base.Location ?? where)
            : null;
}
