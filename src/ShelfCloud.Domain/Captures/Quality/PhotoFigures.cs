namespace ShelfCloud.Domain.Captures.Quality;

/// <summary>
/// What a capture's quality check looks at: brightness and contrast (mean and deviation of luma, 0–255), sharpness
/// (variance of the Laplacian at 512 px wide over the contrast squared, so light does not change it), the share of
/// burnt-out pixels, and a 64×48 grey thumbnail.
/// </summary>
public sealed record PhotoFigures(double Brightness, double Contrast, double Sharpness, double Overexposed, byte[] Thumbnail);
