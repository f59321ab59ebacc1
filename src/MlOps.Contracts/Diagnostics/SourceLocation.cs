namespace MlOps.Contracts.Diagnostics;

/// <summary>Where a value was written: the spec file and its 1-based line and column.</summary>
public sealed record SourceLocation(string File, int Line, int Column)
{
    public static SourceLocation None(string file) => new(file, 0, 0);

    public override string ToString() => Line > 0 ? $"{File}({Line},{Column})" : File;
}
