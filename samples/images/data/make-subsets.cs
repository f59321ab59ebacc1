// Regenerates the Fashion-MNIST subsets in this folder from Debian's dataset-fashion-mnist package.
//   apt-get install -y dataset-fashion-mnist
//   dotnet run samples/images/data/make-subsets.cs            (from the repository root)
//   dotnet run samples/images/data/make-subsets.cs -- <source folder> <output folder>
// Deterministic, no randomness: for each class, the first N items in file order; items keep file order.
using System.Buffers.Binary;
using System.IO.Compression;

var source = args.Length > 0 ? args[0] : "/usr/share/datasets/fashion-mnist";
var output = args.Length > 1 ? args[1] : "samples/images/data";

var (trainImages, trainLabels) = (ReadIdx(Path.Combine(source, "train-images-idx3-ubyte.gz")), ReadIdx(Path.Combine(source, "train-labels-idx1-ubyte.gz")));
var (testImages, testLabels) = (ReadIdx(Path.Combine(source, "t10k-images-idx3-ubyte.gz")), ReadIdx(Path.Combine(source, "t10k-labels-idx1-ubyte.gz")));

Write("pretrain", trainImages, trainLabels, classes: [0, 1, 2, 3, 4], perClass: 1200, labelOffset: 0);
Write("finetune-train", trainImages, trainLabels, classes: [5, 6, 7, 8, 9], perClass: 10, labelOffset: 5);
Write("finetune-val", testImages, testLabels, classes: [5, 6, 7, 8, 9], perClass: 200, labelOffset: 5);
Write("original-val", testImages, testLabels, classes: [0, 1, 2, 3, 4], perClass: 200, labelOffset: 0);

void Write(string name, byte[] images, byte[] labels, int[] classes, int perClass, int labelOffset)
{
    var labelData = labels.AsSpan(8);
    var taken = new Dictionary<int, int>();
    var items = new List<int>();
    for (var i = 0; i < labelData.Length; i++)
    {
        int label = labelData[i];
        if (classes.Contains(label) && taken.GetValueOrDefault(label) < perClass)
        {
            taken[label] = taken.GetValueOrDefault(label) + 1;
            items.Add(i);
        }
    }
    if (items.Count != classes.Length * perClass) { throw new InvalidOperationException($"{name}: only {items.Count} items found"); }
    const int size = 28 * 28;
    var imageFile = new byte[16 + (items.Count * size)];
    var labelFile = new byte[8 + items.Count];
    images.AsSpan(0, 16).CopyTo(imageFile);
    labels.AsSpan(0, 8).CopyTo(labelFile);
    BinaryPrimitives.WriteInt32BigEndian(imageFile.AsSpan(4), items.Count);
    BinaryPrimitives.WriteInt32BigEndian(labelFile.AsSpan(4), items.Count);
    for (var k = 0; k < items.Count; k++)
    {
        images.AsSpan(16 + (items[k] * size), size).CopyTo(imageFile.AsSpan(16 + (k * size)));
        labelFile[8 + k] = (byte)(labelData[items[k]] - labelOffset);
    }
    WriteGz(Path.Combine(output, $"{name}-images-idx3-ubyte.gz"), imageFile);
    WriteGz(Path.Combine(output, $"{name}-labels-idx1-ubyte.gz"), labelFile);
    Console.WriteLine($"{name}: {items.Count} images, {perClass} per class of [{string.Join(", ", classes)}], labels minus {labelOffset}");
}

static byte[] ReadIdx(string path)
{
    using var gz = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
    using var memory = new MemoryStream();
    gz.CopyTo(memory);
    return memory.ToArray();
}

static void WriteGz(string path, byte[] data)
{
    using var gz = new GZipStream(File.Create(path), CompressionLevel.SmallestSize);
    gz.Write(data);
}
