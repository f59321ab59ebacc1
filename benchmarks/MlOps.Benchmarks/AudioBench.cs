using System.Diagnostics;
using MlOps.Audio;
using MlOps.Core.Data;
using MlOps.Core.Data.Audio;
using MlOps.Specs.Model;

namespace MlOps.Benchmarks;

/// <summary>
/// Log-mel feature extraction, clips per second: <c>--clips</c> one-second 16 kHz clips (seeded tones
/// and noise, written to <c>--file</c> as float32 so that the PyTorch reference reads the same
/// samples) to 40-band log-mel spectrograms (n_fft 400, hop 160, top_db 80) on all cores, with the
/// MlOps.Audio code the trainer's per-batch seam runs. The best of <c>--rounds</c> timed passes after a
/// warm-up. Then, reported beside it: the whole per-row path of a training batch (AudioClipRows: read
/// and decode a 16-bit WAV file, log-mel, standardise), which now runs every epoch instead of once.
/// </summary>
internal static class AudioBench
{
    public static object Run(Args args)
    {
        var clips = args.Int("clips", 2000);
        var rounds = args.Int("rounds", 3);
        var file = args.Get("file", Path.Combine(Path.GetTempPath(), "mlops-bench-audio.f32"));
        const int samples = 16000;
        var waveforms = new float[clips][];
        var random = new Random(7);
        using (var stream = File.Create(file))
        {
            for (var c = 0; c < clips; c++)
            {
                var hz = 200 + random.Next(3000);
                waveforms[c] = new float[samples];
                for (var i = 0; i < samples; i++)
                {
                    waveforms[c][i] = (float)((0.3 * Math.Sin(2 * Math.PI * hz * i / samples)) + (0.05 * ((random.NextDouble() * 2) - 1)));
                }
                stream.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(waveforms[c].AsSpan()));
            }
        }
        var extractor = new AudioFeatureExtractor(AudioLayout.Of(new AudioSpec()).ToSettings());
        var output = new float[clips][];
        void Pass() => Parallel.For(0, clips, c =>
        {
            output[c] ??= new float[extractor.FeaturesPerClip];
            extractor.LogMel(waveforms[c], output[c]);
        });
        var best = Best(Pass, rounds);
        var seam = SeamPath(waveforms, extractor, rounds);
        return new { clips, seconds = best, clips_per_s = clips / best, threads = Environment.ProcessorCount, checksum = output.Sum(o => (double)o[o.Length / 2]), seam };
    }

    private static double Best(Action pass, int rounds)
    {
        pass();
        var best = double.MaxValue;
        for (var r = 0; r < rounds; r++)
        {
            var watch = Stopwatch.StartNew();
            pass();
            best = Math.Min(best, watch.Elapsed.TotalSeconds);
        }
        return best;
    }

    /// <summary>The clips as 16-bit WAV files, made into standardised log-mels row by row as a training batch makes them.</summary>
    private static object SeamPath(float[][] waveforms, AudioFeatureExtractor extractor, int rounds)
    {
        var folder = Path.Combine(Path.GetTempPath(), "mlops-bench-audio-" + Environment.ProcessId);
        Directory.CreateDirectory(folder);
        try
        {
            var paths = new string[waveforms.Length];
            for (var c = 0; c < waveforms.Length; c++)
            {
                paths[c] = Path.Combine(folder, $"{c}.wav");
                using var writer = new NAudio.Wave.WaveFileWriter(paths[c], new NAudio.Wave.WaveFormat(16000, 16, 1));
                writer.WriteSamples(waveforms[c], 0, waveforms[c].Length);
            }
            var rows = new AudioClipRows(paths, extractor, 0f, 1f, null);
            var output = new float[waveforms.Length * extractor.FeaturesPerClip];
            var size = extractor.FeaturesPerClip;
            var best = Best(() => Parallel.For(0, paths.Length, c => rows.Write(c, output.AsSpan(c * size, size), null)), rounds);
            return new { clips = paths.Length, seconds = best, clips_per_s = paths.Length / best, checksum = (double)output[size / 2] };
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
