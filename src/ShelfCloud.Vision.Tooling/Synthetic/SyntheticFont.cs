using SkiaSharp;

namespace ShelfCloud.Vision.Tooling.Synthetic;

/// <summary>The typeface for rendered labels: shipped with the assembly, because the Linux NoDependencies Skia has no system fonts.</summary>
internal static class SyntheticFont
{
    private static readonly Lazy<SKTypeface> Bold = new(() =>
    {
        using var stream = typeof(SyntheticFont).Assembly.GetManifestResourceStream("ShelfCloud.Vision.Tooling.Synthetic.Fonts.DejaVuSansCondensed-Bold.ttf")
            ?? throw new InvalidOperationException("The embedded label font is missing from ShelfCloud.Vision.Tooling.");
        return SKTypeface.FromStream(stream) ?? throw new InvalidOperationException("The embedded label font cannot be read.");
    });

    public static SKFont Create(float size) => new(Bold.Value, size);
}
