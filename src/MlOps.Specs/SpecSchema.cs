namespace MlOps.Specs;

/// <summary>The JSON Schema (draft 2020-12) of spec v1, as published in schema/ at the repository root.</summary>
public static class SpecSchema
{
    public const string FileName = "mlops-spec.v1.schema.json";

    public static string ReadText()
    {
        using var stream = typeof(SpecSchema).Assembly.GetManifestResourceStream("MlOps.Specs." + FileName)
            ?? throw new InvalidOperationException($"{FileName} is not embedded in MlOps.Core");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
