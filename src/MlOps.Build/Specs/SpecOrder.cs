namespace MlOps.Build.Specs;

/// <summary>One spec as the build sees it: its name, its output folder and its base checkpoint.</summary>
internal sealed record PlannedSpec(string Name, string SpecPath, string OutputDirectory, string? Checkpoint);

/// <summary>
/// Orders specs so a spec whose base checkpoint lies in another spec's output folder runs after
/// that spec. Otherwise keeps the declared order (stable).
/// </summary>
internal static class SpecOrder
{
    /// <returns>The ordered specs, or null with the specs of a cycle in <paramref name="cycle"/>.</returns>
    public static IReadOnlyList<PlannedSpec>? Sort(IReadOnlyList<PlannedSpec> specs, out IReadOnlyList<PlannedSpec> cycle)
    {
        var ordered = new List<PlannedSpec>();
        var state = new Dictionary<PlannedSpec, bool>(); // false: visiting, true: done
        var stack = new List<PlannedSpec>();
        cycle = [];
        foreach (var spec in specs)
        {
            if (!Visit(spec, specs, state, stack, ordered))
            {
                cycle = stack.ToList();
                return null;
            }
        }
        return ordered;
    }

    /// <summary>The specs whose output folder holds <paramref name="spec"/>'s checkpoint.</summary>
    public static IEnumerable<PlannedSpec> DependenciesOf(PlannedSpec spec, IEnumerable<PlannedSpec> all) =>
        spec.Checkpoint is null ? [] : all.Where(other => !ReferenceEquals(other, spec) && IsUnder(spec.Checkpoint, other.OutputDirectory));

    private static bool Visit(PlannedSpec spec, IReadOnlyList<PlannedSpec> all, Dictionary<PlannedSpec, bool> state, List<PlannedSpec> stack, List<PlannedSpec> ordered)
    {
        if (state.TryGetValue(spec, out var done))
        {
            return done;
        }
        state[spec] = false;
        stack.Add(spec);
        foreach (var dependency in DependenciesOf(spec, all))
        {
            if (!Visit(dependency, all, state, stack, ordered))
            {
                return false;
            }
        }
        stack.RemoveAt(stack.Count - 1);
        state[spec] = true;
        ordered.Add(spec);
        return true;
    }

    private static bool IsUnder(string file, string folder)
    {
        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder)) + Path.DirectorySeparatorChar;
        var comparison = OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        return Path.GetFullPath(file).StartsWith(root, comparison);
    }
}
