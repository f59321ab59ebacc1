namespace MlOps.Specs.Families;

/// <summary>
/// The spec-language half of a built-in model family: the <c>base.model</c> names it answers to.
/// Its run half (MlOps.Core.Models.Families.ModelFamilyBuilder: building, and settling
/// <c>auto</c> from a checkpoint) is registered under the same <see cref="Key"/>.
/// </summary>
public sealed record ModelFamilyDefinition(string Key, IReadOnlyList<string> Names);
