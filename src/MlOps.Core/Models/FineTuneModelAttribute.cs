namespace MlOps.Core.Models;

/// <summary>
/// Marks a <see cref="FineTuneModule"/> subclass in a user's project so that a spec can pick it
/// by name (<c>base.model: my-net</c>). The class needs a public constructor taking a
/// <see cref="ModelShape"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class FineTuneModelAttribute(string name) : Attribute
{
    public string Name { get; } = name;
}
