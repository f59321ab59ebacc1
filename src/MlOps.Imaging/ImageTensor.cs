using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace MlOps.Imaging;

/// <summary>
/// A decoded picture to the model's input: geometry (resize and crop, or the random augmentations),
/// alpha composited on white, grayscale when asked (ITU-R 601 luma, as PIL's "L"), colour jitter,
/// then (v − mean[c]) / std[c], written channel-major (CHW). Resizing is bilinear with a support
/// widened when shrinking (PIL's BILINEAR and torchvision's antialiased resize do the same).
/// </summary>
public static class ImageTensor
{
    /// <summary>Writes <paramref name="image"/> (not modified) into <paramref name="target"/> (Channels × Size × Size floats).</summary>
    /// <param name="random">A training epoch's generator for this picture; null: no augmentation (evaluation, serving).</param>
    public static void Write(Image<Rgba32> image, ImagePreprocessing preprocessing, IReadOnlyList<ImageAugmentation> augmentations, Random? random, Span<float> target)
    {
        if (target.Length != preprocessing.FeaturesPerImage)
        {
            throw new ArgumentException($"{target.Length} floats for a {preprocessing.Channels}×{preprocessing.Size}×{preprocessing.Size} image", nameof(target));
        }
        var size = preprocessing.Size;
        using var work = image.Clone();
        var steps = random is null ? [] : augmentations;
        var resizedCrop = steps.OfType<ImageAugmentation.RandomResizedCrop>().FirstOrDefault();
        if (resizedCrop is not null)
        {
            var area = RandomArea(work.Width, work.Height, resizedCrop.MinScale, random!);
            work.Mutate(x => x.Crop(area).Resize(size, size, KnownResamplers.Triangle));
        }
        else
        {
            Fit(work, preprocessing);
        }
        ImageAugmentation.ColorJitter? jitter = null;
        (double Brightness, double Contrast, double Saturation) factors = (1, 1, 1);
        foreach (var step in steps)
        {
            switch (step)
            {
                case ImageAugmentation.HorizontalFlip when random!.NextDouble() < 0.5:
                    work.Mutate(x => x.Flip(FlipMode.Horizontal));
                    break;
                case ImageAugmentation.Rotation rotation:
                    var degrees = ((random!.NextDouble() * 2) - 1) * rotation.Degrees;
                    work.Mutate(x => x.Rotate((float)degrees, KnownResamplers.Triangle));
                    var (left, top) = ((work.Width - size) / 2, (work.Height - size) / 2);
                    work.Mutate(x => x.Crop(new Rectangle(left, top, size, size)));
                    break;
                case ImageAugmentation.ColorJitter j:
                    jitter = j;
                    factors = (Factor(j.Brightness, random!), Factor(j.Contrast, random!), Factor(j.Saturation, random!));
                    break;
            }
        }
        var pixels = new Rgba32[size * size];
        work.CopyPixelDataTo(pixels);
        var rgb = Composite(pixels);
        if (jitter is not null)
        {
            Jitter(rgb, factors);
        }
        Normalise(rgb, preprocessing, target);
    }

    /// <summary>The deterministic geometry: resize then centre crop, or straight to Size × Size.</summary>
    private static void Fit(Image<Rgba32> work, ImagePreprocessing p)
    {
        if (p.Crop == ImageCrop.None)
        {
            work.Mutate(x => x.Resize(p.Size, p.Size, KnownResamplers.Triangle));
            return;
        }
        // torchvision's Resize(int): the shorter side becomes Resize, the other keeps the ratio (truncated).
        var (w, h) = work.Width <= work.Height
            ? (p.Resize, (int)((long)p.Resize * work.Height / work.Width))
            : ((int)((long)p.Resize * work.Width / work.Height), p.Resize);
        if (w != work.Width || h != work.Height)
        {
            work.Mutate(x => x.Resize(w, h, KnownResamplers.Triangle));
        }
        var left = (int)Math.Round((w - p.Size) / 2.0, MidpointRounding.ToEven);
        var top = (int)Math.Round((h - p.Size) / 2.0, MidpointRounding.ToEven);
        work.Mutate(x => x.Crop(new Rectangle(left, top, p.Size, p.Size)));
    }

    /// <summary>torchvision's RandomResizedCrop area: 10 tries at a random share and log-uniform aspect ratio, else the whole picture's centre square.</summary>
    private static Rectangle RandomArea(int width, int height, double minScale, Random random)
    {
        var area = (double)width * height;
        for (var attempt = 0; attempt < 10; attempt++)
        {
            var target = area * (minScale + (random.NextDouble() * (1 - minScale)));
            var ratio = Math.Exp(Math.Log(3.0 / 4) + (random.NextDouble() * (Math.Log(4.0 / 3) - Math.Log(3.0 / 4))));
            var w = (int)Math.Round(Math.Sqrt(target * ratio));
            var h = (int)Math.Round(Math.Sqrt(target / ratio));
            if (w > 0 && h > 0 && w <= width && h <= height)
            {
                return new Rectangle(random.Next(width - w + 1), random.Next(height - h + 1), w, h);
            }
        }
        var side = Math.Min(width, height);
        return new Rectangle((width - side) / 2, (height - side) / 2, side, side);
    }

    private static double Factor(double amount, Random random) => 1 + (((random.NextDouble() * 2) - 1) * amount);

    /// <summary>RGB in [0, 1], alpha composited on white.</summary>
    private static float[] Composite(Rgba32[] pixels)
    {
        var rgb = new float[pixels.Length * 3];
        for (var i = 0; i < pixels.Length; i++)
        {
            var p = pixels[i];
            var alpha = p.A / 255f;
            var white = 1 - alpha;
            rgb[i * 3] = (p.R / 255f * alpha) + white;
            rgb[(i * 3) + 1] = (p.G / 255f * alpha) + white;
            rgb[(i * 3) + 2] = (p.B / 255f * alpha) + white;
        }
        return rgb;
    }

    /// <summary>Brightness, then contrast (around the mean luma), then saturation (towards each pixel's luma), clamped to [0, 1].</summary>
    private static void Jitter(float[] rgb, (double Brightness, double Contrast, double Saturation) f)
    {
        double lumaSum = 0;
        for (var i = 0; i < rgb.Length; i += 3)
        {
            for (var c = 0; c < 3; c++)
            {
                rgb[i + c] = Math.Clamp((float)(rgb[i + c] * f.Brightness), 0, 1);
            }
            lumaSum += Luma(rgb, i);
        }
        var mean = (float)(lumaSum / (rgb.Length / 3));
        for (var i = 0; i < rgb.Length; i += 3)
        {
            for (var c = 0; c < 3; c++)
            {
                rgb[i + c] = Math.Clamp((float)(((rgb[i + c] - mean) * f.Contrast) + mean), 0, 1);
            }
            var luma = Luma(rgb, i);
            for (var c = 0; c < 3; c++)
            {
                rgb[i + c] = Math.Clamp((float)(((rgb[i + c] - luma) * f.Saturation) + luma), 0, 1);
            }
        }
    }

    private static float Luma(float[] rgb, int i) => (0.299f * rgb[i]) + (0.587f * rgb[i + 1]) + (0.114f * rgb[i + 2]);

    private static void Normalise(float[] rgb, ImagePreprocessing p, Span<float> target)
    {
        var plane = rgb.Length / 3;
        for (var c = 0; c < p.Channels; c++)
        {
            float mean = (float)p.Mean[c], scale = (float)(1 / p.Std[c]);
            var channel = target.Slice(c * plane, plane);
            for (var i = 0; i < plane; i++)
            {
                var v = p.Channels == 1 ? Luma(rgb, i * 3) : rgb[(i * 3) + c];
                channel[i] = (v - mean) * scale;
            }
        }
    }
}
