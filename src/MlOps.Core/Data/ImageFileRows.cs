using MlOps.Imaging;

namespace MlOps.Core.Data;

/// <summary>
/// The rows of an image split, made per batch: each picture decoded and preprocessed (and, in a
/// training epoch, augmented with a generator seeded from its (seed, epoch, row) key).
/// </summary>
internal sealed class ImageFileRows(IReadOnlyList<string> paths, ImagePreprocessing preprocessing, IReadOnlyList<ImageAugmentation> augmentations) : IRowSource
{
    public void Write(int row, Span<float> target, RowAugmentation? augmentation)
    {
        var path = paths[row];
        Random? random = augmentation is { } key ? new Random(unchecked((int)(key.Mixed ^ (key.Mixed >> 32)))) : null;
        try
        {
            using var image = ImageFile.Decode(path);
            ImageTensor.Write(image, preprocessing, augmentations, random, target);
        }
        catch (ImageDecodeException e)
        {
            // It decoded when the data was loaded: the file changed during the run.
            throw DataError.File(DataErrorCodes.ImageUnreadable, path, $"{e.Message}; the file changed after the data was loaded. Restore it and run again.");
        }
    }
}
