using MlOps.Contracts.Diagnostics;
using MlOps.Contracts.Export;
using MlOps.Contracts.Results;
using MlOps.Core.Pipeline;
using MlOps.Core.Tests.Pipeline;
using MlOps.Core.Tests.Torch;
using MlOps.Tests.Shared;

namespace MlOps.Core.Tests.Export;

/// <summary>
/// The samples' own fine-tunes (their data, base checkpoints and encoders), cut to one epoch, with
/// `export: { onnx: true }` and the parity gate: every validation row is scored by ONNX Runtime and by
/// TorchSharp inside the run, and the gate holds them to 1e-4.
/// </summary>
[Collection(TorchCollection.Name)]
public sealed class OnnxSampleRunTests : IDisposable
{
    private readonly TempRepository repo = new();

    private static string Sample(params string[] parts) => Path.Combine([SourceTree.Root, "samples", .. parts]);

    private OnnxExportInfo RunAndCheck(string yaml, int validationRows)
    {
        var spec = repo.WriteSpec("spec.yaml", yaml + """

            export: { onnx: true }
            gates:
              - { export: onnx, max_abs_diff: 1.0e-4 }
            """);
        var observer = new RecordingObserver();
        var outcome = FineTuneRun.Execute(new RunRequest { SpecPath = spec, OutputDirectory = repo.PathOf("out"), AllowOutsideRepository = true }, observer, CancellationToken.None);

        Assert.True(outcome.ExitCode == ExitCodes.Passed, string.Join("\n", observer.Diagnostics.Select(d => d.ToString())) + string.Join("\n", observer.Gates.Select(g => g.Message)));
        var export = outcome.Result!.Export!;
        var parity = export.Parity!;
        Assert.Equal(validationRows, parity.Rows);
        Assert.InRange(parity.MaxAbsLogitDiff, 0, 1e-4);
        Assert.Equal(1.0, parity.PredictionAgreement);
        Assert.All(parity.Differences.Values, d => Assert.InRange(d, -1e-6, 1e-6));
        Assert.True(outcome.Result.Gates.Single(g => g.Kind == GateResultKind.Export).Passed);
        KeptExports.Keep(export.Folder, outcome.Result.Spec.Name);
        return export;
    }

    [Fact]
    public void Credit_mlp_from_its_pretrained_base_exports_within_1e_4()
    {
        var export = RunAndCheck($$"""
            name: credit-onnx
            seed: 42
            base: { model: mlp, checkpoint: "{{Sample("credit", "models", "base.safetensors")}}", head: replace, hidden: [64, 32], dropout: 0.1 }
            data:
              train: "{{Sample("credit", "data", "finetune-train.csv")}}"
              validation: "{{Sample("credit", "data", "finetune-val.csv")}}"
              label: Class
            training: { epochs: 1, batch_size: 16, optimizer: { type: adamw, lr: 3.0e-4 }, threads: 1 }
            evaluation: { metrics: [accuracy, roc_auc, log_loss], positive_label: Good }
            """, 150);

        var manifest = OnnxManifestFile.Read(export.Manifest);
        Assert.Equal(PreprocessingKinds.Tabular, manifest.Preprocessing.Kind);
        Assert.Equal(manifest.Inputs[0].Shape[1], manifest.Preprocessing.Tabular!.FeatureNames.Count);
        Assert.Equal(["Bad", "Good"], manifest.Classes.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Fashion_cnn_small_from_its_pretrained_base_exports_within_1e_4()
    {
        var export = RunAndCheck($$"""
            name: fashion-onnx
            seed: 42
            base: { model: cnn-small, checkpoint: "{{Sample("images", "models", "base.safetensors")}}", head: replace }
            data:
              format: idx
              train: "{{Sample("images", "data", "finetune-train-images-idx3-ubyte.gz")}}"
              train_labels: "{{Sample("images", "data", "finetune-train-labels-idx1-ubyte.gz")}}"
              validation: "{{Sample("images", "data", "finetune-val-images-idx3-ubyte.gz")}}"
              validation_labels: "{{Sample("images", "data", "finetune-val-labels-idx1-ubyte.gz")}}"
              classes: [Sandal, Shirt, Sneaker, Bag, Ankle boot]
            training: { epochs: 1, batch_size: 16, optimizer: { type: adamw, lr: 1.0e-3 }, threads: 1 }
            """, 1000);

        var image = OnnxManifestFile.Read(export.Manifest).Preprocessing.Image!;
        Assert.Equal((1, 28, 28, "grayscale"), (image.Channels, image.Height, image.Width, image.ColorMode));
        Assert.InRange(image.Mean[0], 0.05, 0.95);
    }

    [Fact]
    public void Wordnet_bert_with_lora_exports_merged_within_1e_4_with_its_tokenizer()
    {
        var export = RunAndCheck($$"""
            name: wordnet-onnx
            seed: 11
            base: { checkpoint: "{{Sample("text", "models", "base")}}", head: replace }
            data:
              format: jsonl
              train: "{{Sample("text", "data", "train.jsonl")}}"
              validation: "{{Sample("text", "data", "validation.jsonl")}}"
              text: text
              label: label
              max_length: 48
            adapter: { r: 8, alpha: 16, targets: ["backbone.*"] }
            training: { epochs: 1, batch_size: 32, optimizer: { type: adamw, lr: 3.0e-3 }, threads: 1 }
            """, 240);

        var manifest = OnnxManifestFile.Read(export.Manifest);
        Assert.Equal(("bert", "input_ids", "int64"), (manifest.Family, manifest.Inputs[0].Name, manifest.Inputs[0].Dtype));
        Assert.Equal(["batch", "sequence"], manifest.Inputs[0].AxisNames);
        var text = manifest.Preprocessing.Text!;
        Assert.Equal(48, text.MaxLength);
        Assert.Contains("vocab.txt", text.TokenizerFiles);
        Assert.All(text.TokenizerFiles, f => Assert.True(File.Exists(Path.Combine(export.Folder, f)), f));
    }

    public void Dispose() => repo.Dispose();
}
