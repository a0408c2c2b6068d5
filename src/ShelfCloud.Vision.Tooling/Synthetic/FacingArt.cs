using SkiaSharp;

namespace ShelfCloud.Vision.Tooling.Synthetic;

/// <summary>Draws one stocked facing of a shelf photo: a drawn packshot or a real photo of the product.</summary>
public interface IFacingArt
{
    /// <param name="canvas">The flat (front-on) shelf being drawn.</param>
    /// <param name="skuIndex">The product, an index into the rendered SKU list.</param>
    /// <param name="facingIndex">The slot, an index into <see cref="ShelfPlan.AllFacings"/>, stable across one shelf's captures.</param>
    /// <param name="bounds">Where the product stands.</param>
    /// <param name="random">The shelf's random stream.</param>
    void Draw(SKCanvas canvas, int skuIndex, int facingIndex, SKRect bounds, Random random);
}

/// <summary>The generated packshot of each synthetic SKU (<see cref="PackshotRenderer"/>).</summary>
public sealed class PackshotArt(IReadOnlyList<SyntheticSku> catalog) : IFacingArt
{
    public void Draw(SKCanvas canvas, int skuIndex, int facingIndex, SKRect bounds, Random random) =>
        PackshotRenderer.Draw(canvas, catalog[skuIndex], bounds);
}

/// <summary>
/// A real photo of the facing's product, a different one at each capture where the class has several, cropped to
/// the facing's shape around the photo's centre (where the product is).
/// </summary>
/// <param name="reservedPerSku">The first photos of each product are kept off the shelf (they are its reference images), when it has more.</param>
public sealed class PhotoArt(PhotoCatalog photos, int reservedPerSku = 0) : IFacingArt
{
    private readonly Dictionary<int, (int Sku, int Photo)> _lastPhoto = [];

    public void Draw(SKCanvas canvas, int skuIndex, int facingIndex, SKRect bounds, Random random)
    {
        var all = photos.PhotosOf(skuIndex);
        var choices = all.Count > reservedPerSku ? all.Skip(reservedPerSku).ToList() : all;
        var pick = random.Next(choices.Count);
        if (choices.Count > 1 && _lastPhoto.TryGetValue(facingIndex, out var last) && last == (skuIndex, pick))
            pick = (pick + 1 + random.Next(choices.Count - 1)) % choices.Count;
        _lastPhoto[facingIndex] = (skuIndex, pick);
        var photo = choices[pick];
        using var image = SKImage.FromBitmap(photo);
        canvas.DrawImage(image, CoverSource(photo.Width, photo.Height, bounds.Width / bounds.Height), bounds, new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear));
    }

    /// <summary>The largest centred part of the photo with the facing's aspect ratio.</summary>
    public static SKRect CoverSource(int width, int height, float aspect)
    {
        var w = Math.Min(width, height * aspect);
        var h = w / aspect;
        return SKRect.Create((width - w) / 2, (height - h) / 2, w, h);
    }
}
