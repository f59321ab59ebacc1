using System.Reflection;
using Microsoft.ML.OnnxRuntime;
using MlOps.Contracts.Diagnostics;
using MlOps.Contracts.Export;

namespace MlOps.Runtime;

/// <summary>
/// A model MlOps fine-tuned, gated and exported (<c>onnx/</c>: model.onnx + model.json), ready to call:
/// rows, text, pixels or audio clips in, the trainer's own preprocessing, ONNX Runtime, labels and probabilities
/// out, equal to the run's own validation scoring (predictions.csv). Thread-safe; dispose it once.
/// </summary>
public sealed class FineTunedModel : IDisposable
{
    private readonly InferenceSession session;
    private readonly string inputName;
    private readonly string[] inputNames;
    private readonly long[] sampleShape;
    private readonly string[] outputNames;
    // Settings only (no per-run state): one instance serves every call, from any thread.
    private readonly RunOptions runOptions = new();
    private readonly TabularRows? tabular;
    private readonly TextInputs? text;
    private readonly PixelInputs? pixels;
    private readonly ImageFileInputs? imageFiles;
    private readonly IClipInputs? audio;
    private readonly PromptText? prompts;
    private readonly GreedyDecoder? decoder;
    private readonly long? maskPad;

    private FineTunedModel(ModelSource source, SessionOptions? options)
    {
        Manifest = source.Manifest;
        Source = source.Description;
        inputName = Manifest.Inputs[0].Name;
        sampleShape = [.. Manifest.Inputs[0].Shape.Skip(1)];
        outputNames = [Manifest.Output.Name];
        var preprocessing = Manifest.Preprocessing;
        var languageModel = Manifest.Task == OnnxTasks.CausalLm; // ModelSource checked its generation settings
        switch (preprocessing.Kind)
        {
            case PreprocessingKinds.Text when languageModel && preprocessing.Text is { } t:
                prompts = new PromptText(t, source.Folder!);
                break;
            case PreprocessingKinds.TokenIds when languageModel:
                break;
            case PreprocessingKinds.Tabular when preprocessing.Tabular is { } t:
                tabular = new TabularRows(t);
                break;
            case PreprocessingKinds.Text when preprocessing.Text is { } t:
                text = new TextInputs(t, source.Folder!);
                // A decoder classifier: the graph also takes attention_mask, derived from the ids.
                maskPad = t.AttentionMask == AttentionMasks.ThroughLastNonPad && Manifest.Inputs.Count > 1 ? t.PadTokenId : null;
                break;
            case PreprocessingKinds.Image when preprocessing.Image is { } i:
                pixels = new PixelInputs(i);
                imageFiles = i.Input == ImageInputs.File ? new ImageFileInputs(i, Source) : null;
                break;
            case PreprocessingKinds.Audio when preprocessing.Audio is { } a:
                audio = new AudioInputs(a, Source);
                break;
            case PreprocessingKinds.AudioWaveform when preprocessing.Waveform is { } w:
                audio = new WaveformInputs(w, Source);
                break;
            default:
                throw ModelSource.Incompatible(Source, $"its preprocessing kind '{preprocessing.Kind}' is not one this runtime knows (tabular, image, text, audio, audio_waveform) or lacks its settings");
        }
        try
        {
            session = options is null ? new InferenceSession(source.Graph) : new InferenceSession(source.Graph, options);
        }
        catch (Exception e) when (e is OnnxRuntimeException or DllNotFoundException or TypeInitializationException or EntryPointNotFoundException)
        {
            throw RuntimeFailed("could not load", e);
        }
        decoder = languageModel ? new GreedyDecoder(session, Manifest, Source) : null;
        inputNames = maskPad is null ? [inputName] : [inputName, Manifest.Inputs[1].Name];
        if (!languageModel && session.OutputMetadata.TryGetValue(Manifest.Output.Name, out var logits) && logits.Dimensions is [_, var classes] && classes > 0 && classes != Manifest.Classes.Count)
        {
            throw ModelSource.Incompatible(Source, $"its graph returns {classes} logits a row, and model.json names {Manifest.Classes.Count} classes");
        }
    }

    /// <summary>
    /// Loads by spec name from the application's folder (<c>&lt;app&gt;/&lt;name&gt;/</c>, where
    /// <c>FineTuneSpec CopyToOutput="true"</c> puts it), or from a folder path: an exported <c>onnx/</c>
    /// folder or a run's output folder. Throws <see cref="MlOpsException"/> MLOPS365 when nothing is
    /// there, MLOPS366 when the folder is not one this runtime can use, MLOPS368 when ONNX Runtime refuses it.
    /// </summary>
    public static FineTunedModel Load(string nameOrFolder, SessionOptions? options = null) =>
        new(ModelSource.FromNameOrFolder(nameOrFolder), options);

    /// <summary>
    /// Loads the model a spec with <c>Embed="true"</c> put into <paramref name="assembly"/> (default: the
    /// calling assembly) as resources <c>&lt;name&gt;/model.onnx</c>, <c>&lt;name&gt;/model.json</c>, ….
    /// MLOPS369 when the assembly embeds no such model.
    /// </summary>
    public static FineTunedModel LoadEmbedded(string specName, Assembly? assembly = null, SessionOptions? options = null) =>
        new(ModelSource.FromResources(specName, assembly ?? Assembly.GetCallingAssembly()), options);

    /// <summary>model.json: inputs, output, classes, preprocessing and provenance.</summary>
    public OnnxManifest Manifest { get; }

    /// <summary>Where the model was loaded from (a folder, or an assembly's resources).</summary>
    public string Source { get; }

    /// <summary>Class labels in logit order.</summary>
    public IReadOnlyList<string> Classes => Manifest.Classes;

    /// <summary>A tabular model's column names, in the order it reads them.</summary>
    public IEnumerable<string> Columns => Require(tabular, PreprocessingKinds.Tabular).ColumnNames;

    /// <summary>A tabular row: column name → value (a number, or text as in the training file; null for missing).</summary>
    public Prediction Predict(IReadOnlyDictionary<string, object?> row) => Predict([row])[0];

    /// <summary>
    /// A tabular row as the graph's <c>features</c> vector (the trainer's encoding): for callers that run
    /// the graph themselves, e.g. ML.NET's <c>ApplyOnnxModel</c> (docs/runtime.md).
    /// </summary>
    public float[] Encode(IReadOnlyDictionary<string, object?> row)
    {
        ArgumentNullException.ThrowIfNull(row);
        var encoder = Require(tabular, PreprocessingKinds.Tabular);
        var features = new float[encoder.Width];
        encoder.Encode(row, features);
        return features;
    }

    /// <summary>Tabular rows, scored in one run of the graph.</summary>
    public IReadOnlyList<Prediction> Predict(IReadOnlyList<IReadOnlyDictionary<string, object?>> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var encoder = Require(tabular, PreprocessingKinds.Tabular);
        var features = new float[rows.Count * encoder.Width];
        for (var r = 0; r < rows.Count; r++)
        {
            encoder.Encode(rows[r], features.AsSpan(r * encoder.Width, encoder.Width));
        }
        return Score(features, [rows.Count, encoder.Width]);
    }

    /// <summary>A text classifier's prediction for <paramref name="input"/>, tokenized as training tokenized.</summary>
    public Prediction PredictText(string input) => PredictText([input])[0];

    public IReadOnlyList<Prediction> PredictText(IReadOnlyList<string> inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var encoder = Require(text, PreprocessingKinds.Text);
        var ids = new long[inputs.Count * encoder.MaxLength];
        for (var r = 0; r < inputs.Count; r++)
        {
            encoder.Encode(inputs[r] ?? throw new ArgumentException($"text {r} is null", nameof(inputs)), ids.AsSpan(r * encoder.MaxLength, encoder.MaxLength));
        }
        return Score(ids, [inputs.Count, encoder.MaxLength]);
    }

    /// <summary>An image classifier's prediction for decoded 8-bit pixels at the model's size (row by row, channels interleaved).</summary>
    public Prediction PredictPixels(ReadOnlySpan<byte> image)
    {
        var encoder = Require(pixels, PreprocessingKinds.Image);
        var values = new float[encoder.Width];
        encoder.Encode(image, values);
        return Score(values, ImageShape(1))[0];
    }

    public IReadOnlyList<Prediction> PredictPixels(IReadOnlyList<byte[]> images)
    {
        ArgumentNullException.ThrowIfNull(images);
        var encoder = Require(pixels, PreprocessingKinds.Image);
        var values = new float[images.Count * encoder.Width];
        for (var r = 0; r < images.Count; r++)
        {
            encoder.Encode(images[r], values.AsSpan(r * encoder.Width, encoder.Width));
        }
        return Score(values, ImageShape(images.Count));
    }

    /// <summary>
    /// An image classifier trained on image files (data.format imagefolder or images): the picture at
    /// <paramref name="path"/>, decoded and preprocessed by MlOps.Imaging exactly as training's evaluation
    /// did. MLOPS367 when the file is missing or not a readable picture.
    /// </summary>
    public Prediction PredictImage(string path) => PredictImages([path])[0];

    /// <summary>An encoded picture (JPEG, PNG, BMP, GIF, WebP) read to its end from <paramref name="image"/>.</summary>
    public Prediction PredictImage(Stream image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var encoder = RequireFiles();
        return ScoreImages([(ImageFileInputs.Read(image), "stream")], encoder)[0];
    }

    /// <summary>An encoded picture's bytes, as a file holds them.</summary>
    public Prediction PredictImage(byte[] encodedImage)
    {
        ArgumentNullException.ThrowIfNull(encodedImage);
        return ScoreImages([(encodedImage, "bytes")], RequireFiles())[0];
    }

    /// <summary>Pictures by path, scored in one run of the graph.</summary>
    public IReadOnlyList<Prediction> PredictImages(IReadOnlyList<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var encoder = RequireFiles();
        return ScoreImages([.. paths.Select(p => (ImageFileInputs.Read(p ?? throw new ArgumentException("a path is null", nameof(paths))), p))], encoder);
    }

    /// <summary>
    /// An audio classifier (data.format audiofolder or audio): the WAV or FLAC clip at <paramref name="path"/>,
    /// decoded, resampled, cropped or padded and turned into the standardised log-mel by MlOps.Audio exactly
    /// as training's evaluation did; for a waveform model (wav2vec2, hubert) normalised per utterance and
    /// right-padded with zeros instead, as WaveformClip does in training. MLOPS367 when the file is missing or not a clip it reads.
    /// </summary>
    public Prediction PredictAudio(string path) => PredictAudios([path])[0];

    /// <summary>A WAV or FLAC clip read to its end from <paramref name="clip"/>.</summary>
    public Prediction PredictAudio(Stream clip)
    {
        ArgumentNullException.ThrowIfNull(clip);
        var encoder = Require(audio, PreprocessingKinds.Audio);
        return ScoreClips([(ImageFileInputs.Read(clip), "stream")], encoder)[0];
    }

    /// <summary>
    /// Mono samples in [-1, 1] at <paramref name="sampleRate"/> Hz (e.g. from a microphone), resampled to
    /// the model's rate and preprocessed as a decoded file would be.
    /// </summary>
    public Prediction PredictAudio(float[] samples, int sampleRate)
    {
        ArgumentNullException.ThrowIfNull(samples);
        var encoder = Require(audio, PreprocessingKinds.Audio);
        var values = new float[encoder.Width];
        encoder.Encode(samples, sampleRate, values);
        return Score(values, encoder.Shape(1))[0];
    }

    /// <summary>Clips by path, scored in one run of the graph.</summary>
    public IReadOnlyList<Prediction> PredictAudios(IReadOnlyList<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var encoder = Require(audio, PreprocessingKinds.Audio);
        return ScoreClips([.. paths.Select(p => (AudioInputs.Read(p ?? throw new ArgumentException("a path is null", nameof(paths))), p))], encoder);
    }

    /// <summary>
    /// The graph on inputs already preprocessed (the tensor training fed the model), <paramref name="rows"/>
    /// examples: for callers that encode themselves, and the overhead benchmark.
    /// </summary>
    public IReadOnlyList<Prediction> PredictEncoded(float[] features, int rows)
    {
        ArgumentNullException.ThrowIfNull(features);
        var perRow = rows == 0 ? 0 : features.Length / rows;
        return Manifest.Inputs[0].Dtype == OnnxDtypes.Int64
            ? Score(Array.ConvertAll(features, f => (long)f), [rows, perRow])
            : Score(features, [rows, .. sampleShape]);
    }

    /// <summary>
    /// A causal language model's greedy continuation of <paramref name="promptIds"/>: the new token ids, an
    /// end-of-sequence id included when one stopped it, as the trainer's greedy generation gives them.
    /// MLOPS366 for a classifier; MLOPS367 for an empty prompt, an id outside the vocabulary, or a prompt
    /// plus <paramref name="maxNewTokens"/> longer than the model's positions.
    /// </summary>
    public IReadOnlyList<int> Generate(IReadOnlyList<int> promptIds, int maxNewTokens = 32) => Generate([promptIds], maxNewTokens)[0];

    /// <summary>Several prompts, decoded together (left-padded, as the trainer batches them).</summary>
    public IReadOnlyList<int[]> Generate(IReadOnlyList<IReadOnlyList<int>> promptIds, int maxNewTokens = 32)
    {
        ArgumentNullException.ThrowIfNull(promptIds);
        return RequireDecoder().Generate(promptIds, maxNewTokens);
    }

    /// <summary>
    /// Text in, text out: the prompt tokenized with the exported tokenizer as Hugging Face's default call
    /// does (bos for Llama), greedy decoding, the new tokens decoded without special tokens.
    /// </summary>
    public string GenerateText(string prompt, int maxNewTokens = 32) => GenerateText([prompt], maxNewTokens)[0];

    public IReadOnlyList<string> GenerateText(IReadOnlyList<string> prompts, int maxNewTokens = 32)
    {
        ArgumentNullException.ThrowIfNull(prompts);
        var decoding = RequireDecoder();
        var text = this.prompts ?? throw ModelSource.Incompatible(Source, "it was exported without its tokenizer, so it takes token ids: call Generate with the prompt's ids");
        var ids = prompts.Select(p => text.Encode(p ?? throw new ArgumentException("a prompt is null", nameof(prompts)))).ToList();
        return [.. decoding.Generate(ids, maxNewTokens).Select(text.Decode)];
    }

    public void Dispose()
    {
        session.Dispose();
        runOptions.Dispose();
    }

    private GreedyDecoder RequireDecoder() => decoder
        ?? throw ModelSource.Incompatible(Source, $"it is a {Manifest.Task} model, not a causal language model; call the Predict method of its input kind");

    private long[] ImageShape(int rows)
    {
        var image = Manifest.Preprocessing.Image!;
        return [rows, image.Channels, image.Height, image.Width];
    }

    /// <summary>
    /// One run of the graph, its logits written straight into the batch's array (no copy out of ONNX
    /// Runtime's buffer); each row's softmax and <see cref="Prediction"/> are made when first read.
    /// </summary>
    private PredictionBatch Score<T>(T[] input, long[] shape) where T : unmanaged
    {
        var rows = (int)shape[0];
        var classes = Manifest.Classes.Count;
        var logits = new float[rows * classes];
        using var value = OrtValue.CreateTensorValueFromMemory(input, shape);
        using var output = OrtValue.CreateTensorValueFromMemory(logits, [rows, classes]);
        using var mask = maskPad is { } pad && input is long[] ids ? Mask(ids, shape, pad) : null;
        try
        {
            session.Run(runOptions, inputNames, mask is null ? [value] : [value, mask], outputNames, [output]);
        }
        catch (OnnxRuntimeException e)
        {
            throw RuntimeFailed("could not run", e);
        }
        return new PredictionBatch(logits, rows, Manifest.Classes);
    }

    /// <summary>A decoder classifier's attention_mask for right-padded ids, as training derives it.</summary>
    private static OrtValue Mask(long[] ids, long[] shape, long pad)
    {
        var mask = new long[ids.Length];
        AttentionMasks.ThroughLastNonPadInto(ids, (int)shape[1], pad, mask);
        return OrtValue.CreateTensorValueFromMemory(mask, shape);
    }

    private ImageFileInputs RequireFiles()
    {
        Require(pixels, PreprocessingKinds.Image);
        return imageFiles ?? throw ModelSource.Incompatible(Source,
            "it was trained on decoded pixels (IDX or pixel columns), not image files, so the runtime cannot know how to decode and resize a picture; call PredictPixels with pixels at the model's size");
    }

    private IReadOnlyList<Prediction> ScoreImages(IReadOnlyList<(byte[] Bytes, string What)> images, ImageFileInputs encoder)
    {
        var values = new float[images.Count * encoder.Width];
        for (var r = 0; r < images.Count; r++)
        {
            encoder.Encode(images[r].Bytes, images[r].What, values.AsSpan(r * encoder.Width, encoder.Width));
        }
        return Score(values, ImageShape(images.Count));
    }

    private IReadOnlyList<Prediction> ScoreClips(IReadOnlyList<(byte[] Bytes, string What)> clips, IClipInputs encoder)
    {
        var values = new float[clips.Count * encoder.Width];
        for (var r = 0; r < clips.Count; r++)
        {
            encoder.Encode(clips[r].Bytes, clips[r].What, values.AsSpan(r * encoder.Width, encoder.Width));
        }
        return Score(values, encoder.Shape(clips.Count));
    }

    private T Require<T>(T? encoder, string kind) where T : class =>
        encoder ?? throw ModelSource.Incompatible(Source, decoder is not null
            ? "it is a causal language model, not a classifier; call Generate or GenerateText"
            : $"it takes {Manifest.Preprocessing.Kind} input, not {kind}; call the Predict method for {Manifest.Preprocessing.Kind} input");

    private MlOpsException RuntimeFailed(string what, Exception e) =>
        new(Diagnostic.Error(RuntimeErrorCodes.RuntimeFailed,
            $"ONNX Runtime {what} the model in '{Source}': {e.Message.TrimEnd('.')}; check that the Microsoft.ML.OnnxRuntime native library suits this machine",
            SourceLocation.None(Source)));
}
