using System.Text.RegularExpressions;
using MlOps.Contracts.Diagnostics;
using MlOps.Specs.Model;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace MlOps.Specs.Yaml;

/// <summary>
/// Builds a <see cref="YNode"/> tree from YamlDotNet's parser events, keeping every node's position
/// and guarding against hostile input: one document only, bounded nesting, and aliases that may
/// expand to at most <see cref="MaxAliasNodes"/> nodes in total (billion laughs).
/// </summary>
internal static partial class YamlTreeBuilder
{
    public const int MaxDepth = 64;
    public const int MaxAliasNodes = 100;

    private sealed class Frame(YNode node)
    {
        public YNode Node { get; } = node;
        public YNode? PendingKey { get; set; }
        public string? Anchor { get; init; }
        public int Size { get; set; } = 1;
    }

    /// <summary>The document's root node, or null with diagnostics (also null root for an empty stream, reported).</summary>
    public static YNode? Build(string text, string file, List<Diagnostic> diagnostics)
    {
        var parser = new Parser(new StringReader(text));
        var stack = new Stack<Frame>();
        var anchors = new Dictionary<string, (YNode Node, int Size)>(StringComparer.Ordinal);
        var aliasNodes = 0;
        var documents = 0;
        YNode? root = null;
        var lastEnd = Mark.Empty;
        try
        {
            while (parser.MoveNext())
            {
                var e = parser.Current!;
                lastEnd = e.End;
                switch (e)
                {
                    case DocumentStart when ++documents > 1:
                        diagnostics.Add(Error(file, e.Start, SpecErrorCodes.MultipleDocuments,
                            "the file holds more than one YAML document; a spec is one document — remove the second '---' or split the file"));
                        return null;
                    case Scalar s:
                        Complete(stack, new YScalar(Line(s.Start), Col(s.Start), s.Value, s.Style == ScalarStyle.Plain && !IsStrTag(s.Tag)), 1, AnchorOf(s.Anchor), anchors, ref root);
                        break;
                    case AnchorAlias a:
                        if (!anchors.TryGetValue(a.Value.Value, out var target))
                        {
                            diagnostics.Add(Error(file, a.Start, SpecErrorCodes.YamlSyntax, $"alias '*{a.Value.Value}' refers to no anchor defined before it"));
                            return null;
                        }
                        aliasNodes += target.Size;
                        if (aliasNodes > MaxAliasNodes)
                        {
                            diagnostics.Add(Error(file, a.Start, SpecErrorCodes.AliasExpansionLimit,
                                $"YAML aliases expand to more than {MaxAliasNodes} nodes; write the values out instead of nesting anchors"));
                            return null;
                        }
                        Complete(stack, target.Node, target.Size, null, anchors, ref root);
                        break;
                    case MappingStart or SequenceStart:
                        if (stack.Count >= MaxDepth)
                        {
                            diagnostics.Add(Error(file, e.Start, SpecErrorCodes.NestingTooDeep,
                                $"mappings and lists are nested more than {MaxDepth} levels deep; a spec needs only a few"));
                            return null;
                        }
                        var node = e is MappingStart ? (YNode)new YMapping(Line(e.Start), Col(e.Start)) : new YSequence(Line(e.Start), Col(e.Start));
                        var anchor = e is MappingStart ms ? ms.Anchor : ((SequenceStart)e).Anchor;
                        stack.Push(new Frame(node) { Anchor = AnchorOf(anchor) });
                        break;
                    case MappingEnd or SequenceEnd:
                        var done = stack.Pop();
                        Complete(stack, done.Node, done.Size, done.Anchor, anchors, ref root);
                        break;
                    default:
                        break;
                }
            }
        }
        catch (YamlException ex)
        {
            diagnostics.Add(Error(file, ex.Start, SpecErrorCodes.YamlSyntax, $"YAML syntax error: {CleanMessage(ex.Message)}"));
            return null;
        }
        catch (InvalidOperationException ex)
        {
            // YamlDotNet 18 throws this instead of a YamlException for some malformed flow collections.
            var open = stack.Count > 0 ? $" (the innermost open {stack.Peek().Node.Describe()[2..]} starts at line {stack.Peek().Node.Line}, column {stack.Peek().Node.Column})" : "";
            diagnostics.Add(Error(file, lastEnd, SpecErrorCodes.YamlSyntax,
                $"YAML syntax error after this point: the parser could not continue ({ex.Message}){open}; check for an unclosed '{{', '[' or quote"));
            return null;
        }
        if (documents == 0)
        {
            diagnostics.Add(Diagnostic.Error(SpecErrorCodes.EmptySpec, "spec file holds no YAML document (only comments or blank lines); it needs at least `name`, `base` and `data`",
                new SourceLocation(file, 1, 1)));
        }
        return root;
    }

    private static void Complete(Stack<Frame> stack, YNode node, int size, string? anchor,
        Dictionary<string, (YNode Node, int Size)> anchors, ref YNode? root)
    {
        if (anchor is not null)
        {
            anchors[anchor] = (node, size);
        }
        if (stack.Count == 0)
        {
            root = node;
            return;
        }
        var parent = stack.Peek();
        parent.Size += size;
        switch (parent.Node)
        {
            case YSequence seq:
                seq.Items.Add(node);
                break;
            case YMapping map when parent.PendingKey is null:
                parent.PendingKey = node;
                break;
            case YMapping map:
                map.Entries.Add(new(parent.PendingKey, node));
                parent.PendingKey = null;
                break;
            default:
                break;
        }
    }

    /// <summary><c>!!str 10</c> is the text "10", as YAML says: an explicit str tag overrides plain-scalar resolution.</summary>
    private static bool IsStrTag(TagName tag) => !tag.IsEmpty && tag.Value == "tag:yaml.org,2002:str";

    private static string? AnchorOf(AnchorName anchor) => anchor.IsEmpty ? null : anchor.Value;

    private static int Line(Mark m) => Math.Max(1, (int)m.Line);

    private static int Col(Mark m) => Math.Max(1, (int)m.Column);

    private static Diagnostic Error(string file, Mark mark, string code, string message) =>
        Diagnostic.Error(code, message, new SourceLocation(file, Line(mark), Col(mark)));

    /// <summary>YamlDotNet prefixes messages with "(Line: 3, Col: 1, Idx: 20) - (...): "; the location is already ours.</summary>
    private static string CleanMessage(string message) => PositionPrefix().Replace(message, "").Trim();

    [GeneratedRegex(@"^\(Line: \d+, Col: \d+, Idx: \d+\) - \(Line: \d+, Col: \d+, Idx: \d+\):\s*")]
    private static partial Regex PositionPrefix();
}
