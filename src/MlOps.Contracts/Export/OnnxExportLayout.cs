namespace MlOps.Contracts.Export;

/// <summary>Where an exported model lies in a run's output folder: <c>onnx/model.onnx</c> and <c>onnx/model.json</c>, plus tokenizer files for text.</summary>
public sealed record OnnxExportLayout(string Directory)
{
    public const string FolderName = "onnx";
    public const string ModelFileName = "model.onnx";
    public const string ManifestFileName = "model.json";

    public string Model => Path.Combine(Directory, ModelFileName);
    public string Manifest => Path.Combine(Directory, ManifestFileName);

    /// <summary>The export folder of the run output folder <paramref name="runDirectory"/>.</summary>
    public static OnnxExportLayout InRun(string runDirectory) => new(Path.Combine(runDirectory, FolderName));
}
