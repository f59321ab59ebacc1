using MlOps.Audio;
using MlOps.Contracts.Export;
using MlOps.Core.Data;
using MlOps.Core.Export;
using MlOps.Core.Models;
using MlOps.Core.Tests.Torch;
using MlOps.Specs.Model;
using MlOps.Tests.Shared;
using static TorchSharp.torch;

namespace MlOps.Core.Tests.Export;

/// <summary>
/// audio-cnn's graph against its TorchSharp module on real log-mel spectrograms (samples/speech's
/// validation clips through the audio loader's extractor, standardised as it does), through ONNX Runtime:
/// logits within 1e-4. BatchNorm statistics and affine parameters are random, so every layer moves the logits.
/// </summary>
[Collection(TorchCollection.Name)]
public sealed class AudioCnnOnnxParityTests
{
    private const double Tolerance = 1e-4;
    private static readonly AudioSpec Audio = new();

    /// <summary>The first <paramref name="count"/> validation clips as standardised log-mels [count, 1, n_mels, frames], and the mean and std used.</summary>
    private static (float[] LogMels, int Frames, double Mean, double Std) SpeechLogMels(int count)
    {
        var data = Path.Combine(SourceTree.Root, "samples", "speech", "data");
        var extractor = new AudioFeatureExtractor(AudioLayout.Of(Audio).ToSettings());
        var clips = File.ReadLines(Path.Combine(data, "finetune-val.csv")).Skip(1).Take(count).Select(line => line.Split(',')[0]).ToList();
        var features = new float[count * extractor.FeaturesPerClip];
        for (var i = 0; i < clips.Count; i++)
        {
            extractor.LogMel(extractor.Waveform(Path.Combine(data, clips[i])), features.AsSpan(i * extractor.FeaturesPerClip, extractor.FeaturesPerClip));
        }
        var mean = features.Average(f => (double)f);
        var std = Math.Sqrt(features.Average(f => (f - mean) * (f - mean)));
        return ([.. features.Select(f => (float)((f - mean) / std))], extractor.Frames, mean, std);
    }

    private static void RandomiseNorms(nn.Module model)
    {
        using var _ = no_grad();
        manual_seed(11);
        foreach (var (name, tensor) in model.state_dict().Where(p => p.Key.Contains(".norm", StringComparison.Ordinal) && p.Value.is_floating_point()))
        {
            tensor.copy_(name.EndsWith("running_var", StringComparison.Ordinal) ? rand_like(tensor) + 0.5
                : name.EndsWith("weight", StringComparison.Ordinal) ? (rand_like(tensor) * 0.4) + 0.8
                : (rand_like(tensor) * 0.4) - 0.2);
        }
    }

    [Fact]
    public void Audio_cnn_matches_TorchSharp_on_spoken_words()
    {
        var (logMels, frames, mean, std) = SpeechLogMels(8);
        int[] shape = [1, Audio.NMels, frames];
        using var model = new AudioCnnModel(new ModelShape(shape, 5, [], 0));
        RandomiseNorms(model);
        var preprocessing = OnnxManifestBuilder.Preprocessing(FeatureEncoder.ForAudio(AudioLayout.Of(Audio), frames, mean, std), new DataSpec { Train = "unused" }, null);
        using var export = new ExportedGraph(model, shape, 5, preprocessing);
        export.AssertWellFormed("log_mel", "batch", "frames");
        Assert.Equal(3, export.Proto.Graph.Node.Count(n => n.OpType == "BatchNormalization"));

        Assert.InRange(export.MaxAbsDiff(logMels, 8), 0, Tolerance);
        Assert.InRange(export.MaxAbsDiff(logMels[..(Audio.NMels * frames)], 1), 0, Tolerance); // a batch of one

        var read = OnnxManifestFile.Read(export.Layout.Manifest).Preprocessing;
        Assert.Equal(PreprocessingKinds.Audio, read.Kind);
        Assert.Equal(new AudioPreprocessing(16000, 1.0, 40, 400, 160, 0, 8000, "htk", 80, frames, mean, std), read.Audio);
    }

    [Fact]
    public void The_frames_axis_is_dynamic_like_the_module()
    {
        var (logMels, frames, _, _) = SpeechLogMels(4);
        const int Cropped = 61;
        var cropped = Enumerable.Range(0, 4 * Audio.NMels).SelectMany(row => logMels.Skip(row * frames).Take(Cropped)).ToArray();
        using var model = new AudioCnnModel(new ModelShape([1, Audio.NMels, frames], 3, [], 0));
        RandomiseNorms(model);
        using var export = new ExportedGraph(model, [1, Audio.NMels, Cropped], 3);

        Assert.InRange(export.MaxAbsDiff(cropped, 4), 0, Tolerance);
    }
}
