using System.Text.Json;
using System.Text.Json.Nodes;
using MlOps.Contracts.Diagnostics;
using MlOps.Core.Models.Checkpoints;
using MlOps.Core.Models.Speech;
using MlOps.Core.Tests.Torch;
using static TorchSharp.torch;

namespace MlOps.Core.Tests.Models.Speech;

/// <summary>
/// SpecAugment as transformers' Wav2Vec2Model._mask_hidden_states applies it: only in training, span
/// counts as _compute_mask_indices computes them (Reference/span_counts.py re-implements that
/// arithmetic; span_counts.json holds its answers), masked frames set to masked_spec_embed, padding
/// never masked, and masked_spec_embed loaded and saved.
/// </summary>
[Collection(TorchCollection.Name)]
public sealed class SpeechSpecAugmentTests
{
    private static readonly SourceLocation Where = new("spec.yaml", 3, 3);

    private static string BaseFolder => Path.Combine(SpeechReferenceTests.Folder, "wav2vec2_base");

    /// <summary>The tiny wav2vec2_base config with some keys changed (null removes a key).</summary>
    private static SpeechConfig Config(params (string Key, JsonNode? Value)[] changes)
    {
        var root = JsonNode.Parse(File.ReadAllText(Path.Combine(BaseFolder, "config.json")))!.AsObject();
        foreach (var (key, value) in changes)
        {
            if (value is null)
            {
                root.Remove(key);
            }
            else
            {
                root[key] = value.DeepClone();
            }
        }
        return SpeechConfig.Parse(root.ToJsonString(), "config.json", Where);
    }

    private static SpeechClassifier Loaded(SpeechConfig config, string path, List<string>? messages = null)
    {
        var model = new SpeechClassifier(config, 3);
        Assert.True(SpeechWeights.TryLoad(model, path, replaceHead: false, Where, messages is null ? null : messages.Add));
        return model;
    }

    private static Tensor Waves()
    {
        manual_seed(3);
        var waves = randn(2, 4000);
        waves[1].narrow(0, 2500, 1500).zero_(); // the second clip is padded
        return waves;
    }

    [Fact]
    public void Span_counts_follow_transformers_compute_mask_indices()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(SpeechReferenceTests.Folder, "span_counts.json")));
        var cases = document.RootElement.EnumerateArray().Select(c => c.EnumerateArray().Select(v => v.GetDouble()).ToArray()).ToList();
        Assert.True(cases.Count > 1000);
        Assert.Contains(cases, c => c[6] > 2); // not only the minimum
        foreach (var c in cases)
        {
            var spans = SpeechSpecAugment.RowSpanCount(c[0], (long)c[1], (int)c[2], (int)c[3], (long)c[4], c[5]);
            Assert.True(spans == (long)c[6], $"prob {c[0]}, input {c[1]}, span {c[2]}, min {c[3]}, axis {c[4]}, ε {c[5]}: ours {spans}, transformers {c[6]}");
        }
    }

    [Fact]
    public void Spans_of_one_frame_match_the_count_and_never_touch_padding()
    {
        // prob · length is whole, so ε cannot change the count: 10, 5 and the minimum 2 distinct frames.
        manual_seed(11);
        using var mask = SpeechSpecAugment.SpanMask([40, 20, 8], 40, 0.25, 1, 2);
        long[] lengths = [40, 20, 8];
        long[] expected = [10, 5, 2];
        for (var row = 0; row < 3; row++)
        {
            using var r = mask[row];
            Assert.Equal(expected[row], r.sum().item<long>());
            using var padding = r.narrow(0, lengths[row], 40 - lengths[row]);
            Assert.False(padding.any().item<bool>());
        }
    }

    [Fact]
    public void Training_masks_spans_with_masked_spec_embed_and_repeats_under_a_seed()
    {
        var config = Config(("mask_time_prob", 0.3), ("mask_time_length", 4), ("mask_time_min_masks", 1));
        using var embed = rand(16);
        using var hidden = randn(2, 30, 16) + 5; // no frame equals the embed by chance
        using var frameMask = arange(30).unsqueeze(0).lt(tensor(new long[] { 30, 17 }).unsqueeze(1));

        manual_seed(5);
        using var masked = SpeechSpecAugment.Apply(hidden, frameMask, embed, config);
        manual_seed(5);
        using var again = SpeechSpecAugment.Apply(hidden, frameMask, embed, config);
        Assert.True(Same(masked, again));

        using var changed = masked.ne(hidden).any(-1);
        using var isEmbed = masked.eq(embed).all(-1);
        Assert.True(Same(changed, isEmbed)); // every changed frame is exactly masked_spec_embed
        long[] lengths = [30, 17];
        for (var row = 0; row < 2; row++)
        {
            var frames = changed[row].data<bool>().ToArray();
            Assert.DoesNotContain(true, frames.Skip((int)lengths[row]));
            // Runs of masked frames are whole spans: at least mask_time_length, at most count × length.
            var runs = Runs(frames);
            Assert.NotEmpty(runs);
            Assert.All(runs, run => Assert.True(run >= 4, $"a run of {run} frames"));
            var most = SpeechSpecAugment.SpanCount(0.3, lengths[row], 4, 1, 30, 0.999999) * 4;
            Assert.True(runs.Sum() <= most, $"{runs.Sum()} frames masked, at most {most}");
        }
    }

    [Fact]
    public void Feature_masking_zeroes_whole_channels()
    {
        var config = Config(("mask_time_prob", 0.0), ("mask_feature_prob", 0.5), ("mask_feature_length", 2), ("mask_feature_min_masks", 1));
        using var hidden = randn(2, 6, 16) + 5;
        using var frameMask = ones(2, 6, dtype: ScalarType.Bool);
        manual_seed(2);
        using var masked = SpeechSpecAugment.Apply(hidden, frameMask, null, config);
        using var zeroChannel = masked.eq(0).all(1); // [batch, hidden]
        using var anyZero = masked.eq(0).any(1);
        Assert.True(Same(zeroChannel, anyZero));
        Assert.All(Enumerable.Range(0, 2), row => Assert.InRange(zeroChannel[row].sum().item<long>(), 2, 8));
    }

    [Fact]
    public void Nothing_to_mask_returns_the_same_tensor_and_draws_nothing()
    {
        using var hidden = randn(2, 30, 16);
        using var frameMask = ones(2, 30, dtype: ScalarType.Bool);
        foreach (var config in new[] { Config(("mask_time_prob", 0.0)), Config(("apply_spec_augment", false), ("mask_feature_prob", 0.5)) })
        {
            manual_seed(9);
            using var embed = config.HasMaskedSpecEmbed ? zeros(16) : null;
            Assert.Same(hidden, SpeechSpecAugment.Apply(hidden, frameMask, embed, config));
            using var next = rand(1);
            manual_seed(9);
            using var expected = rand(1);
            Assert.True(Same(next, expected));
        }
    }

    [Fact]
    public void Eval_outputs_are_bit_identical_whatever_the_masks_say()
    {
        using var waves = Waves();
        using var plain = Loaded(Config(("mask_time_prob", 0.0)), BaseFolder);
        using var masking = Loaded(Config(("mask_time_prob", 0.9), ("mask_time_length", 2), ("mask_feature_prob", 0.5)), BaseFolder);
        plain.eval();
        masking.eval();
        using var _ = no_grad();
        using var a = plain.forward(waves);
        using var b = masking.forward(waves);
        Assert.True(Same(a, b));
    }

    [Fact]
    public void Training_forward_changes_with_masking_and_not_without()
    {
        using var waves = Waves();
        // Dropout and layerdrop off, so training mode differs from eval only by the masks.
        (string, JsonNode?)[] quiet = [("hidden_dropout", 0.0), ("attention_dropout", 0.0), ("activation_dropout", 0.0), ("layerdrop", 0.0)];
        using var plain = Loaded(Config([.. quiet, ("mask_time_prob", 0.0)]), BaseFolder);
        using var masking = Loaded(Config([.. quiet, ("mask_time_prob", 0.5), ("mask_time_length", 3)]), BaseFolder);
        using var _ = no_grad();
        plain.eval();
        using var evaluated = plain.forward(waves);
        plain.train();
        masking.train();
        using var trained = plain.forward(waves);
        using var maskedOut = masking.forward(waves);
        Assert.True(Same(trained, evaluated));
        Assert.False(maskedOut.allclose(evaluated, 1e-4, 1e-4));
    }

    [Fact]
    public void Masked_spec_embed_loads_under_its_hub_name_and_round_trips()
    {
        var config = Config();
        Assert.Equal("wav2vec2.masked_spec_embed", SpeechNames.ToHub(config, "backbone.masked_spec_embed"));
        var (file, _) = CheckpointFile.ReadStateDict(Path.Combine(BaseFolder, "model.safetensors"));
        using var fromFile = file["wav2vec2.masked_spec_embed"].clone();
        StateDict.Dispose(file);
        using var model = Loaded(config, BaseFolder);
        Assert.True(Same(model.state_dict()["backbone.masked_spec_embed"], fromFile));

        var saved = Path.Combine(Path.GetTempPath(), $"specaug-{Guid.NewGuid():N}.safetensors");
        try
        {
            CheckpointFile.Save(model, new ModelMetadata("wav2vec2", ["a", "b", "c"], [4000], [], 0, null) { ConfigJson = config.Json }, saved);
            using var back = Loaded(config, saved);
            Assert.True(Same(back.state_dict()["backbone.masked_spec_embed"], fromFile));

            // A checkpoint without it (saved from a config that masks nothing) gets transformers' uniform draw, and says so.
            using var noMask = Loaded(Config(("mask_time_prob", 0.0)), BaseFolder);
            Assert.DoesNotContain("backbone.masked_spec_embed", noMask.state_dict().Keys);
            CheckpointFile.Save(noMask, new ModelMetadata("wav2vec2", ["a", "b", "c"], [4000], [], 0, null) { ConfigJson = config.Json }, saved);
            var messages = new List<string>();
            using var fresh = Loaded(config, saved, messages);
            var drawn = fresh.state_dict()["backbone.masked_spec_embed"];
            Assert.True(drawn.ge(0).all().item<bool>() && drawn.lt(1).all().item<bool>());
            Assert.Contains(messages, m => m.Contains("masked_spec_embed", StringComparison.Ordinal));
        }
        finally
        {
            File.Delete(saved);
        }
    }

    [Fact]
    public void Clips_shorter_than_a_time_span_are_refused_in_training()
    {
        var config = Config(("mask_time_length", 40));
        using var hidden = randn(1, 30, 16);
        using var frameMask = ones(1, 30, dtype: ScalarType.Bool);
        using var embed = zeros(16);
        var e = Assert.Throws<MlOpsException>(() => SpeechSpecAugment.Apply(hidden, frameMask, embed, config));
        Assert.Equal(SpeechErrorCodes.MaskLongerThanClip, e.Diagnostics[0].Code);
    }

    [Theory]
    [InlineData("mask_time_prob", 1.5)]
    [InlineData("mask_time_length", 0)]
    [InlineData("mask_feature_length", 0)]
    public void Bad_mask_settings_are_config_errors(string key, double value)
    {
        var e = Assert.Throws<MlOpsException>(() => Config((key, value)));
        Assert.Equal(SpeechErrorCodes.BadConfig, e.Diagnostics[0].Code);
        Assert.Contains(key, e.Diagnostics[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Defaults_are_transformers_wav2vec2_config_defaults()
    {
        var config = Config(("mask_time_prob", null));
        Assert.Equal((0.05, 10, 2, 0.0, 10, 0, true), (config.MaskTimeProb, config.MaskTimeLength, config.MaskTimeMinMasks,
            config.MaskFeatureProb, config.MaskFeatureLength, config.MaskFeatureMinMasks, config.ApplySpecAugment));
    }

    /// <summary>Same shape and every element equal (bit for bit, for finite values).</summary>
    private static bool Same(Tensor a, Tensor b)
    {
        using var equal = a.eq(b).all();
        return a.shape.SequenceEqual(b.shape) && equal.item<bool>();
    }

    private static List<int> Runs(bool[] frames)
    {
        var runs = new List<int>();
        var run = 0;
        foreach (var f in frames.Append(false))
        {
            if (f)
            {
                run++;
            }
            else if (run > 0)
            {
                runs.Add(run);
                run = 0;
            }
        }
        return runs;
    }
}
