using MlOps.Contracts.Diagnostics;
using MlOps.Specs.Binding;
using MlOps.Specs.Model;

namespace MlOps.Core.Fairness;

/// <summary>
/// The class a bias entry counts as the favourable outcome: bias[].favourable_label, else the
/// positive label. On HMDA the positive class is "deny", so without it disparate impact compares
/// denial rates and 3.8× as many denials reads as a ratio above 1.
/// </summary>
internal static class FavourableLabel
{
    public static int Resolve(IReadOnlyList<string> classes, BiasSpec spec, int positive)
    {
        if (spec.FavourableLabel is not { } name)
        {
            return positive;
        }
        for (var i = 0; i < classes.Count; i++)
        {
            if (string.Equals(classes[i], name, StringComparison.Ordinal))
            {
                return i;
            }
        }
        throw new MlOpsException(Unknown(classes, spec));
    }

    public static Diagnostic Unknown(IReadOnlyList<string> classes, BiasSpec spec) => Diagnostic.Error(
        FairnessErrorCodes.UnknownFavourableLabel,
        $"favourable_label '{spec.FavourableLabel}' of the bias check on '{spec.Attribute}' is not a class{Suggestions.DidYouMean(spec.FavourableLabel ?? "", classes)} (classes: {string.Join(", ", classes.Take(20))})",
        spec.Location);
}
