using System.Globalization;

namespace MlOps.Mlflow.Models;

/// <summary>One entry of an MLflow model signature's inputs or outputs (MLflow's <c>mlflow.types.schema</c>).</summary>
public abstract record MlflowSchemaItem
{
    private protected MlflowSchemaItem()
    {
    }

    /// <summary>The entry as MLflow's <c>to_dict</c> orders it, written by <c>json.dumps</c>.</summary>
    public abstract string ToJson();
}

/// <summary>A named column (MLflow's <c>ColSpec</c>): <paramref name="Type"/> is one of MLflow's DataType names (<c>double</c>, <c>long</c>, <c>string</c>, <c>boolean</c>, …).</summary>
/// <param name="Name">Column name.</param>
/// <param name="Type">MLflow DataType name.</param>
/// <param name="Required">False when the column may be missing (MLflow's <c>required</c>).</param>
public sealed record MlflowColumnSpec(string Name, string Type, bool Required = true) : MlflowSchemaItem
{
    /// <inheritdoc />
    public override string ToJson() =>
        $"{{\"type\": {PythonRepr.JsonString(Type)}, \"name\": {PythonRepr.JsonString(Name)}, \"required\": {(Required ? "true" : "false")}}}";
}

/// <summary>A tensor (MLflow's <c>TensorSpec</c>): numpy dtype name and shape, −1 for a variable dimension.</summary>
/// <param name="DType">numpy dtype name (<c>float32</c>, <c>uint8</c>, <c>int64</c>…).</param>
/// <param name="Shape">Dimensions; −1 where any size goes (the batch).</param>
/// <param name="Name">Optional tensor name.</param>
public sealed record MlflowTensorSpec(string DType, IReadOnlyList<long> Shape, string? Name = null) : MlflowSchemaItem
{
    /// <inheritdoc />
    public override string ToJson()
    {
        var shape = string.Join(", ", Shape.Select(d => d.ToString(CultureInfo.InvariantCulture)));
        var spec = $"\"type\": \"tensor\", \"tensor-spec\": {{\"dtype\": {PythonRepr.JsonString(DType)}, \"shape\": [{shape}]}}";
        return Name is null ? $"{{{spec}}}" : $"{{\"name\": {PythonRepr.JsonString(Name)}, {spec}}}";
    }
}

/// <summary>
/// A model signature: what the model takes and returns. In the MLmodel file each side is a JSON
/// string (MLflow's <c>ModelSignature.to_dict</c>), and <c>params</c> is null.
/// </summary>
/// <param name="Inputs">Columns, or tensors (not both).</param>
/// <param name="Outputs">Columns, or tensors (not both).</param>
public sealed record MlflowModelSignature(IReadOnlyList<MlflowSchemaItem> Inputs, IReadOnlyList<MlflowSchemaItem> Outputs)
{
    /// <summary>The inputs as the MLmodel file holds them.</summary>
    public string InputsJson => SchemaJson(Inputs);

    /// <summary>The outputs as the MLmodel file holds them.</summary>
    public string OutputsJson => SchemaJson(Outputs);

    private static string SchemaJson(IReadOnlyList<MlflowSchemaItem> items) =>
        "[" + string.Join(", ", items.Select(i => i.ToJson())) + "]";
}
