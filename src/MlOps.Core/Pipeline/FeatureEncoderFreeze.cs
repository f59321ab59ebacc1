using MlOps.Contracts.Diagnostics;
using MlOps.Core.Models;
using MlOps.Core.Models.Speech;
using MlOps.Specs.Model;

namespace MlOps.Core.Pipeline;

/// <summary>
/// base.freeze_feature_encoder: a speech encoder's conv feature encoder joins training.freeze unless
/// the spec sets it to false (frozen is the family's default, as in transformers' fine-tuning recipes).
/// </summary>
internal static class FeatureEncoderFreeze
{
    public static TrainingSpec Apply(RunContext run, FineTuneModule model, TrainingSpec training)
    {
        var asked = run.Spec.Base.FreezeFeatureEncoder;
        if (asked is not null && model.FeatureEncoder.Count == 0)
        {
            throw new MlOpsException(Diagnostic.Error(SpeechErrorCodes.FreezeNotApplicable,
                $"base.freeze_feature_encoder is set, but the {model.GetName()} model has no conv feature encoder (only wav2vec2 and hubert have one): remove it, or freeze parameters by name with training.freeze",
                run.BaseLocation));
        }
        return asked ?? true ? training with { Freeze = [.. training.Freeze, .. model.FeatureEncoder] } : training;
    }
}
