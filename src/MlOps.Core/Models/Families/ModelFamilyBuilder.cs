using MlOps.Contracts.Diagnostics;
using MlOps.Core.Models.Checkpoints;
using MlOps.Core.Models.Transformers;
using MlOps.Specs.Model;

namespace MlOps.Core.Models.Families;

/// <summary>
/// The run half of a built-in model family: builds each of its <c>base.model</c> names for the
/// data's shape, and may claim a checkpoint (settle <c>auto</c> from what the checkpoint says, or
/// refuse a name that disagrees). Its spec half (MlOps.Specs.Families.ModelFamilyDefinition) is
/// registered under the same <see cref="Key"/>.
/// </summary>
public abstract class ModelFamilyBuilder
{
    public abstract string Key { get; }

    /// <summary>The <c>base.model</c> names this family builds.</summary>
    public abstract IReadOnlyList<string> Names { get; }

    /// <exception cref="ArgumentException">The shape does not suit the model; the message says why.</exception>
    public abstract FineTuneModule Create(string name, ModelShape shape);

    /// <summary>
    /// The model and config this family reads from the checkpoint, or null when the checkpoint is
    /// not this family's (another family may claim it). Throws when the checkpoint is this family's
    /// but base.model or the files disagree with it.
    /// </summary>
    public virtual ResolvedBase? Resolve(BaseModelSpec spec, ModelMetadata? metadata, SourceLocation where) => null;

    /// <summary>
    /// What this family reads from audio data: null for log-mel spectrograms (the default), or raw
    /// waveforms and how to prepare them (wav2vec2, hubert: from the checkpoint's preprocessor_config.json).
    /// </summary>
    public virtual Data.WaveformInput? AudioInput(BaseModelSpec spec, AudioSpec audio, SourceLocation where) => null;
}
