using System.Text;

namespace MlOps.Core.Tests.Data.Audio;

/// <summary>Writes little WAV clips for the audio tests: a tone per class with seeded noise, 16-bit PCM.</summary>
internal static class ToneClips
{
    public static void WriteWav(string path, float[] samples, int sampleRate)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var stream = new MemoryStream();
        using (var w = new BinaryWriter(stream, Encoding.ASCII, leaveOpen: true))
        {
            w.Write("RIFF"u8);
            w.Write(36 + (samples.Length * 2));
            w.Write("WAVEfmt "u8);
            w.Write(16);
            w.Write((short)1);
            w.Write((short)1);
            w.Write(sampleRate);
            w.Write(sampleRate * 2);
            w.Write((short)2);
            w.Write((short)16);
            w.Write("data"u8);
            w.Write(samples.Length * 2);
            foreach (var s in samples)
            {
                w.Write((short)Math.Clamp(Math.Round(s * 32767), short.MinValue, short.MaxValue));
            }
        }
        File.WriteAllBytes(path, stream.ToArray());
    }

    /// <summary>A tone of <paramref name="hz"/> with noise, <paramref name="seconds"/> long.</summary>
    public static float[] Tone(double hz, int sampleRate, double seconds, int seed, double amplitude = 0.4)
    {
        var random = new Random(seed);
        var samples = new float[(int)(sampleRate * seconds)];
        var phase = random.NextDouble() * Math.PI * 2;
        for (var i = 0; i < samples.Length; i++)
        {
            samples[i] = (float)((amplitude * Math.Sin((2 * Math.PI * hz * i / sampleRate) + phase)) + (0.05 * ((random.NextDouble() * 2) - 1)));
        }
        return samples;
    }

    /// <summary>An audiofolder: <paramref name="perClass"/> clips per class, class k a tone of frequencies[k] Hz.</summary>
    public static void WriteFolder(string folder, IReadOnlyList<(string Class, double Hz)> classes, int perClass, int sampleRate, int seed)
    {
        for (var k = 0; k < classes.Count; k++)
        {
            for (var i = 0; i < perClass; i++)
            {
                WriteWav(Path.Combine(folder, classes[k].Class, $"{i:D3}.wav"), Tone(classes[k].Hz * (1 + (0.03 * (i % 3))), sampleRate, 0.5, seed + (k * 1000) + i), sampleRate);
            }
        }
    }
}
