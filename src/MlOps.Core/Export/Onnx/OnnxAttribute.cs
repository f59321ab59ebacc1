namespace MlOps.Core.Export.Onnx;

/// <summary>A node attribute: an int, a float, a string or a list of ints.</summary>
internal sealed record OnnxAttribute(string Name, long? Int = null, float? Float = null, string? Text = null, long[]? Ints = null)
{
    public static OnnxAttribute Of(string name, long value) => new(name, Int: value);

    public static OnnxAttribute Of(string name, float value) => new(name, Float: value);

    public static OnnxAttribute Of(string name, string value) => new(name, Text: value);

    public static OnnxAttribute Of(string name, params long[] values) => new(name, Ints: values);

    public ProtoMessage ToProto()
    {
        var m = new ProtoMessage().Text(OnnxFields.Attribute.Name, Name);
        if (Int is { } i)
        {
            return m.Int(OnnxFields.Attribute.I, i).Int(OnnxFields.Attribute.Type, OnnxFields.Attribute.TypeInt);
        }
        if (Float is { } f)
        {
            return m.Float(OnnxFields.Attribute.F, f).Int(OnnxFields.Attribute.Type, OnnxFields.Attribute.TypeFloat);
        }
        if (Text is { } s)
        {
            return m.Bytes(OnnxFields.Attribute.S, System.Text.Encoding.UTF8.GetBytes(s)).Int(OnnxFields.Attribute.Type, OnnxFields.Attribute.TypeString);
        }
        return m.PackedInts(OnnxFields.Attribute.Ints, Ints ?? []).Int(OnnxFields.Attribute.Type, OnnxFields.Attribute.TypeInts);
    }
}
