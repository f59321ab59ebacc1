namespace MlOps.Audio;

/// <summary>A decoded clip mixed down to mono: samples in [-1, 1] at <paramref name="SampleRate"/>; the rest describes the file.</summary>
public sealed record DecodedAudio(float[] Samples, int SampleRate, int Channels, int BitsPerSample, string Encoding);
