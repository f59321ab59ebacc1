using MlOps.Contracts.Diagnostics;
using MlOps.Specs.Model;
using MlOps.Specs.Yaml;

namespace MlOps.Specs.Binding;

/// <summary>What every binder needs: where diagnostics go, the file name to print, and how to resolve paths.</summary>
internal sealed class SpecContext(string file, List<Diagnostic> diagnostics, SpecPathResolver paths)
{
    public string File { get; } = file;
    public List<Diagnostic> Diagnostics { get; } = diagnostics;
    public SpecPathResolver Paths { get; } = paths;

    public SourceLocation Loc(YNode node) => new(File, node.Line, node.Column);

    public void Error(string code, string message, YNode node) => Diagnostics.Add(Diagnostic.Error(code, message, Loc(node)));

    public void Warning(string code, string message, YNode node) => Diagnostics.Add(Diagnostic.Warning(code, message, Loc(node)));

    public void WrongType(string path, string expected, YNode found) =>
        Error(SpecErrorCodes.WrongType, $"'{path}' must be {expected}, found {found.Describe()}", found);

    /// <summary>An input file path under <paramref name="key"/>: resolved, kept in the repository, checked to exist.</summary>
    public string? InputPath(MappingReader reader, string key, bool required = false, string hint = "")
    {
        if (reader.Value(key) is not { } node)
        {
            if (required)
            {
                reader.Missing(key, hint);
            }
            return null;
        }
        return Paths.Resolve(this, node, reader.Join(key));
    }

    /// <summary>Reads a mapping node (or reports that it is not one) with the grammar's keys for <paramref name="grammarPath"/>.</summary>
    public MappingReader? Mapping(YNode node, string grammarPath, string displayPath)
    {
        if (node is YMapping map)
        {
            return new MappingReader(this, map, grammarPath, displayPath);
        }
        WrongType(displayPath.Length == 0 ? "the spec" : displayPath, "a mapping (key: value lines)", node);
        return null;
    }
}
