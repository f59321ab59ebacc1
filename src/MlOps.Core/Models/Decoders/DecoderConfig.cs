using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using MlOps.Contracts.Diagnostics;
using MlOps.Specs.Model;

namespace MlOps.Core.Models.Decoders;

/// <summary>
/// The sizes and options of a decoder, read from a Hugging Face <c>config.json</c>. GPT-2 spells its
/// keys differently (n_embd, n_layer, n_head, n_inner, n_positions, layer_norm_epsilon); both land
/// here. <see cref="Json"/> keeps the original text so a saved model can travel with it.
/// </summary>
public sealed record DecoderConfig
{
    public required DecoderKind Kind { get; init; }
    public required int VocabSize { get; init; }
    public required int HiddenSize { get; init; }
    public required int Layers { get; init; }
    public required int Heads { get; init; }
    /// <summary>Key/value heads (grouped-query attention); equal to <see cref="Heads"/> for multi-head attention.</summary>
    public required int KeyValueHeads { get; init; }
    public required int HeadDim { get; init; }
    public required int IntermediateSize { get; init; }
    public required int MaxPositions { get; init; }
    /// <summary>RMSNorm's (Llama family) or LayerNorm's (GPT-2) epsilon.</summary>
    public required double NormEps { get; init; }
    public double RopeTheta { get; init; } = 10000;
    public RopeScaling? RopeScaling { get; init; }
    public bool TieWordEmbeddings { get; init; }
    /// <summary>Bias on q/k/v (Qwen2 always; Llama's attention_bias also on o_proj, see <see cref="OutputBias"/>).</summary>
    public bool QkvBias { get; init; }
    public bool OutputBias { get; init; }
    public bool MlpBias { get; init; }
    public string HiddenAct { get; init; } = "silu";
    public double AttentionDropout { get; init; }
    /// <summary>GPT-2's dropout after the embeddings and on each residual branch.</summary>
    public double ResidualDropout { get; init; }
    /// <summary>The window Mistral/Qwen2 attention is limited to; null when attention sees the whole sequence.</summary>
    public int? SlidingWindow { get; init; }
    /// <summary>
    /// The window the attention masks apply (Mistral: every layer); null for full attention. Qwen2 applies
    /// its window only from max_window_layers on, which is not computed: its <see cref="SlidingWindow"/>
    /// stays a limit on the sequence length instead (MLOPS372).
    /// </summary>
    public int? AttentionWindow => Kind == DecoderKind.Mistral ? SlidingWindow : null;
    /// <summary>pad_token_id, else the (first) eos_token_id: what the tokenizer pads with when it has no pad token.</summary>
    public int PadTokenId { get; init; }
    public IReadOnlyList<int> EosTokenIds { get; init; } = [];
    public double InitializerRange { get; init; } = 0.02;
    public string Json { get; init; } = "{}";

    public bool IsGpt2 => Kind == DecoderKind.Gpt2;

    public string ModelName => Kind.Name();

    /// <summary>Parses config.json text; <paramref name="source"/> names the file in errors.</summary>
    public static DecoderConfig Parse(string json, string source, SourceLocation where)
    {
        JsonObject root;
        try
        {
            root = JsonNode.Parse(json)?.AsObject() ?? throw new InvalidDataException("empty document");
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or InvalidDataException)
        {
            throw Fail(DecoderErrorCodes.BadConfig, $"'{source}' is not a JSON object: {e.Message}", where);
        }
        var reader = new ConfigReader(root, source, where);
        var type = reader.Text("model_type")?.ToLowerInvariant()
            ?? throw Fail(DecoderErrorCodes.BadConfig, $"'{source}' has no model_type: add \"model_type\": \"llama\" (or mistral, qwen2, gpt2)", where);
        var kind = DecoderKinds.Of(type)
            ?? throw Fail(DecoderErrorCodes.ModelTypeMismatch, $"'{source}' has model_type '{type}': the decoders are llama, mistral, qwen2 and gpt2", where);
        var config = kind == DecoderKind.Gpt2 ? Gpt2(reader) : Llama(reader, kind);
        if (config.Heads == 0 || config.KeyValueHeads == 0 || config.Heads % config.KeyValueHeads != 0)
        {
            throw Fail(DecoderErrorCodes.BadConfig, $"'{source}': {config.Heads} attention heads cannot share {config.KeyValueHeads} key/value heads (the first must be a multiple of the second)", where);
        }
        if (config.IsGpt2 ? config.HiddenSize % config.Heads != 0 : config.HeadDim % 2 != 0)
        {
            throw Fail(DecoderErrorCodes.BadConfig, $"'{source}': hidden size {config.HiddenSize} and {config.Heads} heads give no whole, even head size", where);
        }
        var eos = reader.Ids("eos_token_id");
        return config with
        {
            EosTokenIds = eos,
            PadTokenId = reader.Int("pad_token_id") ?? (eos.Count > 0 ? eos[0] : 0),
            InitializerRange = reader.Number("initializer_range") ?? 0.02,
            Json = json,
        };
    }

    /// <summary>Reads <c>config.json</c> from a Hugging Face folder.</summary>
    public static DecoderConfig Read(string configPath, SourceLocation where) => File.Exists(configPath)
        ? Parse(File.ReadAllText(configPath), configPath, where)
        : throw Fail(DecoderErrorCodes.BadConfig, $"'{configPath}' does not exist: a Hugging Face model folder needs its config.json", where);

    private static DecoderConfig Llama(ConfigReader r, DecoderKind kind)
    {
        var hidden = r.Required("hidden_size");
        var heads = r.Required("num_attention_heads");
        // transformers 5 moves rope_theta and the scaling into rope_parameters; older files have both at the top.
        var parameters = r.Object("rope_parameters");
        var scaling = RopeScaling.Read(parameters ?? r.Object("rope_scaling"), r.Source, r.Where);
        var sliding = kind switch
        {
            DecoderKind.Mistral => r.Int("sliding_window"),
            DecoderKind.Qwen2 => r.Bool("use_sliding_window") == true ? r.Int("sliding_window") : null,
            _ => null,
        };
        var attentionBias = r.Bool("attention_bias") ?? false;
        return new DecoderConfig
        {
            Kind = kind,
            VocabSize = r.Required("vocab_size"),
            HiddenSize = hidden,
            Layers = r.Required("num_hidden_layers"),
            Heads = heads,
            KeyValueHeads = r.Int("num_key_value_heads") ?? heads,
            HeadDim = r.Int("head_dim") ?? (heads > 0 ? hidden / heads : 0),
            IntermediateSize = r.Required("intermediate_size"),
            MaxPositions = r.Int("max_position_embeddings") ?? 2048,
            NormEps = r.Number("rms_norm_eps") ?? 1e-6,
            RopeTheta = (parameters is null ? null : new ConfigReader(parameters, r.Source, r.Where).Number("rope_theta")) ?? r.Number("rope_theta") ?? 10000,
            RopeScaling = scaling,
            TieWordEmbeddings = r.Bool("tie_word_embeddings") ?? false,
            QkvBias = kind == DecoderKind.Qwen2 || attentionBias,
            OutputBias = kind != DecoderKind.Qwen2 && attentionBias,
            MlpBias = r.Bool("mlp_bias") ?? false,
            HiddenAct = r.Text("hidden_act") ?? "silu",
            AttentionDropout = r.Number("attention_dropout") ?? 0,
            SlidingWindow = sliding,
        };
    }

    private static DecoderConfig Gpt2(ConfigReader r)
    {
        var hidden = r.Required("n_embd");
        var heads = r.Required("n_head");
        if (r.Bool("scale_attn_by_inverse_layer_idx") == true)
        {
            throw Fail(DecoderErrorCodes.BadConfig, $"'{r.Source}' sets scale_attn_by_inverse_layer_idx, which MlOps does not compute: use a GPT-2 checkpoint without it", r.Where);
        }
        return new DecoderConfig
        {
            Kind = DecoderKind.Gpt2,
            VocabSize = r.Required("vocab_size"),
            HiddenSize = hidden,
            Layers = r.Required("n_layer"),
            Heads = heads,
            KeyValueHeads = heads,
            HeadDim = heads > 0 ? hidden / heads : 0,
            IntermediateSize = r.Int("n_inner") ?? 4 * hidden,
            MaxPositions = r.Int("n_positions") ?? 1024,
            NormEps = r.Number("layer_norm_epsilon") ?? 1e-5,
            TieWordEmbeddings = r.Bool("tie_word_embeddings") ?? true,
            QkvBias = true,
            OutputBias = true,
            MlpBias = true,
            HiddenAct = r.Text("activation_function") ?? "gelu_new",
            AttentionDropout = r.Number("attn_pdrop") ?? 0.1,
            ResidualDropout = r.Number("resid_pdrop") ?? 0.1,
        };
    }

    internal static MlOpsException Fail(string code, string message, SourceLocation where) => new(Diagnostic.Error(code, message, where));
}

/// <summary>Typed reads of config.json keys; a wrong type is an error naming the file and key.</summary>
internal sealed class ConfigReader(JsonObject root, string source, SourceLocation where)
{
    public string Source => source;

    public SourceLocation Where => where;

    public string? Text(string key) => root[key] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    public bool? Bool(string key) => root[key] is JsonValue v && v.TryGetValue<bool>(out var b) ? b : null;

    public double? Number(string key) => root[key] is JsonValue v && v.TryGetValue<double>(out var d) ? d : null;

    public JsonObject? Object(string key) => root[key] as JsonObject;

    public int? Int(string key) => Number(key) is { } d
        ? d == Math.Floor(d) && d is >= 0 and <= int.MaxValue ? (int)d
            : throw DecoderConfig.Fail(DecoderErrorCodes.BadConfig, string.Create(CultureInfo.InvariantCulture, $"'{source}': \"{key}\" must be a whole number ≥ 0, not {d}"), where)
        : null;

    public int Required(string key) => Int(key)
        ?? throw DecoderConfig.Fail(DecoderErrorCodes.BadConfig, $"'{source}' lacks \"{key}\", which a {Text("model_type")} model needs", where);

    /// <summary>An id or a list of ids (Llama 3 lists several end-of-sequence ids).</summary>
    public IReadOnlyList<int> Ids(string key) => root[key] switch
    {
        JsonArray list => [.. list.OfType<JsonValue>().Where(v => v.TryGetValue<double>(out _)).Select(v => (int)v.GetValue<double>())],
        JsonValue => Int(key) is { } id ? [id] : [],
        _ => [],
    };
}
