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
}
