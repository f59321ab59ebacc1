using System.Buffers.Binary;
using System.Collections;
using System.CommandLine;
using System.IO.Compression;
using System.Text.Json;
using MlOps.Cli.Tests.Templates;
using MlOps.Core.Models;
using MlOps.Core.Models.Vision;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace MlOps.Cli.Tests.Commands;

/// <summary>
/// `mlops run` fine-tunes resnet18 from a torchvision-named .pth (1000-class fc, replaced by a
/// 5-class head) on 150 Fashion-MNIST images, on two threads, and learns. The images are halved
/// to 14×14 to keep the test near a minute of CPU (the strides take 14×14 to 1×1 by layer3).
/// </summary>
[Collection(TrainingCollection.Name)]
public sealed class ResNetRunTests : IDisposable
{
    private readonly string root = Path.Combine(Path.GetTempPath(), "mlops-cli-resnet-" + Guid.NewGuid().ToString("N"));

    public ResNetRunTests() => Directory.CreateDirectory(Path.Combine(root, ".git"));

    public void Dispose() => Directory.Delete(root, recursive: true);

    [Fact]
    public void Resnet18_fine_tunes_on_fashion_mnist_from_torchvision_weights_and_beats_chance()
    {
        var samples = Path.Combine(TemplateSandbox.SourceRoot, "samples", "images", "data");
        WriteSubset(Path.Combine(samples, "pretrain-images-idx3-ubyte.gz"), Path.Combine(samples, "pretrain-labels-idx1-ubyte.gz"), every: 40, "train"); // 150 images, 19 to 39 per class
        WriteSubset(Path.Combine(samples, "original-val-images-idx3-ubyte.gz"), Path.Combine(samples, "original-val-labels-idx1-ubyte.gz"), every: 10, "val"); // 100 images
        WriteTorchVisionCheckpoint(Path.Combine(root, "resnet18.pth"));
        File.WriteAllText(Path.Combine(root, "spec.yaml"), """
            name: resnet18-fashion
            seed: 7
            base: { model: resnet18, checkpoint: resnet18.pth, head: replace }
            data:
              format: idx
              train: train-images.idx
              train_labels: train-labels.idx
              validation: val-images.idx
              validation_labels: val-labels.idx
              classes: [T-shirt, Trouser, Pullover, Dress, Coat]
            training:
              epochs: 6
              batch_size: 32
              optimizer: { type: adamw, lr: 1.0e-3 }
              early_stopping: { metric: val_loss, patience: 6, restore_best: true }
              threads: 2
            gates:
              - { metric: accuracy, min: 0.5 }
            """);

        using var output = new StringWriter();
        var exit = Program.BuildRoot().Parse(["run", Path.Combine(root, "spec.yaml"), "--output", Path.Combine(root, "out")])
            .Invoke(new InvocationConfiguration { Output = output, Error = output });

        Assert.True(exit == 0, output.ToString());
        using var result = JsonDocument.Parse(File.ReadAllText(Path.Combine(root, "out", "result.json")));
        var accuracy = result.RootElement.GetProperty("metrics").GetProperty("validation").GetProperty("accuracy").GetDouble();
        Assert.InRange(accuracy, 0.5, 1.0); // chance is about 0.2 (five classes, 16 to 23 images each)
    }

    /// <summary>A randomly initialised resnet18 saved as torchvision does: its names, a 1000-class fc.</summary>
    private static void WriteTorchVisionCheckpoint(string path)
    {
        manual_seed(1);
        using var model = new ResNetModel(ResNetVariant.ResNet18, new ModelShape([3, 224, 224], 1000, [], 0));
        var table = new Hashtable();
        foreach (var (name, tensor) in model.state_dict())
        {
            table[TorchVisionNames.ToTorchVision(name)] = tensor;
        }
        PyTorchPickler.PickleStateDict(path, table);
    }

    /// <summary>Every <paramref name="every"/>-th image of a gzipped IDX pair, halved (2×2 means), written as plain IDX.</summary>
    private void WriteSubset(string images, string labels, int every, string name)
    {
        var pixels = Gunzip(images);
        var labelBytes = Gunzip(labels);
        var count = BinaryPrimitives.ReadInt32BigEndian(pixels.AsSpan(4));
        var rows = BinaryPrimitives.ReadInt32BigEndian(pixels.AsSpan(8));
        var cols = BinaryPrimitives.ReadInt32BigEndian(pixels.AsSpan(12));
        var picked = Enumerable.Range(0, count).Where(i => i % every == 0).ToArray();

        using var imageFile = File.Create(Path.Combine(root, name + "-images.idx"));
        imageFile.Write(Header(pixels.AsSpan(0, 4), picked.Length, rows / 2, cols / 2));
        using var labelFile = File.Create(Path.Combine(root, name + "-labels.idx"));
        labelFile.Write(Header(labelBytes.AsSpan(0, 4), picked.Length));
        foreach (var i in picked)
        {
            var image = pixels.AsSpan(16 + (i * rows * cols), rows * cols);
            for (var y = 0; y < rows; y += 2)
            {
                for (var x = 0; x < cols; x += 2)
                {
                    imageFile.WriteByte((byte)((image[(y * cols) + x] + image[(y * cols) + x + 1] + image[((y + 1) * cols) + x] + image[((y + 1) * cols) + x + 1] + 2) / 4));
                }
            }
            labelFile.WriteByte(labelBytes[8 + i]);
        }
    }

    /// <summary>The magic number, then the dimensions big-endian.</summary>
    private static byte[] Header(ReadOnlySpan<byte> magic, params int[] dimensions)
    {
        var header = new byte[4 + (4 * dimensions.Length)];
        magic.CopyTo(header);
        for (var d = 0; d < dimensions.Length; d++)
        {
            BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4 + (4 * d)), dimensions[d]);
        }
        return header;
    }

    private static byte[] Gunzip(string path)
    {
        using var gzip = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        using var memory = new MemoryStream();
        gzip.CopyTo(memory);
        return memory.ToArray();
    }
}
