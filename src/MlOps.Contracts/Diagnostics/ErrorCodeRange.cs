using System.Globalization;

namespace MlOps.Contracts.Diagnostics;

/// <summary>
/// Which stage an <c>MLOPS###</c> code belongs to, by its number: one table, the same as the
/// headings of docs/error-codes.md (a test keeps them equal).
/// </summary>
public sealed record ErrorCodeRange(string Stage, int First, int Last)
{
    public static readonly ErrorCodeRange Spec = new("Spec", 1, 199);
    public static readonly ErrorCodeRange Data = new("Data", 200, 299);
    public static readonly ErrorCodeRange Models = new("Models and checkpoints", 300, 399);
    public static readonly ErrorCodeRange Training = new("Training", 400, 499);
    public static readonly ErrorCodeRange Evaluation = new("Evaluation and gates", 500, 599);
    public static readonly ErrorCodeRange Fairness = new("Fairness", 600, 699);
    public static readonly ErrorCodeRange Tracking = new("Tracking", 700, 799);
    public static readonly ErrorCodeRange Build = new("Build", 800, 899);
    public static readonly ErrorCodeRange Environment = new("Environment", 900, 999);

    public static IReadOnlyList<ErrorCodeRange> All { get; } = [Spec, Data, Models, Training, Evaluation, Fairness, Tracking, Build, Environment];

    /// <summary>True for <c>MLOPS</c> plus three digits with a number in this range; false for anything else (null included).</summary>
    public bool Contains(string? code) =>
        code is { Length: 8 } && code.StartsWith("MLOPS", StringComparison.Ordinal)
        && int.TryParse(code.AsSpan(5), NumberStyles.None, CultureInfo.InvariantCulture, out var number)
        && number >= First && number <= Last;
}
