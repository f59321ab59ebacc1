// One source, two assemblies (as SecretText): public here for spec validation, compiled again,
// internal, into the standalone MlOps.Mlflow client (MLOPS_MLFLOW_CLIENT) that routes registration.
#if MLOPS_MLFLOW_CLIENT
namespace MlOps.Mlflow.Hosted;
#else
namespace MlOps.Contracts.Naming;
#endif

/// <summary>
/// A Unity Catalog model name, <c>catalog.schema.model</c>: any registered-model name with a period is taken
/// as one on Databricks (MLflow's client sends names with fewer parts to Unity Catalog only inside a
/// Databricks notebook, where the session's catalog and schema complete them). Each part follows Unity
/// Catalog's naming rules (docs.databricks.com, "Names"): at most 255 characters, no period, space,
/// forward slash, ASCII control character or DEL; Unity Catalog stores names in lower case.
/// </summary>
#if MLOPS_MLFLOW_CLIENT
internal
#else
public
#endif
static class UnityCatalogName
{
    /// <summary>Unity Catalog's limit for each part.</summary>
    public const int MaxPartLength = 255;

    /// <summary>True when <paramref name="name"/> has a period, i.e. is meant as a Unity Catalog name.</summary>
    /// <param name="name">A registered-model name.</param>
    public static bool IsUnityCatalogName(string? name) => name is not null && name.IndexOf('.') >= 0;

    /// <summary>What is wrong with <paramref name="name"/> as <c>catalog.schema.model</c>, or null when it is a valid one.</summary>
    /// <param name="name">A registered-model name with a period.</param>
    public static string? Problem(string name)
    {
        var parts = name.Split('.');
        if (parts.Length != 3)
        {
            return $"a Unity Catalog model name has three parts, catalog.schema.model; '{name}' has {parts.Length}";
        }
        string[] roles = ["catalog", "schema", "model"];
        for (var i = 0; i < 3; i++)
        {
            var part = parts[i];
            if (part.Length == 0)
            {
                return $"the {roles[i]} part is empty";
            }
            if (part.Length > MaxPartLength)
            {
                return $"the {roles[i]} part has {part.Length} characters, more than Unity Catalog's {MaxPartLength}";
            }
            foreach (var c in part)
            {
                if (c is ' ' or '/' || c < 0x20 || c == 0x7F)
                {
                    var what = c == ' ' ? "a space" : c == '/' ? "a forward slash" : $"the control character U+{(int)c:X4}";
                    return $"the {roles[i]} part '{Printable(part)}' holds {what}, which Unity Catalog names may not";
                }
            }
        }
        return null;
    }

    private static string Printable(string part)
    {
        var chars = part.Select(c => c < 0x20 || c == 0x7F ? '?' : c).ToArray();
        return new string(chars);
    }
}
