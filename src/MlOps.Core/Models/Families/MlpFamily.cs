namespace MlOps.Core.Models.Families;

/// <summary><c>mlp</c>: tabular rows.</summary>
internal sealed class MlpFamily : ModelFamilyBuilder
{
    public override string Key => "mlp";

    public override IReadOnlyList<string> Names { get; } = ["mlp"];

    public override FineTuneModule Create(string name, ModelShape shape) => new MlpModel(shape);
}
