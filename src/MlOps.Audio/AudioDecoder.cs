namespace MlOps.Audio;

/// <summary>Decodes a WAV or FLAC file by its magic bytes, whatever its name.</summary>
public static class AudioDecoder
{
    /// <summary>The file mixed down to mono. Throws <see cref="InvalidDataException"/> (corrupt, not audio) or <see cref="NotSupportedException"/> (a sample format we do not read), without the path.</summary>
    public static DecodedAudio Decode(string path) => Decode(File.ReadAllBytes(path));

    /// <summary>An encoded WAV or FLAC file's bytes mixed down to mono; throws as <see cref="Decode(string)"/>.</summary>
    public static DecodedAudio Decode(byte[] bytes)
    {
        if (WavDecoder.HasMagic(bytes))
        {
            return WavDecoder.Decode(bytes);
        }
        if (FlacDecoder.HasMagic(bytes))
        {
            return FlacDecoder.Decode(bytes);
        }
        throw new InvalidDataException(bytes.Length < 12
            ? $"the file is {bytes.Length} bytes long, too short for a WAV or FLAC header."
            : "the file starts neither with a WAV header (RIFF....WAVE) nor with a FLAC one (fLaC).");
    }
}
