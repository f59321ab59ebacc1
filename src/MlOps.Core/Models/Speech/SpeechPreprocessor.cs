using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using MlOps.Contracts.Diagnostics;
using MlOps.Core.Data;
using MlOps.Specs.Model;

namespace MlOps.Core.Models.Speech;

/// <summary>
/// What a speech checkpoint's <c>preprocessor_config.json</c> (Wav2Vec2FeatureExtractor) says about
/// its input: raw waveforms, normalised per utterance when <c>do_normalize</c> (transformers'
/// default: true), at <c>sampling_rate</c> (default 16000), which data.audio.sample_rate must match.
/// A checkpoint without the file gets those defaults.
/// </summary>
public static class SpeechPreprocessor
{
    public const string FileName = "preprocessor_config.json";

    public static WaveformInput Read(string? checkpointFolder, AudioSpec audio, SourceLocation where)
    {
        var path = checkpointFolder is null ? null : Path.Combine(checkpointFolder, FileName);
        if (path is null || !File.Exists(path))
        {
            return new WaveformInput(Normalize: true);
        }
        JsonObject root;
        try
        {
            root = JsonNode.Parse(File.ReadAllText(path))?.AsObject() ?? throw new InvalidDataException("empty document");
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or InvalidDataException)
        {
            throw Fail($"'{path}' is not a JSON object: {e.Message}", where);
        }
        var rate = root["sampling_rate"] is JsonValue r && r.TryGetValue<double>(out var hz) ? hz : 16000;
        if (rate != audio.SampleRate)
        {
            throw Fail(string.Create(CultureInfo.InvariantCulture,
                $"'{path}' says the model hears audio at {rate} Hz, but data.audio.sample_rate is {audio.SampleRate}: set data.audio.sample_rate: {rate}"), audio.Location ?? where);
        }
        if (root["feature_size"] is JsonValue f && f.TryGetValue<double>(out var size) && size != 1)
        {
            throw Fail(string.Create(CultureInfo.InvariantCulture, $"'{path}' has feature_size {size}: a wav2vec2/hubert model reads one channel of raw samples (feature_size 1)"), where);
        }
        var normalize = root["do_normalize"] is not JsonValue n || !n.TryGetValue<bool>(out var b) || b;
        return new WaveformInput(normalize);
    }

    private static MlOpsException Fail(string message, SourceLocation where) => new(Diagnostic.Error(SpeechErrorCodes.BadPreprocessor, message, where));
}
