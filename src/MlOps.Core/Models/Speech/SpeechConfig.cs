using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using MlOps.Contracts.Diagnostics;

namespace MlOps.Core.Models.Speech;

/// <summary>The two speech encoders: the same computation, different checkpoint prefixes (and HuBERT's optional projection norm).</summary>
public enum SpeechKind { Wav2Vec2, Hubert }

/// <summary>
/// The sizes and options of a wav2vec2 or HuBERT encoder, read from a Hugging Face <c>config.json</c>
/// with transformers' defaults (Wav2Vec2Config / HubertConfig) for keys a file leaves out.
/// <see cref="Json"/> keeps the original text so a saved model can travel with it.
/// </summary>
public sealed record SpeechConfig
{
    public required SpeechKind Kind { get; init; }
    public int HiddenSize { get; init; } = 768;
    public int Layers { get; init; } = 12;
    public int Heads { get; init; } = 12;
    public int IntermediateSize { get; init; } = 3072;
    public string HiddenAct { get; init; } = "gelu";
    public string FeatExtractActivation { get; init; } = "gelu";
    public IReadOnlyList<int> ConvDim { get; init; } = [512, 512, 512, 512, 512, 512, 512];
    public IReadOnlyList<int> ConvKernel { get; init; } = [10, 3, 3, 3, 3, 2, 2];
    public IReadOnlyList<int> ConvStride { get; init; } = [5, 2, 2, 2, 2, 2, 2];
    public bool ConvBias { get; init; }
    /// <summary>feat_extract_norm "layer": LayerNorm on every conv layer (large); false: GroupNorm on the first only (base).</summary>
    public bool LayerNormConvs { get; init; }
    /// <summary>do_stable_layer_norm: pre-LN encoder layers and the encoder's LayerNorm after them (large).</summary>
    public bool StableLayerNorm { get; init; }
    /// <summary>HuBERT's feat_proj_layer_norm; wav2vec2 always normalises before the projection.</summary>
    public bool FeatureProjectionNorm { get; init; } = true;
    public int PositionalKernel { get; init; } = 128;
    public int PositionalGroups { get; init; } = 16;
    public double LayerNormEps { get; init; } = 1e-5;
    public int ClassifierProjSize { get; init; } = 256;
    public bool UseWeightedLayerSum { get; init; }
    public double HiddenDropout { get; init; } = 0.1;
    public double AttentionDropout { get; init; } = 0.1;
    public double ActivationDropout { get; init; } = 0.1;
    public double FeatProjDropout { get; init; }
    public double LayerDrop { get; init; } = 0.1;
    public double InitializerRange { get; init; } = 0.02;
    /// <summary>apply_spec_augment: false turns SpecAugment's masks off whatever the probabilities say.</summary>
    public bool ApplySpecAugment { get; init; } = true;
    /// <summary>mask_time_prob: about this share of each clip's frames is replaced by masked_spec_embed in training.</summary>
    public double MaskTimeProb { get; init; } = 0.05;
    public int MaskTimeLength { get; init; } = 10;
    public int MaskTimeMinMasks { get; init; } = 2;
    /// <summary>mask_feature_prob: about this share of the hidden channels is zeroed over the whole clip in training.</summary>
    public double MaskFeatureProb { get; init; }
    public int MaskFeatureLength { get; init; } = 10;
    public int MaskFeatureMinMasks { get; init; }
    public string Json { get; init; } = "{}";

    /// <summary>Whether the encoder has masked_spec_embed: transformers creates it when either mask probability is above 0.</summary>
    public bool HasMaskedSpecEmbed => MaskTimeProb > 0 || MaskFeatureProb > 0;

    public string ModelName => Kind == SpeechKind.Hubert ? "hubert" : "wav2vec2";

    /// <summary>The checkpoint prefix of the encoder (<c>wav2vec2.</c>, <c>hubert.</c>).</summary>
    public string HubPrefix => ModelName + ".";

    /// <summary>The fewest samples that give one frame: the conv stack's receptive field.</summary>
    public int MinimumSamples
    {
        get
        {
            var receptive = 1;
            for (var i = ConvKernel.Count - 1; i >= 0; i--)
            {
                receptive = ((receptive - 1) * ConvStride[i]) + ConvKernel[i];
            }
            return receptive;
        }
    }

    /// <summary>The frames the conv stack makes of <paramref name="samples"/> samples (transformers' _get_feat_extract_output_lengths).</summary>
    public long Frames(long samples)
    {
        for (var i = 0; i < ConvKernel.Count; i++)
        {
            samples = samples < ConvKernel[i] ? 0 : ((samples - ConvKernel[i]) / ConvStride[i]) + 1;
        }
        return samples;
    }

    public static SpeechKind? KindOf(string modelType) => modelType.ToLowerInvariant() switch
    {
        "wav2vec2" => SpeechKind.Wav2Vec2,
        "hubert" => SpeechKind.Hubert,
        _ => null,
    };

    /// <summary>Reads <c>config.json</c> from a Hugging Face folder.</summary>
    public static SpeechConfig Read(string configPath, SourceLocation where) => File.Exists(configPath)
        ? Parse(File.ReadAllText(configPath), configPath, where)
        : throw Fail(SpeechErrorCodes.BadConfig, $"'{configPath}' does not exist: a Hugging Face model folder needs its config.json", where);

    /// <summary>Parses config.json text; <paramref name="source"/> names the file in errors.</summary>
    public static SpeechConfig Parse(string json, string source, SourceLocation where)
    {
        JsonObject root;
        try
        {
            root = JsonNode.Parse(json)?.AsObject() ?? throw new InvalidDataException("empty document");
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or InvalidDataException)
        {
            throw Fail(SpeechErrorCodes.BadConfig, $"'{source}' is not a JSON object: {e.Message}", where);
        }
        var r = new Reader(root, source, where);
        var type = r.Text("model_type")
            ?? throw Fail(SpeechErrorCodes.BadConfig, $"'{source}' has no model_type: add \"model_type\": \"wav2vec2\" (or hubert)", where);
        var kind = KindOf(type)
            ?? throw Fail(SpeechErrorCodes.ModelTypeMismatch, $"'{source}' has model_type '{type}': the speech encoders are wav2vec2 and hubert", where);
        foreach (var (key, what) in new[] { ("add_adapter", "the conv adapter after the encoder"), ("conv_pos_batch_norm", "batch norm in the positional conv embedding") })
        {
            if (r.Bool(key) == true)
            {
                throw Fail(SpeechErrorCodes.UnsupportedOption, $"'{source}' sets \"{key}\": true ({what}), which MlOps does not compute: use a checkpoint without it", where);
            }
        }
        if (root["adapter_attn_dim"] is JsonValue)
        {
            throw Fail(SpeechErrorCodes.UnsupportedOption, $"'{source}' sets \"adapter_attn_dim\" (MMS attention adapters), which MlOps does not compute: use a checkpoint without them", where);
        }
        var defaults = new SpeechConfig { Kind = kind };
        var norm = r.Text("feat_extract_norm") ?? "group";
        if (norm is not ("group" or "layer"))
        {
            throw Fail(SpeechErrorCodes.BadConfig, $"'{source}': \"feat_extract_norm\" is '{norm}', but must be \"group\" (base) or \"layer\" (large)", where);
        }
        var config = defaults with
        {
            HiddenSize = r.Int("hidden_size") ?? defaults.HiddenSize,
            Layers = r.Int("num_hidden_layers") ?? defaults.Layers,
            Heads = r.Int("num_attention_heads") ?? defaults.Heads,
            IntermediateSize = r.Int("intermediate_size") ?? defaults.IntermediateSize,
            HiddenAct = r.Text("hidden_act") ?? defaults.HiddenAct,
            FeatExtractActivation = r.Text("feat_extract_activation") ?? defaults.FeatExtractActivation,
            ConvDim = r.Ints("conv_dim") ?? defaults.ConvDim,
            ConvKernel = r.Ints("conv_kernel") ?? defaults.ConvKernel,
            ConvStride = r.Ints("conv_stride") ?? defaults.ConvStride,
            ConvBias = r.Bool("conv_bias") ?? false,
            LayerNormConvs = norm == "layer",
            StableLayerNorm = r.Bool("do_stable_layer_norm") ?? false,
            FeatureProjectionNorm = kind == SpeechKind.Wav2Vec2 || (r.Bool("feat_proj_layer_norm") ?? true),
            PositionalKernel = r.Int("num_conv_pos_embeddings") ?? defaults.PositionalKernel,
            PositionalGroups = r.Int("num_conv_pos_embedding_groups") ?? defaults.PositionalGroups,
            LayerNormEps = r.Number("layer_norm_eps") ?? defaults.LayerNormEps,
            ClassifierProjSize = r.Int("classifier_proj_size") ?? defaults.ClassifierProjSize,
            UseWeightedLayerSum = r.Bool("use_weighted_layer_sum") ?? false,
            HiddenDropout = r.Number("hidden_dropout") ?? defaults.HiddenDropout,
            AttentionDropout = r.Number("attention_dropout") ?? defaults.AttentionDropout,
            ActivationDropout = r.Number("activation_dropout") ?? defaults.ActivationDropout,
            FeatProjDropout = r.Number("feat_proj_dropout") ?? defaults.FeatProjDropout,
            LayerDrop = r.Number("layerdrop") ?? defaults.LayerDrop,
            InitializerRange = r.Number("initializer_range") ?? defaults.InitializerRange,
            ApplySpecAugment = r.Bool("apply_spec_augment") ?? true,
            MaskTimeProb = r.Number("mask_time_prob") ?? defaults.MaskTimeProb,
            MaskTimeLength = r.Int("mask_time_length") ?? defaults.MaskTimeLength,
            MaskTimeMinMasks = r.Int("mask_time_min_masks") ?? defaults.MaskTimeMinMasks,
            MaskFeatureProb = r.Number("mask_feature_prob") ?? defaults.MaskFeatureProb,
            MaskFeatureLength = r.Int("mask_feature_length") ?? defaults.MaskFeatureLength,
            MaskFeatureMinMasks = r.Int("mask_feature_min_masks") ?? defaults.MaskFeatureMinMasks,
            Json = json,
        };
        Check(config, r.Int("num_feat_extract_layers"), source, where);
        return config;
    }

    private static void Check(SpeechConfig c, int? declaredConvLayers, string source, SourceLocation where)
    {
        string? problem = null;
        if (c.ConvDim.Count == 0 || c.ConvDim.Count != c.ConvKernel.Count || c.ConvDim.Count != c.ConvStride.Count)
        {
            problem = $"conv_dim, conv_kernel and conv_stride must list as many conv layers each (they list {c.ConvDim.Count}, {c.ConvKernel.Count} and {c.ConvStride.Count})";
        }
        else if (declaredConvLayers is { } n && n != c.ConvDim.Count)
        {
            problem = $"num_feat_extract_layers is {n}, but conv_dim lists {c.ConvDim.Count} layers";
        }
        else if (c.ConvDim.Concat(c.ConvKernel).Concat(c.ConvStride).Any(v => v == 0))
        {
            problem = "conv_dim, conv_kernel and conv_stride must be ≥ 1";
        }
        else if (c.Heads == 0 || c.HiddenSize % c.Heads != 0)
        {
            problem = $"hidden size {c.HiddenSize} does not split into {c.Heads} attention heads";
        }
        else if (c.PositionalGroups == 0 || c.HiddenSize % c.PositionalGroups != 0 || c.PositionalKernel == 0)
        {
            problem = $"hidden size {c.HiddenSize} does not split into {c.PositionalGroups} positional conv groups (num_conv_pos_embedding_groups), or num_conv_pos_embeddings is 0";
        }
        else if (c.HiddenSize == 0 || c.Layers == 0 || c.IntermediateSize == 0 || c.ClassifierProjSize == 0)
        {
            problem = "hidden_size, num_hidden_layers, intermediate_size and classifier_proj_size must be ≥ 1";
        }
        else if (c.MaskTimeProb is < 0 or > 1 || c.MaskFeatureProb is < 0 or > 1)
        {
            problem = "mask_time_prob and mask_feature_prob must lie between 0 and 1";
        }
        else if (c.MaskTimeLength == 0 || c.MaskFeatureLength == 0)
        {
            problem = "mask_time_length and mask_feature_length must be ≥ 1";
        }
        else if (c.ApplySpecAugment && c.MaskFeatureProb > 0 && c.MaskFeatureLength > c.HiddenSize)
        {
            problem = $"mask_feature_length {c.MaskFeatureLength} is longer than hidden_size {c.HiddenSize}";
        }
        if (problem is not null)
        {
            throw Fail(SpeechErrorCodes.BadConfig, $"'{source}': {problem}", where);
        }
    }

    internal static MlOpsException Fail(string code, string message, SourceLocation where) => new(Diagnostic.Error(code, message, where));

    /// <summary>Typed reads of config.json keys; a wrong type is an error naming the file and key.</summary>
    private sealed class Reader(JsonObject root, string source, SourceLocation where)
    {
        public string? Text(string key) => root[key] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

        public bool? Bool(string key) => root[key] is JsonValue v && v.TryGetValue<bool>(out var b) ? b : null;

        public double? Number(string key) => root[key] is JsonValue v && v.TryGetValue<double>(out var d) ? d : null;

        public int? Int(string key) => Number(key) is { } d ? Whole(key, d) : null;

        public IReadOnlyList<int>? Ints(string key) => root[key] switch
        {
            JsonArray list => [.. list.Select(item => item is JsonValue v && v.TryGetValue<double>(out var d) ? Whole(key, d)
                : throw Fail(SpeechErrorCodes.BadConfig, $"'{source}': \"{key}\" must list whole numbers", where))],
            null => null,
            _ => throw Fail(SpeechErrorCodes.BadConfig, $"'{source}': \"{key}\" must be a list of whole numbers", where),
        };

        private int Whole(string key, double d) => d == Math.Floor(d) && d is >= 0 and <= int.MaxValue
            ? (int)d
            : throw Fail(SpeechErrorCodes.BadConfig, string.Create(CultureInfo.InvariantCulture, $"'{source}': \"{key}\" must be a whole number ≥ 0, not {d}"), where);
    }
}
