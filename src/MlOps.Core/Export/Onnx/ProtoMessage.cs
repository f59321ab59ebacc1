using Google.Protobuf;

namespace MlOps.Core.Export.Onnx;

/// <summary>
/// One protobuf message being written: fields by number, nested messages length-prefixed. Enough of
/// the wire format for ONNX's ModelProto (field numbers in <see cref="OnnxFields"/>); the encoding
/// itself is Google.Protobuf's.
/// </summary>
internal sealed class ProtoMessage
{
    private readonly MemoryStream buffer = new();
    private readonly CodedOutputStream output;

    public ProtoMessage() => output = new CodedOutputStream(buffer, leaveOpen: true);

    public ProtoMessage Int(int field, long value)
    {
        output.WriteTag(field, WireFormat.WireType.Varint);
        output.WriteInt64(value);
        return this;
    }

    public ProtoMessage Float(int field, float value)
    {
        output.WriteTag(field, WireFormat.WireType.Fixed32);
        output.WriteFloat(value);
        return this;
    }

    public ProtoMessage Text(int field, string value)
    {
        output.WriteTag(field, WireFormat.WireType.LengthDelimited);
        output.WriteString(value);
        return this;
    }

    public ProtoMessage Bytes(int field, ReadOnlyMemory<byte> value)
    {
        output.WriteTag(field, WireFormat.WireType.LengthDelimited);
        output.WriteBytes(UnsafeByteOperations.UnsafeWrap(value));
        return this;
    }

    public ProtoMessage Message(int field, ProtoMessage message) => Bytes(field, message.ToArray());

    /// <summary>A repeated int64 field, packed (proto3's default encoding, which ONNX readers take).</summary>
    public ProtoMessage PackedInts(int field, IReadOnlyCollection<long> values)
    {
        if (values.Count == 0)
        {
            return this;
        }
        var packed = new ProtoMessage();
        foreach (var v in values)
        {
            packed.output.WriteInt64(v);
        }
        return Bytes(field, packed.ToArray());
    }

    public ProtoMessage PackedFloats(int field, IReadOnlyCollection<float> values)
    {
        if (values.Count == 0)
        {
            return this;
        }
        var packed = new ProtoMessage();
        foreach (var v in values)
        {
            packed.output.WriteFloat(v);
        }
        return Bytes(field, packed.ToArray());
    }

    public byte[] ToArray()
    {
        output.Flush();
        return buffer.ToArray();
    }

    /// <summary>Writes the message to <paramref name="stream"/> without another copy.</summary>
    public void WriteTo(Stream stream)
    {
        output.Flush();
        buffer.Position = 0;
        buffer.CopyTo(stream);
    }
}
