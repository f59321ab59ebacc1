using System.Globalization;

namespace MlOps.Specs.Binding;

/// <summary>An allowed interval for a number, with the wording used in range errors.</summary>
internal sealed record NumberRange(double Min, double Max, bool MinExclusive = false, bool MaxExclusive = false)
{
    public static readonly NumberRange Any = new(double.NegativeInfinity, double.PositiveInfinity);
    public static readonly NumberRange Positive = new(0, double.PositiveInfinity, MinExclusive: true);
    public static readonly NumberRange NonNegative = new(0, double.PositiveInfinity);
    public static readonly NumberRange Fraction = new(0, 1);

    // Training hyperparameters reach libtorch as 32-bit floats and the budget a TimeSpan: bounded where
    // no fine-tune goes, so `lr: 1e300` is an error at its line, not an overflow after the data loaded.
    public static readonly NumberRange LearningRate = new(0, 10, MinExclusive: true);
    public static readonly NumberRange WeightDecay = new(0, 10);
    public static readonly NumberRange GradClip = new(0, 1e6, MinExclusive: true);
    public static readonly NumberRange MinDelta = new(0, 1e6);
    public static readonly NumberRange AdapterAlpha = new(0, 1e6, MinExclusive: true);
    public static readonly NumberRange BudgetMinutes = new(0, 525_600, MinExclusive: true);

    public static NumberRange AtLeast(double min) => new(min, double.PositiveInfinity);

    public bool Contains(double x) =>
        !double.IsNaN(x)
        && (MinExclusive ? x > Min : x >= Min)
        && (MaxExclusive ? x < Max : x <= Max);

    public string Describe()
    {
        var low = double.IsNegativeInfinity(Min) ? null : $"{(MinExclusive ? ">" : ">=")} {Format(Min)}";
        var high = double.IsPositiveInfinity(Max) ? null : $"{(MaxExclusive ? "<" : "<=")} {Format(Max)}";
        return (low, high) switch
        {
            (null, null) => "a finite number",
            (not null, null) => low,
            (null, not null) => high,
            _ => $"{low} and {high}",
        };
    }

    private static string Format(double x) => x.ToString("R", CultureInfo.InvariantCulture);
}
