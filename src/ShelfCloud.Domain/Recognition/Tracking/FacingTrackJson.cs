using System.Text.Json;
using System.Text.Json.Serialization;
using ShelfCloud.Domain.Captures;

namespace ShelfCloud.Domain.Recognition.Tracking;

/// <summary>Stores a camera's tracks compactly: the look as an <see cref="Int8Vector"/>, the evidence rounded to four decimals.</summary>
public static class FacingTrackJson
{
    private static readonly JsonSerializerOptions Json = new() { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    public static string Write(IReadOnlyList<FacingTrack> tracks)
    {
        ArgumentNullException.ThrowIfNull(tracks);
        return JsonSerializer.Serialize(tracks.Select(t => new StoredTrack(
            t.Id, [t.Box.X1, t.Box.Y1, t.Box.X2, t.Box.Y2], Int8Vector.Encode(t.Look), t.SkuId, t.Since,
            t.Evidence.ToDictionary(e => e.Key.ToString("N"), e => Math.Round(e.Value, 4)), t.Observations, t.Missed,
            t.OpenSet is { } open ? [Math.Round(open.Sum, 5), Math.Round(open.Weight, 5), open.Unknown ? 1 : 0] : null,
            t.ConfirmedAt)).ToList(), Json);
    }

    /// <exception cref="InvalidDataException">Not what <see cref="Write"/> wrote.</exception>
    public static IReadOnlyList<FacingTrack> Read(string json)
    {
        try
        {
            var stored = JsonSerializer.Deserialize<List<StoredTrack>>(json, Json) ?? [];
            return stored.Select(s => new FacingTrack(
                s.Id, new BoundingBox(s.Box[0], s.Box[1], s.Box[2], s.Box[3]), Int8Vector.Decode(s.Look), s.Sku, s.Since,
                s.Evidence.ToDictionary(e => Guid.Parse(e.Key), e => e.Value), s.Observations, s.Missed,
                s.OpenSet is [var sum, var weight, var unknown] ? new OpenSetEvidence(sum, weight, unknown > 0) : null,
                s.ConfirmedAt)).ToList();
        }
        catch (Exception e) when (e is JsonException or FormatException or IndexOutOfRangeException or NullReferenceException)
        {
            throw new InvalidDataException("Not stored facing tracks: " + e.Message, e);
        }
    }

    private sealed record StoredTrack(
        [property: JsonPropertyName("id")] Guid Id,
        [property: JsonPropertyName("box")] float[] Box,
        [property: JsonPropertyName("look")] string Look,
        [property: JsonPropertyName("sku")] Guid? Sku,
        [property: JsonPropertyName("since")] DateTimeOffset Since,
        [property: JsonPropertyName("evidence")] Dictionary<string, double> Evidence,
        [property: JsonPropertyName("observations")] int Observations,
        [property: JsonPropertyName("missed")] int Missed,
        [property: JsonPropertyName("open_set")] double[]? OpenSet,
        [property: JsonPropertyName("confirmed_at")] DateTimeOffset? ConfirmedAt = null);
}
