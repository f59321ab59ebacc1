namespace MlOps.Text.Jinja;

/// <summary>A parsed Jinja template (the subset chat templates use), rendered with transformers' environment settings.</summary>
internal sealed class JinjaTemplate
{
    private JinjaTemplate(string source) => Source = source;

    public string Source { get; }

    public static JinjaTemplate Parse(string text, string source) => new(source);

    public string Render(IReadOnlyDictionary<string, object?> variables) =>
        throw new NotSupportedException($"chat template rendering of '{Source}' ({variables.Count} variables) lands in the next commit");
}
