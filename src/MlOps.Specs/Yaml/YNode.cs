namespace MlOps.Specs.Yaml;

/// <summary>
/// A YAML node with the 1-based line and column where it starts. The spec binder works on these
/// instead of a reflection deserializer so every diagnostic can point at the value it is about.
/// </summary>
internal abstract class YNode(int line, int column)
{
    public int Line { get; } = line;
    public int Column { get; } = column;

    /// <summary>How a user would name this kind of value in an error message.</summary>
    public abstract string Describe();
}

internal sealed class YScalar(int line, int column, string value, bool plain) : YNode(line, column)
{
    public string Value { get; } = value;
    /// <summary>Unquoted: subject to null/bool/number resolution. Quoted scalars are always text.</summary>
    public bool Plain { get; } = plain;

    public ScalarKind Kind => ScalarResolver.Resolve(this);

    public override string Describe() => Kind switch
    {
        ScalarKind.Null => "nothing (null)",
        ScalarKind.Bool => $"boolean {Value}",
        ScalarKind.Int or ScalarKind.Float => $"number {Value}",
        _ => $"text '{Value}'",
    };
}

internal sealed class YSequence(int line, int column) : YNode(line, column)
{
    public List<YNode> Items { get; } = [];

    public override string Describe() => "a list";
}

internal sealed class YMapping(int line, int column) : YNode(line, column)
{
    /// <summary>Entries in written order; duplicate keys are kept so they can be reported.</summary>
    public List<KeyValuePair<YNode, YNode>> Entries { get; } = [];

    public override string Describe() => "a mapping";
}
