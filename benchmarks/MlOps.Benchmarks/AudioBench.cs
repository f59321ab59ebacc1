using System.Diagnostics;
using MlOps.Audio;
using MlOps.Core.Data;
using MlOps.Specs.Model;

namespace MlOps.Benchmarks;

/// <summary>
/// Log-mel feature extraction, clips per second: <c>--clips</c> one-second 16 kHz clips (seeded tones
/// and noise, written to <c>--file</c> as float32 so that the PyTorch reference reads the same
/// samples) to 40-band log-mel spectrograms (n_fft 400, hop 160, top_db 80) on all cores, as the
/// data stage computes them. The best of <c>--rounds</c> timed passes after a warm-up.
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
        Pass();
        var best = double.MaxValue;
        for (var r = 0; r < rounds; r++)
        {
            var watch = Stopwatch.StartNew();
            Pass();
            best = Math.Min(best, watch.Elapsed.TotalSeconds);
        }
        return new { clips, seconds = best, clips_per_s = clips / best, threads = Environment.ProcessorCount, checksum = output.Sum(o => (double)o[o.Length / 2]) };
    }
}
