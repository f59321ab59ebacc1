namespace MlOps.Text.Jinja;

/// <summary>A parsed Jinja template (the subset chat templates use), rendered with transformers' environment settings.</summary>
internal sealed class JinjaTemplate
{
    private readonly IReadOnlyList<JinjaNode> nodes;

    private JinjaTemplate(IReadOnlyList<JinjaNode> nodes) => this.nodes = nodes;

    /// <summary>Throws <see cref="JinjaError"/> (syntax) at the template's line and column.</summary>
    public static JinjaTemplate Parse(string text) => new(JinjaParser.Parse(text));

    /// <summary>Throws <see cref="JinjaError"/> (render, or the template's raise_exception) at the template's line and column.</summary>
    public string Render(IReadOnlyDictionary<string, object?> variables, Func<DateTime>? clock = null) =>
        JinjaRenderer.Render(nodes, variables, clock ?? (() => DateTime.Now));
}
