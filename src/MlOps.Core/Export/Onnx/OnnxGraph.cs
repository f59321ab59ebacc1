using System.Runtime.InteropServices;

namespace MlOps.Core.Export.Onnx;

/// <summary>
/// An ONNX graph under construction: typed inputs and outputs (a string dimension is a dynamic axis),
/// constant tensors (initializers) and nodes in topological order, each named after its op. Written
/// as a ModelProto with one opset import of the default domain.
/// </summary>
internal sealed class OnnxGraph(string name)
{
    private readonly List<ProtoMessage> nodes = [];
    private readonly List<ProtoMessage> initializers = [];
    private readonly List<ProtoMessage> inputs = [];
    private readonly List<ProtoMessage> outputs = [];
    private readonly HashSet<string> names = new(StringComparer.Ordinal);
    private int counter;

    public int NodeCount => nodes.Count;

    public void Input(string valueName, int elementType, params object[] dims) => inputs.Add(ValueInfo(valueName, elementType, dims));

    public void Output(string valueName, int elementType, params object[] dims) => outputs.Add(ValueInfo(valueName, elementType, dims));

    /// <summary>A float32 constant; returns its name.</summary>
    public string Floats(string valueName, float[] data, params long[] dims) =>
        Initializer(valueName, OnnxFields.Float, MemoryMarshal.AsBytes(data.AsSpan()).ToArray(), dims);

    /// <summary>An int64 constant; returns its name.</summary>
    public string Longs(string valueName, long[] data, params long[] dims) =>
        Initializer(valueName, OnnxFields.Int64, MemoryMarshal.AsBytes(data.AsSpan()).ToArray(), dims);

    /// <summary>A scalar float constant under a fresh name.</summary>
    public string Scalar(float value) => Floats(Fresh("const"), [value]);

    /// <summary>A 1-d int64 constant under a fresh name (shapes, axes).</summary>
    public string Shape(params long[] values) => Longs(Fresh("shape"), values, values.Length);

    /// <summary>Adds a node with one output and returns that output's name.</summary>
    public string Node(string op, string[] nodeInputs, params OnnxAttribute[] attributes)
    {
        var output = Fresh(op.ToLowerInvariant());
        NodeTo(op, nodeInputs, output, attributes);
        return output;
    }

    /// <summary>Adds a node whose output has a chosen name (a graph output such as <c>logits</c>).</summary>
    public void NodeTo(string op, string[] nodeInputs, string output, params OnnxAttribute[] attributes)
    {
        var node = new ProtoMessage();
        foreach (var input in nodeInputs)
        {
            node.Text(OnnxFields.Node.Input, input);
        }
        node.Text(OnnxFields.Node.Output, output).Text(OnnxFields.Node.Name, output + "_node").Text(OnnxFields.Node.OpType, op);
        foreach (var attribute in attributes)
        {
            node.Message(OnnxFields.Node.Attribute, attribute.ToProto());
        }
        names.Add(output);
        nodes.Add(node);
    }

    /// <summary>The ModelProto bytes: IR version 8, the default domain at <paramref name="opset"/>, producer and metadata.</summary>
    public void WriteModel(Stream stream, int opset, string producerVersion, IReadOnlyDictionary<string, string> metadata)
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("ONNX raw tensor data is little-endian; this machine is not");
        }
        var graph = new ProtoMessage();
        foreach (var node in nodes)
        {
            graph.Message(OnnxFields.Graph.Node, node);
        }
        graph.Text(OnnxFields.Graph.Name, name);
        foreach (var initializer in initializers)
        {
            graph.Message(OnnxFields.Graph.Initializer, initializer);
        }
        foreach (var input in inputs)
        {
            graph.Message(OnnxFields.Graph.Input, input);
        }
        foreach (var output in outputs)
        {
            graph.Message(OnnxFields.Graph.Output, output);
        }
        var model = new ProtoMessage()
            .Int(OnnxFields.Model.IrVersion, OnnxFields.IrVersion)
            .Text(OnnxFields.Model.ProducerName, "MlOps")
            .Text(OnnxFields.Model.ProducerVersion, producerVersion)
            .Message(OnnxFields.Model.Graph, graph)
            .Message(OnnxFields.Model.OpsetImport, new ProtoMessage().Text(OnnxFields.OperatorSetId.Domain, "").Int(OnnxFields.OperatorSetId.Version, opset));
        foreach (var (key, value) in metadata)
        {
            model.Message(OnnxFields.Model.MetadataProps, new ProtoMessage().Text(OnnxFields.StringStringEntry.Key, key).Text(OnnxFields.StringStringEntry.Value, value));
        }
        model.WriteTo(stream);
    }

    private string Initializer(string valueName, int dataType, byte[] raw, long[] dims)
    {
        if (!names.Add(valueName))
        {
            throw new InvalidOperationException($"the graph already has a value named '{valueName}'");
        }
        initializers.Add(new ProtoMessage()
            .PackedInts(OnnxFields.Tensor.Dims, dims)
            .Int(OnnxFields.Tensor.DataType, dataType)
            .Text(OnnxFields.Tensor.Name, valueName)
            .Bytes(OnnxFields.Tensor.RawData, raw));
        return valueName;
    }

    private string Fresh(string stem)
    {
        string candidate;
        do
        {
            candidate = $"{stem}_{counter++}";
        }
        while (names.Contains(candidate));
        return candidate;
    }

    private static ProtoMessage ValueInfo(string valueName, int elementType, object[] dims)
    {
        var shape = new ProtoMessage();
        foreach (var dim in dims)
        {
            var d = dim is string param
                ? new ProtoMessage().Text(OnnxFields.Shape.DimParam, param)
                : new ProtoMessage().Int(OnnxFields.Shape.DimValue, Convert.ToInt64(dim, System.Globalization.CultureInfo.InvariantCulture));
            shape.Message(OnnxFields.Shape.Dim, d);
        }
        var tensorType = new ProtoMessage().Int(OnnxFields.TypeProto.ElemType, elementType).Message(OnnxFields.TypeProto.Shape, shape);
        return new ProtoMessage()
            .Text(OnnxFields.ValueInfo.Name, valueName)
            .Message(OnnxFields.ValueInfo.Type, new ProtoMessage().Message(OnnxFields.TypeProto.TensorType, tensorType));
    }
}
