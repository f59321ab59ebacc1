using MlOps.Specs.Yaml;

namespace MlOps.Specs.Binding;

/// <summary>
/// One mapping of the spec: checks its keys (unknown with a suggestion, duplicates) up front,
/// then hands out typed values, reporting wrong types and out-of-range values at the value.
/// Getters return null when the key is absent or its value was reported.
/// </summary>
internal sealed class MappingReader
{
    private readonly SpecContext _ctx;
    private readonly Dictionary<string, (YScalar Key, YNode Value)> _entries = new(StringComparer.Ordinal);

    public MappingReader(SpecContext ctx, YMapping map, string grammarPath, string displayPath)
    {
        _ctx = ctx;
        Node = map;
        Path = displayPath;
        var known = SpecGrammar.Mappings.TryGetValue(grammarPath, out var keys) ? keys : null;
        foreach (var (keyNode, value) in map.Entries)
        {
            if (keyNode is not YScalar key || key.Kind == ScalarKind.Null)
            {
                ctx.Error(SpecErrorCodes.WrongType, $"keys in {Describe(displayPath)} must be plain names, found {keyNode.Describe()}", keyNode);
                continue;
            }
            if (_entries.TryGetValue(key.Value, out var first))
            {
                ctx.Error(SpecErrorCodes.DuplicateKey,
                    $"duplicate key '{Join(key.Value)}' (first written at line {first.Key.Line}); remove one of them", key);
                continue;
            }
            if (known is not null && !known.Contains(key.Value))
            {
                var hint = Suggestions.Closest(key.Value, known) is { } close
                    ? $"did you mean '{close}'?"
                    : $"allowed keys: {string.Join(", ", known)}";
                ctx.Error(SpecErrorCodes.UnknownKey, $"unknown key '{key.Value}' in {Describe(displayPath)}; {hint}", key);
                continue;
            }
            _entries[key.Value] = (key, value);
            Order.Add(key.Value);
        }
    }

    public YMapping Node { get; }
    public string Path { get; }
    /// <summary>Accepted keys in written order (free-form mappings keep the user's order).</summary>
    public List<string> Order { get; } = [];

    public string Join(string key) => Path.Length == 0 ? key : $"{Path}.{key}";

    public bool Has(string key) => _entries.ContainsKey(key);

    public YNode? Value(string key) => _entries.TryGetValue(key, out var e) ? e.Value : null;

    public YScalar? KeyNode(string key) => _entries.TryGetValue(key, out var e) ? e.Key : null;

    public void Missing(string key, string hint) =>
        _ctx.Error(SpecErrorCodes.MissingRequired, $"'{Join(key)}' is required: {hint}", Node);

    public string? Text(string key, bool required = false, string hint = "")
    {
        var node = Value(key);
        if (node is null || (node is YScalar { Kind: ScalarKind.Null } && required))
        {
            if (required)
            {
                Missing(key, hint);
            }
            return null;
        }
        if (node is YScalar s && s.Kind != ScalarKind.Null)
        {
            return s.Value;
        }
        _ctx.WrongType(Join(key), "text", node);
        return null;
    }

    public string? Choice(string key, IReadOnlyList<string> allowed)
    {
        var node = Value(key);
        if (node is null)
        {
            return null;
        }
        if (node is YScalar s && s.Kind != ScalarKind.Null)
        {
            if (allowed.Contains(s.Value))
            {
                return s.Value;
            }
            _ctx.Error(SpecErrorCodes.NotAllowed,
                $"'{Join(key)}' must be one of: {string.Join(", ", allowed)}; found '{s.Value}'{Suggestions.DidYouMean(s.Value, allowed)}", s);
            return null;
        }
        _ctx.WrongType(Join(key), $"one of: {string.Join(", ", allowed)}", node);
        return null;
    }

    public T? Choice<T>(string key, IReadOnlyList<(string Name, T Value)> allowed) where T : struct =>
        Choice(key, allowed.Select(a => a.Name).ToList()) is { } name ? allowed.First(a => a.Name == name).Value : null;

    public bool? Bool(string key)
    {
        var node = Value(key);
        if (node is null)
        {
            return null;
        }
        if (node is YScalar s && ScalarResolver.AsBool(s) is { } b)
        {
            return b;
        }
        _ctx.WrongType(Join(key), "true or false", node);
        return null;
    }

    public double? Number(string key, NumberRange range) => Value(key) is { } node ? ScalarReaders.Number(_ctx, node, Join(key), range) : null;

    public int? Int(string key, NumberRange range) => Value(key) is { } node ? ScalarReaders.Int(_ctx, node, Join(key), range) : null;

    public MappingReader? Mapping(string key, string grammarPath) =>
        Value(key) is { } node ? _ctx.Mapping(node, grammarPath, Join(key)) : null;

    public YSequence? Sequence(string key)
    {
        var node = Value(key);
        if (node is null or YSequence)
        {
            return (YSequence?)node;
        }
        _ctx.WrongType(Join(key), "a list", node);
        return null;
    }

    /// <summary>A list of text values; a single scalar is not silently accepted as a one-item list.</summary>
    public IReadOnlyList<string>? TextList(string key)
    {
        var seq = Sequence(key);
        if (seq is null)
        {
            return null;
        }
        var result = new List<string>();
        for (var i = 0; i < seq.Items.Count; i++)
        {
            if (seq.Items[i] is YScalar s && s.Kind != ScalarKind.Null)
            {
                result.Add(s.Value);
            }
            else
            {
                _ctx.WrongType($"{Join(key)}[{i}]", "text", seq.Items[i]);
            }
        }
        return result;
    }

    /// <summary>A list of enumerated values (<c>[default_branch, pull_request]</c>), each wrong one reported on its own line.</summary>
    public IReadOnlyList<T>? ChoiceList<T>(string key, IReadOnlyList<(string Name, T Value)> allowed) where T : struct
    {
        var seq = Sequence(key);
        if (seq is null)
        {
            return null;
        }
        var names = allowed.Select(a => a.Name).ToList();
        var result = new List<T>();
        for (var i = 0; i < seq.Items.Count; i++)
        {
            if (seq.Items[i] is YScalar s && s.Kind != ScalarKind.Null && names.Contains(s.Value))
            {
                result.Add(allowed.First(a => a.Name == s.Value).Value);
            }
            else if (seq.Items[i] is YScalar { Kind: not ScalarKind.Null } wrong)
            {
                _ctx.Error(SpecErrorCodes.NotAllowed,
                    $"'{Join(key)}[{i}]' must be one of: {string.Join(", ", names)}; found '{wrong.Value}'{Suggestions.DidYouMean(wrong.Value, names)}", wrong);
            }
            else
            {
                _ctx.WrongType($"{Join(key)}[{i}]", $"one of: {string.Join(", ", names)}", seq.Items[i]);
            }
        }
        return result;
    }

    private static string Describe(string path) => path.Length == 0 ? "the spec's top level" : $"'{path}'";
}
