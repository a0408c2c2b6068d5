namespace ShelfCloud.Domain.Captures.Quality;

/// <summary>64×48 grey thumbnails: how different two are, and how far one is shifted against another.</summary>
public static class Thumbnails
{
    public const int Width = 64;
    public const int Height = 48;

    /// <summary>Mean absolute difference, in grey levels, of <paramref name="a"/> and <paramref name="b"/> moved by (dx, dy) over their overlap.</summary>
    public static double Difference(byte[] a, byte[] b, int dx = 0, int dy = 0)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Length != Width * Height || b.Length != Width * Height)
            throw new ArgumentException($"Thumbnails are {Width}×{Height} bytes.");
        long sum = 0;
        var count = 0;
        for (var y = Math.Max(0, dy); y < Height + Math.Min(0, dy); y++)
        {
            for (var x = Math.Max(0, dx); x < Width + Math.Min(0, dx); x++)
            {
                sum += Math.Abs(a[y * Width + x] - b[(y - dy) * Width + x - dx]);
                count++;
            }
        }

        return count == 0 ? 255 : (double)sum / count;
    }

    /// <summary>
    /// The shift of <paramref name="current"/> against <paramref name="reference"/> that makes them most alike (searched
    /// up to <paramref name="maxShift"/> pixels each way), with the differences at that shift and unshifted.
    /// </summary>
    public static (int Dx, int Dy, double Aligned, double Unshifted) Alignment(byte[] current, byte[] reference, int maxShift = 8)
    {
        var best = (Dx: 0, Dy: 0, Difference: Difference(current, reference));
        var unshifted = best.Difference;
        for (var dy = -maxShift; dy <= maxShift; dy++)
        {
            for (var dx = -maxShift; dx <= maxShift; dx++)
            {
                var difference = Difference(current, reference, dx, dy);
                if (difference < best.Difference - 1e-9)
                    best = (dx, dy, difference);
            }
        }

        return (best.Dx, best.Dy, best.Difference, unshifted);
    }

    /// <summary>A running mean of two thumbnails (the camera's reference view drifting slowly with its good photos).</summary>
    public static byte[] Blend(byte[] reference, byte[] current, double weightOfCurrent) =>
        reference.Zip(current, (r, c) => (byte)Math.Clamp(Math.Round(r + weightOfCurrent * (c - r)), 0, 255)).ToArray();
}
