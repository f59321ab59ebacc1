namespace MlOps.Contracts.Export;

/// <summary>The codes of ONNX export and its parity check (models 350–359, evaluation 550–554).</summary>
public static class ExportErrorCodes
{
    /// <summary>The model's family (or a user's own model class) has no ONNX exporter yet; nothing is written.</summary>
    public const string FamilyNotExportable = "MLOPS350";
    /// <summary>The module tree does not have the layers or weights the family's exporter expects (an unsupported activation, a missing tensor).</summary>
    public const string ModuleNotExportable = "MLOPS351";
    /// <summary>ONNX Runtime could not be loaded on this machine, or refused to load or run the exported graph.</summary>
    public const string RuntimeFailed = "MLOPS550";
    /// <summary><c>onnx/model.json</c> is missing, malformed or of a format version this reader does not know.</summary>
    public const string ManifestUnreadable = "MLOPS551";
}
