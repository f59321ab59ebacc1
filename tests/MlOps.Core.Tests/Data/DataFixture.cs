using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using MlOps.Specs.Model;

namespace MlOps.Core.Tests.Data;

/// <summary>A temporary folder for data files, and spec records pointing at them.</summary>
public sealed class DataFixture : IDisposable
{
    public DataFixture() => Directory.CreateDirectory(Folder);

    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "mlops-data-tests", Guid.NewGuid().ToString("N"));

    public string Write(string name, string content, bool bom = false)
    {
        var path = Path.Combine(Folder, name);
        File.WriteAllText(path, content, new UTF8Encoding(bom));
        return path;
    }

    /// <summary>An IDX file: magic 0x0801 (labels) or 0x0803 (images), big-endian dims, then bytes.</summary>
    public string WriteIdx(string name, int magic, int[] dims, byte[] body, bool gzip)
    {
        var bytes = new byte[4 + (4 * dims.Length) + body.Length];
        BinaryPrimitives.WriteInt32BigEndian(bytes, magic);
        for (var i = 0; i < dims.Length; i++)
        {
            BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4 + (4 * i)), dims[i]);
        }
        body.CopyTo(bytes, 4 + (4 * dims.Length));
        var path = Path.Combine(Folder, name);
        if (gzip)
        {
            using var gz = new GZipStream(File.Create(path), CompressionLevel.Fastest);
            gz.Write(bytes);
        }
        else
        {
            File.WriteAllBytes(path, bytes);
        }
        return path;
    }

    public static FineTuneSpec Spec(DataSpec data, int seed = 42, ForgettingSpec? forgetting = null) => new()
    {
        Name = "test",
        SpecPath = "/specs/test.yaml",
        Seed = seed,
        Base = new BaseModelSpec { Model = "mlp" },
        Data = data,
        Evaluation = new EvaluationSpec { Forgetting = forgetting },
    };

    public void Dispose()
    {
        if (Directory.Exists(Folder))
        {
            Directory.Delete(Folder, recursive: true);
        }
    }
}
