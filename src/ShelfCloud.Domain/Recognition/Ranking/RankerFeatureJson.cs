using System.Text.Json;

namespace ShelfCloud.Domain.Recognition.Ranking;

/// <summary>A detection's ranker features as stored (<c>Detection.RankerFeatures</c>): rows of numbers, four decimals.</summary>
public static class RankerFeatureJson
{
    public static string Write(double[][] rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return JsonSerializer.Serialize(rows.Select(r => r.Select(v => Math.Round(v, 4)).ToArray()).ToArray());
    }

    /// <summary>The rows; null when the text is not rows of <see cref="RankerFeatures.Names"/>' length (an older feature set).</summary>
    public static double[][]? Read(string? json)
    {
        if (string.IsNullOrEmpty(json))
            return null;
        try
        {
            var rows = JsonSerializer.Deserialize<double[][]>(json);
            return rows is not null && rows.All(r => r is not null && r.Length == RankerFeatures.Names.Count) ? rows : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
