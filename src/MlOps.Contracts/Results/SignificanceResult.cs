namespace MlOps.Contracts.Results;

/// <summary>
/// A paired test of the model against a reference on the same examples, as a gate with
/// <c>significance: α</c> ran it: McNemar's exact test (accuracy) or a seeded paired bootstrap.
/// </summary>
public sealed record SignificanceResult
{
    /// <summary>"mcnemar_exact" or "paired_bootstrap".</summary>
    public required string Test { get; init; }

    /// <summary>The level α the spec gave.</summary>
    public required double Level { get; init; }

    /// <summary>Model minus reference on all examples (sign as the metric reads, not "better").</summary>
    public required double Difference { get; init; }

    /// <summary>McNemar: two-sided exact p-value (binomial test of the discordant pairs, p = 0.5).</summary>
    public double? PValue { get; init; }

    /// <summary>McNemar: examples only the model classified correctly.</summary>
    public int? ModelOnlyCorrect { get; init; }

    /// <summary>McNemar: examples only the reference classified correctly.</summary>
    public int? ReferenceOnlyCorrect { get; init; }

    /// <summary>Bootstrap: the (1 − α) percentile interval of the difference.</summary>
    public double? Lower { get; init; }

    public double? Upper { get; init; }

    /// <summary>Bootstrap: resamples whose difference was defined.</summary>
    public int? Samples { get; init; }

    /// <summary>Whether the model is significantly better than the reference at <see cref="Level"/>.</summary>
    public required bool Significant { get; init; }
}
