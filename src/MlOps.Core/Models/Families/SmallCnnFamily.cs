namespace MlOps.Core.Models.Families;

/// <summary><c>cnn-small</c>: small images.</summary>
internal sealed class SmallCnnFamily : ModelFamilyBuilder
{
    public override string Key => "cnn-small";

    public override IReadOnlyList<string> Names { get; } = ["cnn-small"];

    public override FineTuneModule Create(string name, ModelShape shape) => new SmallCnnModel(shape);
}
