namespace MlOps.Mlflow.Models;

/// <summary>
/// An input example saved beside the MLmodel file as MLflow saves one: <c>input_example.json</c>,
/// <c>serving_input_example.json</c> (the body <c>mlflow models serve</c> accepts) and the
/// <c>saved_input_example_info</c> that names them.
/// </summary>
public abstract record MlflowInputExample
{
    /// <summary>MLflow's file name for the example.</summary>
    public const string ExampleFile = "input_example.json";

    /// <summary>MLflow's file name for the serving payload.</summary>
    public const string ServingFile = "serving_input_example.json";

    private protected MlflowInputExample()
    {
    }

    /// <summary>The example file's text.</summary>
    public abstract string ExampleJson { get; }

    /// <summary>The serving payload's text (indented by 2, as MLflow writes it).</summary>
    public abstract string ServingJson { get; }

    internal abstract IReadOnlyDictionary<string, object?> Info { get; }

    /// <summary>Writes both files into <paramref name="folder"/>.</summary>
    /// <param name="folder">The model folder.</param>
    public void Save(string folder)
    {
        MlflowModelFile.WriteWhole(Path.Combine(folder, ExampleFile), ExampleJson);
        MlflowModelFile.WriteWhole(Path.Combine(folder, ServingFile), ServingJson);
    }
}

/// <summary>A pandas DataFrame example (orient "split"): column names and rows of str, float, int, bool or null.</summary>
/// <param name="Columns">Column names.</param>
/// <param name="Rows">Rows, each with one value per column.</param>
public sealed record MlflowDataFrameExample(IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<object?>> Rows) : MlflowInputExample
{
    private IEnumerable<KeyValuePair<string, object?>> Split =>
        [new("columns", Columns), new("data", Rows)];

    /// <inheritdoc />
    public override string ExampleJson => PythonJson.Dumps(Split, indent: false);

    /// <inheritdoc />
    public override string ServingJson => PythonJson.Dumps(new KeyValuePair<string, object?>[] { new("dataframe_split", Split) }, indent: true);

    internal override IReadOnlyDictionary<string, object?> Info => new Dictionary<string, object?>
    {
        ["artifact_path"] = ExampleFile,
        ["pandas_orient"] = "split",
        ["serving_input_path"] = ServingFile,
        ["type"] = "dataframe",
    };
}

/// <summary>A numpy array example: its shape and its values in row-major order (int or float).</summary>
/// <param name="Shape">Dimensions, batch first.</param>
/// <param name="Values">Row-major values: <see cref="long"/> or <see cref="double"/>.</param>
public sealed record MlflowArrayExample(IReadOnlyList<int> Shape, IReadOnlyList<object> Values) : MlflowInputExample
{
    /// <inheritdoc />
    public override string ExampleJson => PythonJson.Dumps(Nested(), indent: false);

    /// <inheritdoc />
    public override string ServingJson => PythonJson.Dumps(new KeyValuePair<string, object?>[] { new("inputs", Nested()) }, indent: true);

    internal override IReadOnlyDictionary<string, object?> Info => new Dictionary<string, object?>
    {
        ["artifact_path"] = ExampleFile,
        ["serving_input_path"] = ServingFile,
        ["type"] = "ndarray",
    };

    private object Nested()
    {
        var expected = Shape.Aggregate(1L, (a, b) => a * b);
        if (expected != Values.Count)
        {
            throw new ArgumentException($"shape [{string.Join(", ", Shape)}] needs {expected} values, got {Values.Count}");
        }
        var offset = 0;
        return Level(0);

        object Level(int dimension)
        {
            var items = new List<object?>(Shape[dimension]);
            for (var i = 0; i < Shape[dimension]; i++)
            {
                items.Add(dimension == Shape.Count - 1 ? Values[offset++] : Level(dimension + 1));
            }
            return items;
        }
    }
}
