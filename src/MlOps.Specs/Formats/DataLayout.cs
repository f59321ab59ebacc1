namespace MlOps.Specs.Formats;

/// <summary>How a data format holds its labels, which decides the <c>data:</c> keys that apply.</summary>
public enum DataLayout
{
    /// <summary>Rows with named columns: <c>label</c> (and <c>text</c>, <c>include</c>, …) name columns.</summary>
    Table,
    /// <summary>Examples and labels in separate files: <c>train_labels</c>/<c>validation_labels</c> name them.</summary>
    LabelFiles,
    /// <summary>A folder with one subfolder per class (imagefolder): the subfolder names are the labels.</summary>
    ClassFolders,
}
