using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using MlOps.Contracts.Diagnostics;
using MlOps.Specs.Model;

namespace MlOps.Core.Models.Transformers;

/// <summary>
/// The sizes and options of a BERT-family encoder, read from a Hugging Face <c>config.json</c>.
/// DistilBERT spells its keys differently (dim, n_layers, n_heads, hidden_dim, dropout); both
/// spellings land here. <see cref="Json"/> keeps the original text so a saved model can travel
/// with it.
/// </summary>
public sealed record TransformerConfig
{
    public required TransformerKind Kind { get; init; }
    public required int VocabSize { get; init; }
    public required int HiddenSize { get; init; }
    public required int Layers { get; init; }
    public required int Heads { get; init; }
    public required int IntermediateSize { get; init; }
    public int MaxPositions { get; init; } = 512;
    public int TypeVocabSize { get; init; } = 2;
    public int PadTokenId { get; init; }
    public double LayerNormEps { get; init; } = 1e-12;
    public string HiddenAct { get; init; } = "gelu";
    public double HiddenDropout { get; init; } = 0.1;
    public double AttentionDropout { get; init; } = 0.1;
    /// <summary>BERT/RoBERTa classifier_dropout (falls back to the hidden dropout); DistilBERT seq_classif_dropout.</summary>
    public double ClassifierDropout { get; init; } = 0.1;
    public double InitializerRange { get; init; } = 0.02;
    /// <summary>The config.json text as read (or as written for a config built in code).</summary>
    public string Json { get; init; } = "{}";

    public int HeadSize => HiddenSize / Heads;

    /// <summary>The registry name of this architecture (bert, distilbert, roberta).</summary>
    public string ModelName => Kind.ToString().ToLowerInvariant();

    /// <summary>The BERT-family architecture a config.json <c>model_type</c> (lower case) names; null when it is not one.</summary>
    public static TransformerKind? KindOf(string modelType) => modelType switch
    {
        "bert" => TransformerKind.Bert,
        "distilbert" => TransformerKind.DistilBert,
        "roberta" or "xlm-roberta" => TransformerKind.Roberta,
        _ => null,
    };

    /// <summary>Parses config.json text; <paramref name="source"/> names the file in errors.</summary>
    public static TransformerConfig Parse(string json, string source, SourceLocation where)
    {
        JsonObject root;
        try
        {
            root = JsonNode.Parse(json)?.AsObject() ?? throw new InvalidDataException("empty document");
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or InvalidDataException)
        {
            throw Fail(TransformerErrorCodes.BadConfig, $"'{source}' is not a JSON object: {e.Message}", where);
        }
        var type = Text(root, "model_type")?.ToLowerInvariant();
        var kind = type is null
            ? throw Fail(TransformerErrorCodes.BadConfig, $"'{source}' has no model_type: add \"model_type\": \"bert\" (or distilbert, roberta)", where)
            : KindOf(type) ?? throw Fail(TransformerErrorCodes.UnsupportedModelType, $"'{source}' has model_type '{type}': supported are bert, distilbert and roberta", where);
        var distil = kind == TransformerKind.DistilBert;
        int Size(string key, string distilKey) =>
            Int(root, where, distil ? distilKey : key) ?? throw Fail(TransformerErrorCodes.BadConfig,
                $"'{source}' lacks \"{(distil ? distilKey : key)}\", which a {type} model needs", where);
        var hidden = Size("hidden_size", "dim");
        var heads = Size("num_attention_heads", "n_heads");
        if (heads == 0 || hidden % heads != 0)
        {
            throw Fail(TransformerErrorCodes.BadConfig, $"'{source}': hidden size {hidden} is not a multiple of the {heads} attention heads", where);
        }
        var hiddenDropout = Number(root, distil ? "dropout" : "hidden_dropout_prob") ?? 0.1;
        return new TransformerConfig
        {
            Kind = kind,
            VocabSize = Size("vocab_size", "vocab_size"),
            HiddenSize = hidden,
            Layers = Size("num_hidden_layers", "n_layers"),
            Heads = heads,
            IntermediateSize = Size("intermediate_size", "hidden_dim"),
            MaxPositions = Int(root, where, "max_position_embeddings") ?? 512,
            TypeVocabSize = distil ? 0 : Int(root, where, "type_vocab_size") ?? 2,
            PadTokenId = Int(root, where, "pad_token_id") ?? (kind == TransformerKind.Roberta ? 1 : 0),
            // DistilBERT hard-codes 1e-12; RoBERTa checkpoints say 1e-5 in their config.
            LayerNormEps = distil ? 1e-12 : Number(root, "layer_norm_eps") ?? 1e-12,
            HiddenAct = Text(root, distil ? "activation" : "hidden_act") ?? "gelu",
            HiddenDropout = hiddenDropout,
            AttentionDropout = Number(root, distil ? "attention_dropout" : "attention_probs_dropout_prob") ?? 0.1,
            ClassifierDropout = Number(root, distil ? "seq_classif_dropout" : "classifier_dropout") ?? hiddenDropout,
            InitializerRange = Number(root, "initializer_range") ?? 0.02,
            Json = json,
        };
    }

    /// <summary>Reads <c>config.json</c> from a Hugging Face folder.</summary>
    public static TransformerConfig Read(string configPath, SourceLocation where)
    {
        if (!File.Exists(configPath))
        {
            throw Fail(TransformerErrorCodes.BadConfig, $"'{configPath}' does not exist: a Hugging Face model folder needs its config.json", where);
        }
        return Parse(File.ReadAllText(configPath), configPath, where);
    }

    private static MlOpsException Fail(string code, string message, SourceLocation where) =>
        new(Diagnostic.Error(code, message, where));

    private static string? Text(JsonObject root, string key) =>
        root[key] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static double? Number(JsonObject root, string key) =>
        root[key] is JsonValue v && v.TryGetValue<double>(out var d) ? d : null;

    private static int? Int(JsonObject root, SourceLocation where, string key) => Number(root, key) is { } d
        ? d == Math.Floor(d) && d is >= 0 and <= int.MaxValue ? (int)d
            : throw Fail(TransformerErrorCodes.BadConfig, string.Create(CultureInfo.InvariantCulture, $"config.json \"{key}\" must be a whole number ≥ 0, not {d}"), where)
        : null;
}

/// <summary>The three encoders this product builds.</summary>
public enum TransformerKind { Bert, DistilBert, Roberta }

