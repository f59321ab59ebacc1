using System.Text;

namespace MlOps.Text.Hf;

/// <summary>
/// The parts of a SentencePiece <c>tokenizer.model</c> (a protobuf ModelProto) that BPE encoding needs: the pieces
/// with score and type, the model type, byte_fallback and the special ids, and the normalizer's whitespace flags.
/// </summary>
internal sealed record SentencePieceModelFile(
    IReadOnlyList<(string Piece, float Score, int Type)> Pieces,
    int ModelType, bool ByteFallback, int UnknownId, int BosId, int EosId,
    string NormalizerName, bool AddDummyPrefix, bool RemoveExtraWhitespaces)
{
    public const int Normal = 1, Unknown = 2, Control = 3, UserDefined = 4, Byte = 6, Bpe = 2;

    public static SentencePieceModelFile Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var pieces = new List<(string, float, int)>();
        int modelType = 1, unk = 0, bos = 1, eos = 2;
        var byteFallback = false;
        string name = "nmt_nfkc";
        bool dummy = true, extra = true;
        try
        {
            foreach (var (field, _, value, start, length) in Fields(bytes, 0, bytes.Length))
            {
                switch (field)
                {
                    case 1:
                        string piece = "";
                        float score = 0;
                        var type = Normal;
                        foreach (var (f, _, v, s, l) in Fields(bytes, start, length))
                        {
                            if (f == 1) { piece = Encoding.UTF8.GetString(bytes, s, l); }
                            else if (f == 2) { score = BitConverter.Int32BitsToSingle((int)v); }
                            else if (f == 3) { type = (int)v; }
                        }
                        pieces.Add((piece, score, type));
                        break;
                    case 2:
                        foreach (var (f, _, v, _, _) in Fields(bytes, start, length))
                        {
                            switch (f)
                            {
                                case 3: modelType = (int)v; break;
                                case 35: byteFallback = v != 0; break;
                                case 40: unk = (int)v; break;
                                case 41: bos = (int)v; break;
                                case 42: eos = (int)v; break;
                            }
                        }
                        break;
                    case 3:
                        foreach (var (f, _, v, s, l) in Fields(bytes, start, length))
                        {
                            switch (f)
                            {
                                case 1: name = Encoding.UTF8.GetString(bytes, s, l); break;
                                case 3: dummy = v != 0; break;
                                case 4: extra = v != 0; break;
                            }
                        }
                        break;
                }
                _ = value;
            }
        }
        catch (Exception e) when (e is IndexOutOfRangeException or ArgumentException or DecoderFallbackException)
        {
            throw TokenizerJson.Unreadable(path, $"is not a SentencePiece model (protobuf): {e.Message}");
        }
        return pieces.Count > 0
            ? new SentencePieceModelFile(pieces, modelType, byteFallback, unk, bos, eos, name, dummy, extra)
            : throw TokenizerJson.Unreadable(path, "holds no pieces; it is not a SentencePiece model");
    }

    /// <summary>Protobuf fields of the message in [start, start + length): number, wire type, varint/fixed value, and the payload span.</summary>
    private static IEnumerable<(int Field, int Wire, long Value, int Start, int Length)> Fields(byte[] b, int start, int length)
    {
        var i = start;
        var end = start + length;
        while (i < end)
        {
            var key = Varint(b, ref i);
            var field = (int)(key >> 3);
            var wire = (int)(key & 7);
            switch (wire)
            {
                case 0:
                    yield return (field, wire, Varint(b, ref i), 0, 0);
                    break;
                case 1:
                    yield return (field, wire, BitConverter.ToInt64(b, i), 0, 0);
                    i += 8;
                    break;
                case 2:
                    var size = (int)Varint(b, ref i);
                    yield return (field, wire, 0, i, size);
                    i += size;
                    break;
                case 5:
                    yield return (field, wire, BitConverter.ToInt32(b, i), 0, 0);
                    i += 4;
                    break;
                default:
                    throw new ArgumentException($"protobuf wire type {wire} at byte {i}");
            }
        }
    }

    private static long Varint(byte[] b, ref int i)
    {
        long value = 0;
        for (var shift = 0; ; shift += 7)
        {
            var x = b[i++];
            value |= (long)(x & 0x7F) << shift;
            if ((x & 0x80) == 0)
            {
                return value;
            }
        }
    }
}
