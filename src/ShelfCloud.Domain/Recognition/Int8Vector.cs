namespace ShelfCloud.Domain.Recognition;

/// <summary>
/// An L2-normalised embedding stored compactly: int8 per dimension, base64 (a quarter of float32; cosines move by less
/// than 0.01). For the looks of facing tracks and the centroids of unknown-product groups.
/// </summary>
public static class Int8Vector
{
    public static string Encode(float[] vector)
    {
        ArgumentNullException.ThrowIfNull(vector);
        return Convert.ToBase64String(vector.Select(v => unchecked((byte)(sbyte)Math.Clamp(MathF.Round(v * 127), -127, 127))).ToArray());
    }

    /// <summary>The vector, normalised again.</summary>
    /// <exception cref="FormatException">Not base64.</exception>
    public static float[] Decode(string encoded)
    {
        var values = Convert.FromBase64String(encoded).Select(b => unchecked((sbyte)b) / 127f).ToArray();
        var norm = MathF.Sqrt(values.Sum(v => v * v));
        return norm > 0 ? values.Select(v => v / norm).ToArray() : values;
    }
}
