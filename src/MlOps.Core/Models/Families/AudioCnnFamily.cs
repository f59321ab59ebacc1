namespace MlOps.Core.Models.Families;

/// <summary><c>audio-cnn</c>: log-mel spectrograms of short clips (keyword spotting, audio events).</summary>
internal sealed class AudioCnnFamily : ModelFamilyBuilder
{
    public override string Key => "audio-cnn";

    public override IReadOnlyList<string> Names { get; } = ["audio-cnn"];

    public override FineTuneModule Create(string name, ModelShape shape) => new AudioCnnModel(shape);
}
