using MlOps.Specs.Gates;
using MlOps.Specs.Model;

namespace MlOps.Specs;

/// <summary>
/// The keys the loader accepts, per mapping path (`training.optimizer`, `gates[]` for each list
/// entry). The loader checks keys against this table and a test checks it against the JSON Schema,
/// so the two cannot drift apart. Gate entries take their keys from the registered gate kinds.
/// </summary>
public static class SpecGrammar
{
    /// <summary>The keys of each built-in gate kind; <see cref="Gates.GateKinds"/> owns them.</summary>
    public static IReadOnlyList<string> MetricGateKeys => Gates.GateKinds.Of(Model.GateKind.Metric).Keys;

    public static IReadOnlyList<string> OverfitGateKeys => Gates.GateKinds.Of(Model.GateKind.Overfit).Keys;

    public static IReadOnlyList<string> ForgettingGateKeys => Gates.GateKinds.Of(Model.GateKind.Forgetting).Keys;

    /// <summary>Mapping path → allowed keys, in documentation order.</summary>
    public static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> Mappings = new Dictionary<string, IReadOnlyList<string>>
    {
        [""] = ["name", "seed", "device", "base", "data", "training", "evaluation", "gates", "bias", "tracking", "adapter", "sweep", "export"],
        ["base"] = ["model", "checkpoint", "config", "head", "hidden", "dropout", "freeze_feature_encoder"],
        ["data"] =
        [
            "format", "train", "train_labels", "validation", "validation_labels", "test", "test_labels", "split", "label", "classes",
            "include", "exclude", "categorical", "missing", "sensitive",
            "text", "max_length", "tokenizer",
            "image", "augment", "path_column", "skip_unreadable",
            "audio",
            "out_of_core",
        ],
        ["data.image"] = ["size", "resize", "crop", "mean", "std", "channels"],
        // A one-key mapping: the transform and its amount (ImageDataBinder reads it).
        ["data.augment[]"] = Model.AugmentSpec.Kinds,
        ["data.split"] = ["validation", "test", "stratify"],
        ["data.audio"] = ["sample_rate", "seconds", "n_mels", "n_fft", "hop_length", "f_min", "f_max", "mel_scale", "top_db", "path_column", "augment"],
        ["data.audio.augment"] =
        [
            "copies", "gain_db", "shift_seconds", "noise", "noise_min_snr_db", "noise_max_snr_db",
            "time_masks", "time_mask_frames", "freq_masks", "freq_mask_bins",
        ],
        ["data.sensitive[]"] = ["name", "column", "bins", "one_hot", "use_as_feature", "missing"],
        ["training"] =
        [
            "epochs", "batch_size", "optimizer", "layer_lr", "freeze", "schedule", "grad_clip",
            "gradient_accumulation", "early_stopping", "budget", "threads", "objective", "mask_probability", "precision",
            "repeats", "seeds", "max_length", "train_on_prompt", "packing",
        ],
        ["training.optimizer"] = ["type", "lr", "weight_decay", "momentum"],
        ["training.schedule"] = ["type", "warmup_ratio"],
        ["training.early_stopping"] = ["metric", "patience", "min_delta", "restore_best"],
        ["training.budget"] = ["max_minutes"],
        ["evaluation"] = ["metrics", "positive_label", "forgetting", "bootstrap", "generation"],
        ["evaluation.forgetting"] = ["data", "labels", "metric", "text"],
        ["evaluation.bootstrap"] = ["samples", "confidence"],
        ["evaluation.generation"] = ["max_new_tokens", "sampling", "examples"],
        ["evaluation.generation.sampling"] = ["seed", "temperature", "top_k", "top_p"],
        // Any registered gate kind's keys (each kind checks its own).
        ["gates[]"] = [.. Gates.GateKinds.All.SelectMany(k => k.Keys).Distinct()],
        ["bias[]"] = ["attribute", "metric", "max", "min", "min_group_size", "privileged", "use_bound", "severity", "favourable_label", "groups", "undefined_rate", "counterfactual"],
        ["bias[].counterfactual"] = ["template", "reference", "groups"],
        ["tracking"] = ["uri", "experiment", "register_as", "promote_alias", "champion_alias", "register_on"],
        ["adapter"] = ["type", "r", "alpha", "dropout", "targets", "merge"],
        ["export"] = ["onnx", "opset"],
        ["sweep"] = ["method", "trials", "seed", "metric", "parameters"],
        // The sweepable paths; Sweeps.SweepParameters owns them.
        ["sweep.parameters"] = Sweeps.SweepParameters.Paths,
    };

    /// <summary>Mappings whose keys are the user's own (globs, group names); their values are typed.</summary>
    public static readonly IReadOnlyList<string> FreeFormMappings = ["data.sensitive[].one_hot", "training.layer_lr", "bias[].counterfactual.groups"];
}
