using ShelfCloud.Domain.Captures.Quality;
using ShelfCloud.Vision.Imaging;

namespace ShelfCloud.Vision.Recognition;

/// <summary>The outcome for one image of a <see cref="RecognitionRequest"/>.</summary>
/// <param name="Name">The image's name from the request.</param>
/// <param name="Width">Upright width in pixels; 0 when the image was rejected.</param>
/// <param name="Height">Upright height in pixels; 0 when the image was rejected.</param>
/// <param name="Products">Detected products, highest detector score first.</param>
/// <param name="Rejection">Why the image could not be decoded; null when it was recognised.</param>
public sealed record RecognizedImage(
    string Name,
    int Width,
    int Height,
    IReadOnlyList<RecognizedProduct> Products,
    ImageRejectedException? Rejection)
{
    /// <summary>The decoded photo's quality figures; null when it was rejected.</summary>
    public PhotoFigures? Figures { get; init; }

    /// <summary>True when the image was decoded and went through the pipeline.</summary>
    public bool IsRecognised => Rejection is null;
}
