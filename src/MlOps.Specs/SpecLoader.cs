using MlOps.Contracts.Diagnostics;
using MlOps.Specs.Binding;
using MlOps.Specs.Checks;
using MlOps.Specs.Model;
using MlOps.Specs.Yaml;

namespace MlOps.Specs;

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
    /// <param name="path">The spec file; diagnostics name it exactly as given here.</param>
    public static SpecLoadResult Load(string path, SpecLoadOptions? options = null)
    {
        options ??= new SpecLoadOptions();
        var diagnostics = new List<Diagnostic>();
        var root = SpecText.Read(path, path, diagnostics) is { } text ? YamlTreeBuilder.Build(text, path, diagnostics) : null;
        if (root is YScalar { Kind: ScalarKind.Null })
        {
            diagnostics.Add(Diagnostic.Error(SpecErrorCodes.EmptySpec,
                "spec document is empty; it needs at least `name`, `base` and `data`", new SourceLocation(path, root.Line, root.Column)));
            root = null;
        }
        if (root is null)
        {
            return new SpecLoadResult(null, diagnostics);
        }
        var fullPath = Path.GetFullPath(path);
        var specDirectory = Path.GetDirectoryName(fullPath)!;
        var repositoryRoot = options.RepositoryRoot is { } given
            ? Path.GetFullPath(given)
            : FindRepositoryRoot(specDirectory);
        var ctx = new SpecContext(path, diagnostics, new SpecPathResolver(specDirectory, repositoryRoot, options.AllowOutsideRepository));
        var spec = SpecBinder.Bind(ctx, root, fullPath);
        if (spec is not null)
        {
            ObjectiveChecks.Check(ctx, spec, root);
        }
        if (spec is not null && !diagnostics.Any(d => d.IsError))
        {
            SpecWarnings.Check(ctx, spec, root);
            diagnostics.AddRange(PositiveLabelCheck.CheckBeforeTraining(spec));
        }
        var ordered = diagnostics.OrderBy(d => d.Location.Line).ThenBy(d => d.Location.Column).ToList();
        return new SpecLoadResult(ordered.Any(d => d.IsError) ? null : spec, ordered);
    }

    /// <summary>
    /// The nearest folder at or above <paramref name="start"/> that holds .git (a folder, or a file
    /// in a worktree), else <paramref name="start"/> itself: what a spec's paths may not leave, and
    /// where tracking keeps ./mlruns and the outbox.
    /// </summary>
    public static string FindRepositoryRoot(string start)
    {
        for (var dir = new DirectoryInfo(Path.GetFullPath(start)); dir is not null; dir = dir.Parent)
        {
            var git = Path.Combine(dir.FullName, ".git");
            if (Directory.Exists(git) || File.Exists(git))
            {
                return dir.FullName;
            }
        }
        return Path.GetFullPath(start);
    }
}
