using System.Buffers.Binary;
using System.Text;

namespace MlOps.Build.Native;

/// <summary>
/// Reads and edits the version requirements (<c>.gnu.version_r</c>, Elf64_Verneed/Vernaux) of a
/// 64-bit little-endian ELF shared library. Only flags are changed, so sizes and offsets stay put.
/// </summary>
public static class ElfVersionNeeds
{
    private const uint ShtGnuVerneed = 0x6ffffffe;
    /// <summary>VER_FLG_WEAK: the dynamic loader does not fail when the version is missing.</summary>
    public const ushort WeakFlag = 0x2;

    /// <summary>One required version: the library it comes from, its name and flags, and where the flags live.</summary>
    public sealed record Requirement(string File, string Version, ushort Flags, int FlagsOffset)
    {
        public bool IsWeak => (Flags & WeakFlag) != 0;
    }

    public static IReadOnlyList<Requirement> Read(byte[] elf)
    {
        if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F')
        {
            throw new InvalidDataException("not an ELF file");
        }
        if (elf[4] != 2 || elf[5] != 1)
        {
            throw new InvalidDataException("only 64-bit little-endian ELF files are supported");
        }

        var span = elf.AsSpan();
        var sectionTable = checked((int)BinaryPrimitives.ReadUInt64LittleEndian(span[0x28..]));
        int entrySize = BinaryPrimitives.ReadUInt16LittleEndian(span[0x3A..]);
        int count = BinaryPrimitives.ReadUInt16LittleEndian(span[0x3C..]);
        var result = new List<Requirement>();
        for (var i = 0; i < count; i++)
        {
            var header = span.Slice(sectionTable + (i * entrySize), entrySize);
            if (BinaryPrimitives.ReadUInt32LittleEndian(header[4..]) != ShtGnuVerneed)
            {
                continue;
            }
            var offset = checked((int)BinaryPrimitives.ReadUInt64LittleEndian(header[24..]));
            var strings = StringTableOffset(span, sectionTable, entrySize, BinaryPrimitives.ReadUInt32LittleEndian(header[40..]));
            var needCount = BinaryPrimitives.ReadUInt32LittleEndian(header[44..]);
            ReadNeeds(span, offset, needCount, strings, result);
        }
        return result;
    }

    /// <summary>Marks the named version weak; returns false when it is not required or already weak.</summary>
    public static bool MarkWeak(byte[] elf, string version)
    {
        var changed = false;
        foreach (var requirement in Read(elf).Where(r => r.Version == version && !r.IsWeak))
        {
            BinaryPrimitives.WriteUInt16LittleEndian(elf.AsSpan(requirement.FlagsOffset), (ushort)(requirement.Flags | WeakFlag));
            changed = true;
        }
        return changed;
    }

    private static int StringTableOffset(ReadOnlySpan<byte> elf, int sectionTable, int entrySize, uint index)
    {
        var header = elf.Slice(sectionTable + (checked((int)index) * entrySize), entrySize);
        return checked((int)BinaryPrimitives.ReadUInt64LittleEndian(header[24..]));
    }

    private static void ReadNeeds(ReadOnlySpan<byte> elf, int offset, uint needCount, int strings, List<Requirement> into)
    {
        var need = offset;
        for (var n = 0; n < needCount; n++)
        {
            int auxCount = BinaryPrimitives.ReadUInt16LittleEndian(elf[(need + 2)..]);
            var file = ReadString(elf, strings + (int)BinaryPrimitives.ReadUInt32LittleEndian(elf[(need + 4)..]));
            var aux = need + (int)BinaryPrimitives.ReadUInt32LittleEndian(elf[(need + 8)..]);
            for (var a = 0; a < auxCount; a++)
            {
                var flags = BinaryPrimitives.ReadUInt16LittleEndian(elf[(aux + 4)..]);
                var name = ReadString(elf, strings + (int)BinaryPrimitives.ReadUInt32LittleEndian(elf[(aux + 8)..]));
                into.Add(new Requirement(file, name, flags, aux + 4));
                aux += (int)BinaryPrimitives.ReadUInt32LittleEndian(elf[(aux + 12)..]);
            }
            var next = BinaryPrimitives.ReadUInt32LittleEndian(elf[(need + 12)..]);
            if (next == 0)
            {
                break;
            }
            need += (int)next;
        }
    }

    private static string ReadString(ReadOnlySpan<byte> elf, int offset)
    {
        var end = elf[offset..].IndexOf((byte)0);
        return Encoding.ASCII.GetString(elf.Slice(offset, end));
    }
}
