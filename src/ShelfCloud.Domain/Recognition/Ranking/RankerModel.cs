using System.Text.Json;
using System.Text.Json.Serialization;
using ShelfCloud.Domain.Recognition.Tracking;

namespace ShelfCloud.Domain.Recognition.Ranking;

/// <summary>
/// A trained second-level ranker: a linear score over standardised <see cref="RankerFeatures"/>, turned into
/// probabilities by a softmax over the facing's candidates, and the tracking settings chosen with it on the same
/// data. Stored as JSON (a few hundred bytes).
/// </summary>
public sealed record RankerModel(
    [property: JsonPropertyName("version")] string Version,
    [property: JsonPropertyName("features")] IReadOnlyList<string> Features,
    [property: JsonPropertyName("mean")] IReadOnlyList<double> Mean,
    [property: JsonPropertyName("scale")] IReadOnlyList<double> Scale,
    [property: JsonPropertyName("weights")] IReadOnlyList<double> Weights,
    [property: JsonPropertyName("trained_on")] string TrainedOn,
    [property: JsonPropertyName("facings")] int Facings,
    [property: JsonPropertyName("train_top1")] double TrainTop1,
    [property: JsonPropertyName("fallback_top1")] double FallbackTop1,
    [property: JsonPropertyName("tracking")] TrackingSettings? Tracking = null)
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    /// <summary>Reads a model; refuses one whose features are not this build's.</summary>
    /// <exception cref="InvalidDataException">Not a ranker model, or one for other features.</exception>
    public static RankerModel Parse(string json)
    {
        RankerModel? model;
        try
        {
            model = JsonSerializer.Deserialize<RankerModel>(json);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException("Not a ranker model: " + e.Message, e);
        }

        if (model?.Features is null || model.Mean is null || model.Scale is null || model.Weights is null || model.Version is null)
            throw new InvalidDataException("Not a ranker model: version, features, mean, scale and weights are required.");
        if (!model.Features.SequenceEqual(RankerFeatures.Names))
            throw new InvalidDataException($"The ranker model {model.Version} was trained on other features ({string.Join(", ", model.Features)}).");
        var n = RankerFeatures.Names.Count;
        if (model.Mean.Count != n || model.Scale.Count != n || model.Weights.Count != n || model.Scale.Any(s => !(s > 0)))
            throw new InvalidDataException($"The ranker model {model.Version} needs {n} means, positive scales and weights.");
        return model;
    }

    /// <summary>The model as indented JSON.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Json);
}
