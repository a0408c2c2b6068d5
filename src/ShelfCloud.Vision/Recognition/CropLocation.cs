namespace ShelfCloud.Vision.Recognition;

/// <summary>Where one crop of a batch comes from: image <paramref name="Image"/>, detection <paramref name="Detection"/>.</summary>
internal readonly record struct CropLocation(int Image, int Detection);
