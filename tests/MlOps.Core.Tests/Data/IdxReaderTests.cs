using MlOps.Contracts.Diagnostics;
using MlOps.Core.Data;

namespace MlOps.Core.Tests.Data;

public sealed class IdxReaderTests : IDisposable
{
    private readonly DataFixture _files = new();

    public void Dispose() => _files.Dispose();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Images_and_labels_read_plain_or_gzipped(bool gzip)
    {
        byte[] pixels = [.. Enumerable.Range(0, 2 * 2 * 3).Select(i => (byte)(i * 10))];
        var images = _files.WriteIdx("images.idx", 0x0803, [2, 2, 3], pixels, gzip);
        var labels = _files.WriteIdx("labels.idx", 0x0801, [2], [7, 1], gzip);

        var read = IdxReader.ReadImages(images, new DataLoadOptions());

        Assert.Equal((2, 2, 3), (read.Count, read.Rows, read.Cols));
        Assert.Equal(pixels, read.Pixels);
        Assert.Equal(new byte[] { 7, 1 }, IdxReader.ReadLabels(labels));
    }

    [Fact]
    public void Swapped_images_and_labels_are_named_by_the_magic_number()
    {
        var labels = _files.WriteIdx("labels.idx", 0x0801, [2], [7, 1], gzip: false);

        var error = Assert.Throws<MlOpsException>(() => IdxReader.ReadImages(labels, new DataLoadOptions()));

        Assert.Equal(DataErrorCodes.IdxMalformed, error.Diagnostics[0].Code);
        Assert.Contains("0x00000801", error.Diagnostics[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_truncated_file_is_an_error_not_garbage()
    {
        var images = _files.WriteIdx("images.idx", 0x0803, [3, 2, 2], new byte[5], gzip: true);

        var error = Assert.Throws<MlOpsException>(() => IdxReader.ReadImages(images, new DataLoadOptions()));

        Assert.Equal(DataErrorCodes.IdxMalformed, error.Diagnostics[0].Code);
        Assert.Contains("12 bytes", error.Diagnostics[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_header_declaring_more_than_the_limit_is_refused_before_reading_the_pixels()
    {
        // The header claims a million 28×28 images (3 GB as floats); the body is empty.
        var images = _files.WriteIdx("huge.idx", 0x0803, [1_000_000, 28, 28], [], gzip: false);

        var error = Assert.Throws<MlOpsException>(() => IdxReader.ReadImages(images, new DataLoadOptions { MaxMatrixBytes = 1L << 30 }));

        Assert.Equal(DataErrorCodes.TooLarge, error.Diagnostics[0].Code);
        Assert.Contains(DataLoadOptions.MaxBytesVariable, error.Diagnostics[0].Message, StringComparison.Ordinal);
    }
}
