using System.Globalization;
using MlOps.Contracts.Diagnostics;
using MlOps.Core.Models.Checkpoints;
using MlOps.Core.Models.Transformers;
using MlOps.Specs.Model;
using static TorchSharp.torch;

namespace MlOps.Core.Tests.Models.Transformers;

/// <summary>
/// Tiny BERT-family configs (hidden 16, 2 heads) and checkpoints written the way the Hub stores
/// them: config.json plus model.safetensors (or shards) under Hugging Face tensor names.
/// </summary>
internal static class TinyTransformers
{
    public const int Vocab = 40;
    public static readonly SourceLocation Where = new("spec.yaml", 5, 3);

    public static string ConfigJson(TransformerKind kind, int layers = 1, double dropout = 0.1) => kind switch
    {
        TransformerKind.DistilBert => string.Create(CultureInfo.InvariantCulture,
            $$"""{"model_type":"distilbert","vocab_size":{{Vocab}},"dim":16,"n_layers":{{layers}},"n_heads":2,"hidden_dim":32,"max_position_embeddings":32,"pad_token_id":0,"activation":"gelu","dropout":{{dropout}},"attention_dropout":{{dropout}},"seq_classif_dropout":{{dropout}}}"""),
        TransformerKind.Roberta => string.Create(CultureInfo.InvariantCulture,
            $$"""{"model_type":"roberta","vocab_size":{{Vocab}},"hidden_size":16,"num_hidden_layers":{{layers}},"num_attention_heads":2,"intermediate_size":32,"max_position_embeddings":34,"type_vocab_size":1,"pad_token_id":1,"layer_norm_eps":1e-5,"hidden_act":"gelu","hidden_dropout_prob":{{dropout}},"attention_probs_dropout_prob":{{dropout}},"classifier_dropout":null}"""),
        _ => string.Create(CultureInfo.InvariantCulture,
            $$"""{"model_type":"bert","vocab_size":{{Vocab}},"hidden_size":16,"num_hidden_layers":{{layers}},"num_attention_heads":2,"intermediate_size":32,"max_position_embeddings":32,"type_vocab_size":2,"pad_token_id":0,"layer_norm_eps":1e-12,"hidden_act":"gelu","hidden_dropout_prob":{{dropout}},"attention_probs_dropout_prob":{{dropout}}}"""),
    };

    public static TransformerConfig Config(TransformerKind kind, int layers = 1, double dropout = 0.1) =>
        TransformerConfig.Parse(ConfigJson(kind, layers, dropout), "config.json", Where);

    public static TransformerClassifier Classifier(TransformerKind kind, int classes = 2, int seed = 1, int layers = 1, double dropout = 0.1)
    {
        manual_seed(seed);
        return new TransformerClassifier(Config(kind, layers, dropout), classes);
    }

    /// <summary>Our name → the name a Hub ForSequenceClassification checkpoint uses (bare: a saved base model).</summary>
    public static string HubName(TransformerKind kind, string ours, bool bare = false)
    {
        var encoder = kind switch { TransformerKind.DistilBert => "distilbert.", TransformerKind.Roberta => "roberta.", _ => "bert." };
        if (ours.StartsWith("backbone.", StringComparison.Ordinal))
        {
            return (bare ? "" : encoder) + ours["backbone.".Length..];
        }
        if (kind == TransformerKind.Roberta)
        {
            return ours.Replace("pre_classifier.", "classifier.dense.", StringComparison.Ordinal).Replace("head.", "classifier.out_proj.", StringComparison.Ordinal);
        }
        return ours.StartsWith("head.", StringComparison.Ordinal) ? "classifier." + ours["head.".Length..] : ours;
    }

    /// <summary>The model's tensors under Hub names (clones; the caller disposes).</summary>
    public static Dictionary<string, Tensor> HubState(nn.Module model, TransformerKind kind, bool bare = false, Func<string, bool>? include = null) =>
        model.state_dict().Where(p => include?.Invoke(p.Key) ?? true)
            .ToDictionary(p => HubName(kind, p.Key, bare), p => p.Value.detach().clone(), StringComparer.Ordinal);

    /// <summary>config.json + model.safetensors with the given tensors, as the Hub lays a folder out.</summary>
    public static string WriteFolder(string folder, TransformerKind kind, IReadOnlyDictionary<string, Tensor> tensors, int layers = 1, double dropout = 0.1)
    {
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "config.json"), ConfigJson(kind, layers, dropout));
        SafeTensorsFile.Write(Path.Combine(folder, "model.safetensors"), tensors, new Dictionary<string, string> { ["format"] = "pt" });
        return folder;
    }

    /// <summary>Token ids as the data stage hands them over: floats, padded to <paramref name="width"/> with the pad id.</summary>
    public static Tensor Ids(long pad, int width, params long[][] rows)
    {
        var data = new float[rows.Length * width];
        for (var r = 0; r < rows.Length; r++)
        {
            for (var c = 0; c < width; c++)
            {
                data[(r * width) + c] = c < rows[r].Length ? rows[r][c] : pad;
            }
        }
        return tensor(data, [rows.Length, width]);
    }

    public static Dictionary<string, float[]> Weights(nn.Module model) =>
        model.state_dict().ToDictionary(p => p.Key, p => p.Value.to(ScalarType.Float32).data<float>().ToArray());
}
