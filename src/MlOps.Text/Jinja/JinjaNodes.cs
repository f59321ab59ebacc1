namespace MlOps.Text.Jinja;

/// <summary>A template statement; Line/Column point into the template for error messages.</summary>
internal abstract record JinjaNode(int Line, int Column);

internal sealed record TextNode(string Text, int Line, int Column) : JinjaNode(Line, Column);

internal sealed record OutputNode(JinjaExpr Value, int Line, int Column) : JinjaNode(Line, Column);

internal sealed record IfNode(IReadOnlyList<(JinjaExpr Test, IReadOnlyList<JinjaNode> Body)> Branches, IReadOnlyList<JinjaNode> Else, int Line, int Column) : JinjaNode(Line, Column);

internal sealed record ForNode(IReadOnlyList<string> Targets, JinjaExpr Items, JinjaExpr? Filter, IReadOnlyList<JinjaNode> Body, IReadOnlyList<JinjaNode> Else, int Line, int Column) : JinjaNode(Line, Column);

/// <summary>{% set name = value %}, {% set a, b = value %}, {% set ns.attr = value %} (Namespace set), or {% set name %}…{% endset %} (Body).</summary>
internal sealed record SetNode(IReadOnlyList<string> Targets, string? Attribute, JinjaExpr? Value, IReadOnlyList<JinjaNode>? Body, int Line, int Column) : JinjaNode(Line, Column);

internal sealed record LoopControlNode(bool Break, int Line, int Column) : JinjaNode(Line, Column);

/// <summary>An expression; evaluated by <see cref="JinjaRenderer"/>.</summary>
internal abstract record JinjaExpr(int Line, int Column);

internal sealed record LiteralExpr(object? Value, int Line, int Column) : JinjaExpr(Line, Column);

internal sealed record NameExpr(string Name, int Line, int Column) : JinjaExpr(Line, Column);

internal sealed record ListExpr(IReadOnlyList<JinjaExpr> Items, int Line, int Column) : JinjaExpr(Line, Column);

internal sealed record DictExpr(IReadOnlyList<(JinjaExpr Key, JinjaExpr Value)> Items, int Line, int Column) : JinjaExpr(Line, Column);

internal sealed record AttributeExpr(JinjaExpr Target, string Name, int Line, int Column) : JinjaExpr(Line, Column);

internal sealed record ItemExpr(JinjaExpr Target, JinjaExpr Index, int Line, int Column) : JinjaExpr(Line, Column);

internal sealed record SliceExpr(JinjaExpr Target, JinjaExpr? Start, JinjaExpr? Stop, JinjaExpr? Step, int Line, int Column) : JinjaExpr(Line, Column);

internal sealed record CallArguments(IReadOnlyList<JinjaExpr> Positional, IReadOnlyList<(string Name, JinjaExpr Value)> Named)
{
    public static readonly CallArguments None = new([], []);
}

internal sealed record CallExpr(JinjaExpr Callee, CallArguments Arguments, int Line, int Column) : JinjaExpr(Line, Column);

internal sealed record FilterExpr(JinjaExpr Value, string Name, CallArguments Arguments, int Line, int Column) : JinjaExpr(Line, Column);

internal sealed record TestExpr(JinjaExpr Value, string Name, CallArguments Arguments, bool Negated, int Line, int Column) : JinjaExpr(Line, Column);

/// <summary>Arithmetic and concatenation: + - * / // % ** ~, and the short-circuit "and"/"or".</summary>
internal sealed record BinaryExpr(string Operator, JinjaExpr Left, JinjaExpr Right, int Line, int Column) : JinjaExpr(Line, Column);

/// <summary>"not", unary "-" and "+".</summary>
internal sealed record UnaryExpr(string Operator, JinjaExpr Operand, int Line, int Column) : JinjaExpr(Line, Column);

/// <summary>a == b, a &lt; b &lt; c, x in y, x not in y (Python's chained comparisons).</summary>
internal sealed record CompareExpr(JinjaExpr First, IReadOnlyList<(string Operator, JinjaExpr Operand)> Rest, int Line, int Column) : JinjaExpr(Line, Column);

internal sealed record ConditionalExpr(JinjaExpr Test, JinjaExpr Then, JinjaExpr? Else, int Line, int Column) : JinjaExpr(Line, Column);
