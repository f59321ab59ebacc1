using System.Globalization;
using MlOps.Core.Data;
using MlOps.Mlflow.Models;
using MlOps.Specs.Model;

namespace MlOps.Core.Tracking;

/// <summary>
/// The <c>MLmodel</c> file of a run's <c>model/</c> folder, so MLflow's tools recognise the folder as
/// an MLflow Model. One flavor, <c>mlops</c> (this project's runtime: the safetensors weights, the
/// classes and the preprocessing fitted at training time). No <c>python_function</c>, <c>onnx</c> or
/// <c>transformers</c> flavor: nothing here can be loaded by Python as a model yet (no ONNX export, and
/// MLflow's transformers flavor needs its own <c>model/</c> + <c>components/</c> layout and a pipeline task).
/// </summary>
public static class MlModelFiles
{
    /// <summary>The flavor name.</summary>
    public const string Flavor = "mlops";

    /// <summary>The run-artifact folder MlOps logs the model under (MLflow 2's artifact_path).</summary>
    public const string ArtifactPath = "model";

    /// <summary>A classifier's folder (model.safetensors with MlOps metadata): signature from the data schema, the first training row as input example.</summary>
    public static MlflowModelFile Classifier(string architecture, LoadedData data, DataSpec spec, string modelFolder)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(spec);
        var encoder = data.Encoder;
        var flavor = new Dictionary<string, object?>
        {
            ["format_version"] = 1,
            ["task"] = "classification",
            ["architecture"] = architecture,
            ["layout"] = "safetensors",
            ["weights"] = "model.safetensors",
            ["classes"] = data.Classes.ToList(),
            ["sample_shape"] = encoder.SampleShape.ToList(),
            ["preprocessing"] = Preprocessing(encoder, spec),
        };
        var outputs = new MlflowSchemaItem[] { new MlflowColumnSpec(spec.Label, "string") };
        return new MlflowModelFile
        {
            ArtifactPath = ArtifactPath,
            Flavors = new Dictionary<string, IReadOnlyDictionary<string, object?>> { [Flavor] = flavor },
            Signature = new MlflowModelSignature(Inputs(encoder, spec), outputs),
            InputExample = Example(encoder, data.Train),
            ModelSizeBytes = FolderSize(modelFolder),
        };
    }

    /// <summary>
    /// A pretrained encoder saved as a Hugging Face folder (config.json, model.safetensors under the Hub's
    /// names, tokenizer files): described, without signature or example (it is a base checkpoint, not a predictor).
    /// </summary>
    public static MlflowModelFile HubFolder(string architecture, string objective, string modelFolder)
    {
        var files = Directory.Exists(modelFolder)
            ? Directory.EnumerateFiles(modelFolder).Select(Path.GetFileName).OfType<string>()
                .Where(f => f != MlflowModelFile.FileName).Order(StringComparer.Ordinal).Cast<object?>().ToList()
            : [];
        var flavor = new Dictionary<string, object?>
        {
            ["format_version"] = 1,
            ["task"] = objective,
            ["architecture"] = architecture,
            ["layout"] = "huggingface",
            ["weights"] = "model.safetensors",
            ["config"] = "config.json",
            ["files"] = files,
        };
        return new MlflowModelFile
        {
            ArtifactPath = ArtifactPath,
            Flavors = new Dictionary<string, IReadOnlyDictionary<string, object?>> { [Flavor] = flavor },
            ModelSizeBytes = FolderSize(modelFolder),
        };
    }

    private static IReadOnlyList<MlflowSchemaItem> Inputs(FeatureEncoder encoder, DataSpec spec)
    {
        if (encoder.IsText)
        {
            return [new MlflowColumnSpec(spec.Text ?? "text", "string")];
        }
        if (encoder.IsAudio)
        {
            return [new MlflowTensorSpec("float32", [-1, .. encoder.SampleShape.Select(d => (long)d)])];
        }
        if (encoder.IsImage)
        {
            return [new MlflowTensorSpec("uint8", [-1, .. encoder.SampleShape.Select(d => (long)d)])];
        }
        // Imputed columns may be missing: MlOps fills them; otherwise a missing value is refused.
        var required = spec.Missing != MissingValuePolicy.Impute;
        return [.. encoder.Columns.Select(c => new MlflowColumnSpec(c.Name, c.Kind == FeatureKind.Numeric ? "double" : "string", required))];
    }

    private static Dictionary<string, object?> Preprocessing(FeatureEncoder encoder, DataSpec spec)
    {
        if (encoder.Text is { } text)
        {
            return new()
            {
                ["kind"] = "text",
                ["column"] = spec.Text,
                ["max_length"] = encoder.SampleShape[0],
                ["vocabulary_size"] = text.VocabularySize,
                ["pad_id"] = text.PadId,
            };
        }
        if (encoder.Audio is { Waveform: { } waveform } speech)
        {
            return new()
            {
                ["kind"] = "audio_waveform",
                ["formula"] = waveform.Normalize
                    ? "(x - mean(x)) / sqrt(var(x) + 1e-7) over the clip's own samples (middle cropped to seconds), then right-padded with zeros"
                    : "the clip's samples (middle cropped to seconds), right-padded with zeros",
                ["sample_rate"] = speech.SampleRate,
                ["seconds"] = speech.Seconds,
            };
        }
        if (encoder.Audio is { } audio)
        {
            return new()
            {
                ["kind"] = "audio",
                ["formula"] = "(log_mel_db - mean) / std; log_mel_db = 10 log10(max(mel power, 1e-10)), torchaudio MelSpectrogram + AmplitudeToDB",
                ["sample_rate"] = audio.SampleRate,
                ["seconds"] = audio.Seconds,
                ["n_mels"] = audio.NMels,
                ["n_fft"] = audio.NFft,
                ["hop_length"] = audio.HopLength,
                ["f_min"] = audio.FMin,
                ["f_max"] = audio.FMax,
                ["mel_scale"] = audio.MelScale,
                ["top_db"] = audio.TopDb,
                ["mean"] = encoder.PixelMean,
                ["std"] = encoder.PixelStd,
            };
        }
        if (encoder.IsImage)
        {
            return new()
            {
                ["kind"] = "image",
                ["formula"] = "(pixel / 255 - mean) / std",
                ["mean"] = encoder.PixelMean,
                ["std"] = encoder.PixelStd,
            };
        }
        return new()
        {
            ["kind"] = "tabular",
            ["missing"] = spec.Missing.ToString().ToLowerInvariant(),
            ["columns"] = encoder.Columns.Select(c => (object?)new Dictionary<string, object?>
            {
                ["name"] = c.Name,
                ["kind"] = c.Kind == FeatureKind.Numeric ? "numeric" : "categorical",
                ["mean"] = c.Kind == FeatureKind.Numeric ? c.Mean : null,
                ["std"] = c.Kind == FeatureKind.Numeric ? c.Std : null,
                ["fill"] = c.Fill,
                ["vocabulary"] = c.Kind == FeatureKind.Categorical ? c.Vocabulary.Cast<object?>().ToList() : null,
            }).ToList(),
        };
    }

    /// <summary>
    /// The first training row decoded back from its features (numbers to float32 precision, a category
    /// from its one-hot, IDX pixels to 0–255); none for text, whose raw strings are not kept, nor for image files (streamed, not held).
    /// </summary>
    private static MlflowInputExample? Example(FeatureEncoder encoder, EncodedSplit train)
    {
        if (encoder.IsText || encoder.IsAudio || train.Rows == 0 || train.RowSource is not null)
        {
            return null;
        }
        var row = train.Features.AsSpan(0, train.FeaturesPerSample);
        if (encoder.IsImage)
        {
            var pixels = new object[row.Length];
            for (var i = 0; i < row.Length; i++)
            {
                pixels[i] = (long)Math.Clamp(Math.Round(((row[i] * encoder.PixelStd) + encoder.PixelMean) * 255), 0, 255);
            }
            return new MlflowArrayExample([1, .. encoder.SampleShape], pixels);
        }
        var values = new List<object?>();
        var offset = 0;
        foreach (var column in encoder.Columns)
        {
            if (column.Kind == FeatureKind.Numeric)
            {
                var value = (float)((row[offset] * column.Std) + column.Mean);
                values.Add(double.Parse(value.ToString("R", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture));
            }
            else
            {
                var hot = row.Slice(offset, column.Width).IndexOf(1f);
                values.Add(hot >= 0 ? column.Vocabulary[hot] : column.Fill);
            }
            offset += column.Width;
        }
        return new MlflowDataFrameExample([.. encoder.Columns.Select(c => c.Name)], [values]);
    }

    /// <summary>The model's own files (not MLmodel and the example files, which are written after).</summary>
    private static long? FolderSize(string folder) =>
        Directory.Exists(folder)
            ? Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
                .Where(f => Path.GetFileName(f) is not (MlflowModelFile.FileName or MlflowInputExample.ExampleFile or MlflowInputExample.ServingFile))
                .Sum(f => new FileInfo(f).Length)
            : null;
}
