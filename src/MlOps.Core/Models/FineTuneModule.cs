using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MlOps.Core.Models;

/// <summary>
/// A classifier as fine-tuning sees it: a backbone that turns inputs into features, and a linear
/// head named <c>head</c> that turns features into class scores. Parameter names therefore start
/// with <c>backbone.</c> or <c>head.</c>, which is what <c>freeze</c> and <c>layer_lr</c> globs match.
/// User models derive from this class and carry <see cref="FineTuneModelAttribute"/>.
/// </summary>
public abstract class FineTuneModule : nn.Module<Tensor, Tensor>
{
    /// <summary>The classifier; replaced by a fresh one when a checkpoint's labels differ.</summary>
    public Linear head;

    protected FineTuneModule(string name, int featureSize, int classCount)
        : base(name)
    {
        FeatureSize = featureSize;
        ClassCount = classCount;
        head = nn.Linear(featureSize, classCount);
    }

    public int FeatureSize { get; }

    public int ClassCount { get; }

    /// <summary>
    /// Parameter-name prefixes of the task head: what head: replace initialises afresh and the
    /// forgetting check keeps from the original model. More than <c>head.</c> when the head has
    /// layers before the final Linear (DistilBERT's <c>pre_classifier.</c>).
    /// </summary>
    public virtual IReadOnlyList<string> HeadPrefixes => ["head."];

    /// <summary>True when the parameter belongs to the task head (see <see cref="HeadPrefixes"/>).</summary>
    public bool IsHead(string parameterName) => HeadPrefixes.Any(p => parameterName.StartsWith(p, StringComparison.Ordinal));

    /// <summary>
    /// Whether bf16 training (training.precision) may cast this model's float inputs to bfloat16.
    /// False for models whose float input carries integer ids (token ids): bf16 would round every id
    /// above 256. Such models convert the ids themselves and compute in their weights' type.
    /// </summary>
    public virtual bool CastInputsToComputeType => true;

    /// <summary>
    /// Parameter globs of a conv feature encoder that stays frozen unless base.freeze_feature_encoder
    /// is false (wav2vec2 / HuBERT, as transformers' freeze_feature_encoder()); empty for other models.
    /// </summary>
    public virtual IReadOnlyList<string> FeatureEncoder => [];

    /// <summary>The backbone: inputs (batch × sample shape) to features (batch × FeatureSize).</summary>
    public abstract Tensor Features(Tensor input);

    public override Tensor forward(Tensor input)
    {
        using var features = Features(input);
        return head.forward(features);
    }
}
