using SkiaSharp;

namespace ShelfCloud.Vision.Tooling.Synthetic;

/// <summary>A fixed camera's view of a shelf: perspective (where the shelf's corners land) and barrel/pincushion lens distortion.</summary>
public sealed record CameraPose(SKMatrix Perspective, float LensK)
{
    public static CameraPose Random(Random random, int width, int height)
    {
        var jitter = () => (random.NextSingle() - 0.5f) * 0.12f;
        ReadOnlySpan<SKPoint> flat = [new(0, 0), new(width, 0), new(width, height), new(0, height)];
        ReadOnlySpan<SKPoint> seen =
        [
            new(width * (0.04f + jitter()), height * (0.04f + jitter())),
            new(width * (0.96f + jitter()), height * (0.04f + jitter())),
            new(width * (0.96f + jitter()), height * (0.96f + jitter())),
            new(width * (0.04f + jitter()), height * (0.96f + jitter())),
        ];
        return new CameraPose(Homography.FromQuad(flat, seen), (random.NextSingle() - 0.5f) * 0.14f);
    }

    /// <summary>Where a flat-shelf point appears in the photo.</summary>
    public SKPoint Project(SKPoint flat, int width, int height)
    {
        var p = Perspective.MapPoint(flat);
        var cx = width / 2f;
        var cy = height / 2f;
        var norm = 0.5f * MathF.Sqrt(width * width + height * height);
        var dx = (p.X - cx) / norm;
        var dy = (p.Y - cy) / norm;
        var scale = 1 + LensK * (dx * dx + dy * dy);
        return new SKPoint(cx + dx * scale * norm, cy + dy * scale * norm);
    }
}

/// <summary>What changes from one photo to the next: light, glare, blur, sensor noise, a shopper in the way.</summary>
public sealed record CaptureConditions(float LightAngle, byte LightStrength, SKPoint? Glare, float BlurSigma, int NoiseAmplitude, SKRect? Occluder)
{
    public static CaptureConditions Random(Random random, int width, int height) => new(
        LightAngle: random.NextSingle() * MathF.Tau,
        LightStrength: (byte)random.Next(0, 110),
        Glare: random.NextDouble() < 0.4 ? new SKPoint(random.NextSingle() * width, random.NextSingle() * height) : null,
        BlurSigma: random.NextDouble() < 0.5 ? random.NextSingle() * 1.4f : 0,
        NoiseAmplitude: random.Next(0, 14),
        Occluder: random.NextDouble() < 0.25 ? RandomOccluder(random, width, height) : null);

    private static SKRect RandomOccluder(Random random, int width, int height)
    {
        var w = width * (0.06f + random.NextSingle() * 0.08f);
        var x = random.NextSingle() * (width - w);
        return new SKRect(x, height * (0.35f + random.NextSingle() * 0.4f), x + w, height * 1.05f);
    }
}
