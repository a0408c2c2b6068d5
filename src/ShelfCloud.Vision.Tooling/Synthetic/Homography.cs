using SkiaSharp;

namespace ShelfCloud.Vision.Tooling.Synthetic;

/// <summary>The perspective transform that maps four source points onto four destination points.</summary>
internal static class Homography
{
    public static SKMatrix FromQuad(ReadOnlySpan<SKPoint> source, ReadOnlySpan<SKPoint> destination)
    {
        // Solve the 8 unknowns h0..h7 of [x' y' 1] ~ H [x y 1] with h8 = 1 (Gaussian elimination on an 8×9 system).
        var a = new double[8, 9];
        for (var i = 0; i < 4; i++)
        {
            double x = source[i].X, y = source[i].Y, u = destination[i].X, v = destination[i].Y;
            var r = 2 * i;
            a[r, 0] = x; a[r, 1] = y; a[r, 2] = 1; a[r, 6] = -u * x; a[r, 7] = -u * y; a[r, 8] = u;
            a[r + 1, 3] = x; a[r + 1, 4] = y; a[r + 1, 5] = 1; a[r + 1, 6] = -v * x; a[r + 1, 7] = -v * y; a[r + 1, 8] = v;
        }
        for (var col = 0; col < 8; col++)
        {
            var pivot = col;
            for (var row = col + 1; row < 8; row++)
                if (Math.Abs(a[row, col]) > Math.Abs(a[pivot, col]))
                    pivot = row;
            for (var k = 0; k < 9; k++)
                (a[col, k], a[pivot, k]) = (a[pivot, k], a[col, k]);
            for (var row = 0; row < 8; row++)
            {
                if (row == col)
                    continue;
                var factor = a[row, col] / a[col, col];
                for (var k = col; k < 9; k++)
                    a[row, k] -= factor * a[col, k];
            }
        }
        var h = new float[8];
        for (var i = 0; i < 8; i++)
            h[i] = (float)(a[i, 8] / a[i, i]);
        return new SKMatrix(h[0], h[1], h[2], h[3], h[4], h[5], h[6], h[7], 1);
    }
}
