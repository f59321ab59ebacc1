using MlOps.Core.Diagnostics;
using MlOps.Core.Specs.Model;

namespace MlOps.Core.Specs;

public sealed record SpecLoadOptions
{
    /// <summary>Paths may not leave this folder. Null: the nearest folder above the spec holding .git, else the spec's folder.</summary>
    public string? RepositoryRoot { get; init; }
    /// <summary>Allow input paths outside the repository root (explicit opt-in).</summary>
    public bool AllowOutsideRepository { get; init; }
}

public sealed record SpecLoadResult(FineTuneSpec? Spec, IReadOnlyList<Diagnostic> Diagnostics)
{
    public bool HasErrors => Spec is null || Diagnostics.Any(d => d.IsError);
}

/// <summary>Reads a spec file, validates all of it and reports every problem with its place.</summary>
public static class SpecLoader
{
    public static SpecLoadResult Load(string path, SpecLoadOptions? options = null) =>
        throw new NotImplementedException("the spec loader is being written");
}
