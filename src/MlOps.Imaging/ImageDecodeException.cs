namespace MlOps.Imaging;

/// <summary>A file that cannot be decoded as an image: corrupt, truncated, or not an image at all. The message says which and why, without the path.</summary>
public sealed class ImageDecodeException : Exception
{
    public ImageDecodeException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }

    public ImageDecodeException()
    {
    }

    public ImageDecodeException(string message)
        : base(message)
    {
    }
}
