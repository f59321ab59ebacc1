using System.Text;

namespace MlOps.Text.Jinja;

/// <summary>Runs parsed statements against variables: output, if, for (one scope per iteration, as Jinja), set, break/continue.</summary>
internal sealed class JinjaRenderer
{
    private enum Flow { Normal, Break, Continue }

    private readonly StringBuilder output = new();
    private readonly JinjaExpressions expressions;

    private JinjaRenderer(Func<DateTime> clock) => expressions = new JinjaExpressions(clock);

    public static string Render(IReadOnlyList<JinjaNode> nodes, IReadOnlyDictionary<string, object?> variables, Func<DateTime> clock)
    {
        var renderer = new JinjaRenderer(clock);
        var root = new JinjaScope(renderer.expressions.Globals());
        foreach (var (name, value) in variables)
        {
            root[name] = value;
        }
        renderer.Block(nodes, root, inLoop: false);
        return renderer.output.ToString();
    }

    private Flow Block(IReadOnlyList<JinjaNode> nodes, JinjaScope scope, bool inLoop)
    {
        foreach (var node in nodes)
        {
            var flow = Statement(node, scope, inLoop);
            if (flow != Flow.Normal)
            {
                return flow;
            }
        }
        return Flow.Normal;
    }

    private Flow Statement(JinjaNode node, JinjaScope scope, bool inLoop)
    {
        switch (node)
        {
            case TextNode text:
                output.Append(text.Text);
                return Flow.Normal;
            case OutputNode print:
                output.Append(JinjaValues.Str(expressions.Eval(print.Value, scope)));
                return Flow.Normal;
            case IfNode branch:
                foreach (var (test, body) in branch.Branches)
                {
                    if (JinjaValues.Truthy(expressions.Eval(test, scope)))
                    {
                        return Block(body, scope, inLoop);
                    }
                }
                return Block(branch.Else, scope, inLoop);
            case ForNode loop:
                For(loop, scope);
                return Flow.Normal;
            case SetNode set:
                Set(set, scope, inLoop);
                return Flow.Normal;
            case LoopControlNode control:
                return inLoop ? (control.Break ? Flow.Break : Flow.Continue)
                    : throw JinjaError.Render($"'{(control.Break ? "break" : "continue")}' outside a loop", node.Line, node.Column);
            default:
                throw JinjaError.Render($"cannot render {node.GetType().Name}", node.Line, node.Column);
        }
    }

    private void For(ForNode loop, JinjaScope scope)
    {
        var source = expressions.Iterate(expressions.Eval(loop.Items, scope), loop.Items);
        var items = new List<object?>();
        foreach (var item in source)
        {
            if (loop.Filter is null || JinjaValues.Truthy(expressions.Eval(loop.Filter, Bind(loop, scope, item, null))))
            {
                items.Add(item);
            }
        }
        if (items.Count == 0)
        {
            Block(loop.Else, scope, inLoop: false);
            return;
        }
        for (var i = 0; i < items.Count; i++)
        {
            if (Block(loop.Body, Bind(loop, scope, items[i], JinjaLoop.For(items, i)), inLoop: true) == Flow.Break)
            {
                break;
            }
        }
    }

    private JinjaScope Bind(ForNode loop, JinjaScope scope, object? item, Dictionary<string, object?>? loopVariable)
    {
        var frame = new JinjaScope(scope);
        Assign(frame, loop.Targets, item, loop);
        if (loopVariable is not null)
        {
            frame["loop"] = loopVariable;
        }
        return frame;
    }

    private void Set(SetNode set, JinjaScope scope, bool inLoop)
    {
        object? value;
        if (set.Body is not null)
        {
            var saved = output.Length;
            Block(set.Body, scope, inLoop);
            value = output.ToString(saved, output.Length - saved);
            output.Length = saved;
        }
        else
        {
            value = expressions.Eval(set.Value!, scope);
        }
        if (set.Attribute is { } attribute)
        {
            if (!scope.TryGet(set.Targets[0], out var target) || target is not JinjaNamespace ns)
            {
                throw JinjaError.Render($"'{set.Targets[0]}' is not a namespace(); only a namespace's attributes can be set", set.Line, set.Column);
            }
            ns[attribute] = value;
            return;
        }
        Assign(scope, set.Targets, value, set);
    }

    private static void Assign(JinjaScope scope, IReadOnlyList<string> targets, object? value, JinjaNode at)
    {
        if (targets.Count == 1)
        {
            scope[targets[0]] = value;
            return;
        }
        if (value is not IList<object?> parts || parts.Count != targets.Count)
        {
            throw JinjaError.Render($"cannot unpack {JinjaValues.TypeName(value)} into {targets.Count} names ({string.Join(", ", targets)})", at.Line, at.Column);
        }
        for (var i = 0; i < targets.Count; i++)
        {
            scope[targets[i]] = parts[i];
        }
    }
}
