using MlOps.Contracts.Diagnostics;
using MlOps.Core.Models.Checkpoints;
using MlOps.Core.Models.Speech;
using MlOps.Core.Models.Transformers;
using MlOps.Specs.Model;

namespace MlOps.Core.Models.Families;

/// <summary><c>wav2vec2</c>, <c>hubert</c>: speech encoders on raw waveforms (Models/Speech), built from the checkpoint's config.json.</summary>
internal sealed class Wav2Vec2Family : ModelFamilyBuilder
{
    public override string Key => "wav2vec2";

    public override IReadOnlyList<string> Names => SpeechModels.Names;

    public override FineTuneModule Create(string name, ModelShape shape) => SpeechModels.Classifier(name, shape);

    public override ResolvedBase? Resolve(BaseModelSpec spec, ModelMetadata? metadata, SourceLocation where) =>
        SpeechBase.Resolve(spec, metadata, where);

    public override Data.WaveformInput? AudioInput(BaseModelSpec spec, AudioSpec audio, SourceLocation where) =>
        SpeechPreprocessor.Read(spec.Checkpoint is { } folder && Directory.Exists(folder) ? folder : null, audio, where);
}
