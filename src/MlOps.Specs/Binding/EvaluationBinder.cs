using MlOps.Contracts.Metrics;
using MlOps.Specs.Model;
using MlOps.Specs.Yaml;

namespace MlOps.Specs.Binding;

/// <summary>`evaluation:` — metrics, positive label, forgetting data, bootstrap intervals.</summary>
internal static class EvaluationBinder
{
    public static EvaluationSpec Bind(SpecContext ctx, MappingReader top)
    {
        var defaults = new EvaluationSpec();
        if (top.Mapping("evaluation", "evaluation") is not { } r)
        {
            return defaults;
        }
        return new EvaluationSpec
        {
            Metrics = Metrics(ctx, r) ?? defaults.Metrics,
            PositiveLabel = r.Text("positive_label"),
            PositiveLabelLocation = r.Value("positive_label") is { } label ? ctx.Loc(label) : null,
            MetricsLocation = r.Value("metrics") is { } metrics ? ctx.Loc(metrics) : null,
            Forgetting = Forgetting(ctx, r),
            Bootstrap = r.Mapping("bootstrap", "evaluation.bootstrap") is { } b
                ? new BootstrapSpec
                {
                    Samples = b.Int("samples", new NumberRange(100, 100_000)) ?? 1000,
                    Confidence = b.Number("confidence", new NumberRange(0.5, 0.999)) ?? 0.95,
                }
                : null,
            Generation = Generation(ctx, r),
        };
    }

    private static GenerationSpec? Generation(SpecContext ctx, MappingReader evaluation)
    {
        if (evaluation.Mapping("generation", "evaluation.generation") is not { } r)
        {
            return null;
        }
        var defaults = new GenerationSpec();
        var sampling = r.Mapping("sampling", "evaluation.generation.sampling") is { } s
            ? new GenerationSamplingSpec
            {
                Seed = s.Int("seed", new NumberRange(0, int.MaxValue)),
                Temperature = s.Number("temperature", new NumberRange(0, 100, MinExclusive: true)) ?? 1.0,
                TopK = s.Int("top_k", new NumberRange(0, 1_000_000)) ?? 0,
                TopP = s.Number("top_p", new NumberRange(0, 1, MinExclusive: true)) ?? 1.0,
            }
            : null;
        return new GenerationSpec
        {
            MaxNewTokens = r.Int("max_new_tokens", new NumberRange(1, 4096)) ?? defaults.MaxNewTokens,
            Sampling = sampling,
            Examples = r.Int("examples", new NumberRange(0, 100)) ?? defaults.Examples,
            Location = ctx.Loc(r.Node),
        };
    }

    /// <summary>A known metric name, or null after an error with a suggestion; ObjectiveChecks then checks its family.</summary>
    public static string? CheckMetric(SpecContext ctx, string path, YNode node)
    {
        if (node is not YScalar s || s.Kind == ScalarKind.Null)
        {
            ctx.WrongType(path, "a metric name", node);
            return null;
        }
        if (MetricNames.Known.Contains(s.Value))
        {
            return s.Value;
        }
        ctx.Error(SpecErrorCodes.UnknownMetric,
            $"'{path}': the evaluation does not compute a metric named '{s.Value}'{Suggestions.DidYouMean(s.Value, MetricNames.Classification)} (known: {string.Join(", ", MetricNames.Classification)})",
            node);
        return null;
    }

    private static List<string>? Metrics(SpecContext ctx, MappingReader r)
    {
        if (r.Sequence("metrics") is not { } seq)
        {
            return null;
        }
        var metrics = new List<string>();
        for (var i = 0; i < seq.Items.Count; i++)
        {
            if (CheckMetric(ctx, $"{r.Join("metrics")}[{i}]", seq.Items[i]) is { } m && !metrics.Contains(m))
            {
                metrics.Add(m);
            }
        }
        return metrics;
    }

    private static ForgettingSpec? Forgetting(SpecContext ctx, MappingReader evaluation)
    {
        if (evaluation.Mapping("forgetting", "evaluation.forgetting") is not { } r)
        {
            return null;
        }
        if (r.Has("text"))
        {
            return TextForgetting(ctx, r);
        }
        // A file, or a folder of class subfolders (format: imagefolder).
        var folder = r.Value("data") is { } dataNode ? ctx.Paths.Resolve(ctx, dataNode, r.Join("data"), mustExist: false) : "";
        var data = folder is null ? null // already reported (outside the repository, malformed)
            : Directory.Exists(folder) ? folder
            : ctx.InputPath(r, "data", required: true, hint: "the original task's evaluation data, relative to the spec");
        var labels = ctx.InputPath(r, "labels");
        var metric = r.Value("metric") is { } m ? CheckMetric(ctx, r.Join("metric"), m) : null;
        return data is null ? null : new ForgettingSpec
        {
            Data = data,
            Labels = labels,
            Metric = metric ?? "accuracy",
            Location = ctx.Loc(r.Node),
        };
    }

    /// <summary>`forgetting: { text: general.txt }`: a language model's perplexity on general plain text, base vs fine-tuned.</summary>
    private static ForgettingSpec? TextForgetting(SpecContext ctx, MappingReader r)
    {
        foreach (var key in new[] { "data", "labels" }.Where(r.Has))
        {
            ctx.Error(SpecErrorCodes.ForgettingTextAndData,
                $"'{r.Join(key)}': evaluation.forgetting names either `text:` (plain text, scored by a language model's perplexity) or `data:` (a classifier's original task), not both: remove one",
                r.KeyNode(key)!);
        }
        var text = ctx.InputPath(r, "text", required: true, hint: "a UTF-8 plain-text file of general text, relative to the spec");
        var metric = r.Value("metric") is { } m ? CheckMetric(ctx, r.Join("metric"), m) : null;
        return text is null ? null : new ForgettingSpec
        {
            Data = text,
            PlainText = true,
            Metric = metric ?? MetricNames.Perplexity,
            Location = ctx.Loc(r.Node),
        };
    }
}
