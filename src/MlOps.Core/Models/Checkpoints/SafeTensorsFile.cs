using System.Buffers.Binary;
using System.Text.Json;
using System.Text.Json.Nodes;
using static TorchSharp.torch;

namespace MlOps.Core.Models.Checkpoints;

/// <summary>
/// The safetensors format (Hugging Face): an 8-byte little-endian header length, a JSON header
/// (tensor name → dtype, shape, data offsets; plus a string map under <c>__metadata__</c>), then
/// the raw little-endian tensor bytes. Written by hand so the metadata (classes, encoder) travels
/// inside the one file.
/// </summary>
public static class SafeTensorsFile
{
    private const string MetadataKey = "__metadata__";
    private const long MaxHeaderBytes = 100 * 1024 * 1024;

    private static readonly Dictionary<ScalarType, string> DTypeNames = new()
    {
        [ScalarType.Float32] = "F32", [ScalarType.Float64] = "F64", [ScalarType.Float16] = "F16",
        [ScalarType.BFloat16] = "BF16", [ScalarType.Int64] = "I64", [ScalarType.Int32] = "I32",
        [ScalarType.Int16] = "I16", [ScalarType.Int8] = "I8", [ScalarType.Byte] = "U8", [ScalarType.Bool] = "BOOL",
    };

    public static void Write(string path, IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string> metadata)
    {
        var header = new JsonObject { [MetadataKey] = new JsonObject(metadata.OrderBy(m => m.Key, StringComparer.Ordinal).Select(m => KeyValuePair.Create(m.Key, (JsonNode?)m.Value))) };
        var ordered = tensors.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => (t.Key, Tensor: t.Value.detach().cpu().contiguous())).ToList();
        long offset = 0;
        foreach (var (name, tensor) in ordered)
        {
            var size = tensor.NumberOfElements * tensor.ElementSize;
            header[name] = new JsonObject
            {
                ["dtype"] = DTypeNames.TryGetValue(tensor.dtype, out var dtype) ? dtype : throw new NotSupportedException($"safetensors cannot store {tensor.dtype} tensor '{name}'"),
                ["shape"] = new JsonArray(tensor.shape.Select(d => (JsonNode?)d).ToArray()),
                ["data_offsets"] = new JsonArray(offset, offset + size),
            };
            offset += size;
        }
        var json = System.Text.Encoding.UTF8.GetBytes(header.ToJsonString());
        var padded = (json.Length + 7) / 8 * 8;

        var temp = path + ".tmp";
        try
        {
            using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                Span<byte> length = stackalloc byte[8];
                BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)padded);
                stream.Write(length);
                stream.Write(json);
                for (var i = json.Length; i < padded; i++)
                {
                    stream.WriteByte((byte)' ');
                }
                foreach (var (_, tensor) in ordered)
                {
                    stream.Write(tensor.bytes);
                    tensor.Dispose();
                }
            }
            File.Move(temp, path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A full disk: no half-written weights under either name.
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
            throw;
        }
    }

    public static (Dictionary<string, Tensor> Tensors, Dictionary<string, string> Metadata) Read(string path)
    {
        using var stream = File.OpenRead(path);
        var headerBytes = ReadHeader(stream, path);
        var header = JsonNode.Parse(headerBytes)?.AsObject() ?? throw new InvalidDataException($"'{path}' has an empty safetensors header");
        var dataStart = 8L + headerBytes.Length;

        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        var tensors = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (name, node) in header)
        {
            if (name == MetadataKey)
            {
                foreach (var (key, value) in node!.AsObject())
                {
                    metadata[key] = value?.GetValue<string>() ?? "";
                }
                continue;
            }
            tensors[name] = ReadTensor(stream, dataStart, name, node!.AsObject(), path);
        }
        return (tensors, metadata);
    }

    private static Tensor ReadTensor(FileStream stream, long dataStart, string name, JsonObject entry, string path)
    {
        var dtypeName = entry["dtype"]?.GetValue<string>();
        var dtype = DTypeNames.FirstOrDefault(d => d.Value == dtypeName).Key;
        if (dtypeName is null || !DTypeNames.ContainsValue(dtypeName))
        {
            throw new InvalidDataException($"'{path}': tensor '{name}' has unsupported dtype '{dtypeName}'");
        }
        var shape = entry["shape"]!.AsArray().Select(d => d!.GetValue<long>()).ToArray();
        var offsets = entry["data_offsets"]!.AsArray().Select(d => d!.GetValue<long>()).ToArray();
        var tensor = empty(shape, dtype);
        var size = tensor.NumberOfElements * tensor.ElementSize;
        if (offsets.Length != 2 || offsets[1] - offsets[0] != size || dataStart + offsets[1] > stream.Length)
        {
            tensor.Dispose();
            throw new InvalidDataException($"'{path}': tensor '{name}' has data offsets that do not match its shape or the file size (truncated file?)");
        }
        var buffer = new byte[size];
        stream.Position = dataStart + offsets[0];
        stream.ReadExactly(buffer);
        tensor.bytes = buffer;
        return tensor;
    }

    /// <summary>Reads only the metadata map, without loading tensors.</summary>
    public static Dictionary<string, string> ReadMetadata(string path)
    {
        using var stream = File.OpenRead(path);
        using var document = JsonDocument.Parse(ReadHeader(stream, path));
        return document.RootElement.TryGetProperty(MetadataKey, out var meta)
            ? meta.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? "", StringComparer.Ordinal)
            : [];
    }

    /// <summary>The JSON header, after checking its declared length against the file.</summary>
    private static byte[] ReadHeader(FileStream stream, string path)
    {
        Span<byte> lengthBytes = stackalloc byte[8];
        if (stream.Length < 8)
        {
            throw new InvalidDataException($"'{path}' is not a safetensors file (only {stream.Length} bytes)");
        }
        stream.ReadExactly(lengthBytes);
        var headerLength = BinaryPrimitives.ReadUInt64LittleEndian(lengthBytes);
        if (headerLength == 0 || headerLength > MaxHeaderBytes || (long)headerLength > stream.Length - 8)
        {
            throw new InvalidDataException($"'{path}' is not a safetensors file (header length {headerLength})");
        }
        var header = new byte[headerLength];
        stream.ReadExactly(header);
        return header;
    }
}
