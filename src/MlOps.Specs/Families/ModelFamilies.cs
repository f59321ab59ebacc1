namespace MlOps.Specs.Families;

/// <summary>
/// The built-in model families, in documentation order. Adding one is one line here and one in
/// MlOps.Core's ModelFamilyBuilders (docs/extending.md); a test checks that both lists agree.
/// A user's own [FineTuneModel] class needs neither.
/// </summary>
public static class ModelFamilies
{
    public static readonly IReadOnlyList<ModelFamilyDefinition> All =
    [
        new("mlp", ["mlp"]),
        new("cnn-small", ["cnn-small"]),
        new("resnet", ["resnet18", "resnet50"]),
        new("bert", ["bert", "distilbert", "roberta"]),
        new("llama", ["llama", "mistral", "qwen2"]),
        new("gpt2", ["gpt2"]),
        new("audio-cnn", ["audio-cnn"]),
        new("wav2vec2", ["wav2vec2", "hubert"]),
    ];

    /// <summary>Every built-in <c>base.model</c> name, in documentation order.</summary>
    public static IEnumerable<string> Names => All.SelectMany(f => f.Names);
}
