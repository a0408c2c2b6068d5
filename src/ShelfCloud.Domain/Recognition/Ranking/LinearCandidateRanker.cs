namespace ShelfCloud.Domain.Recognition.Ranking;

/// <summary>Ranks with a trained <see cref="RankerModel"/>.</summary>
public sealed class LinearCandidateRanker(RankerModel model) : ICandidateRanker
{
    public RankerModel Model { get; } = model ?? throw new ArgumentNullException(nameof(model));

    public string Version => Model.Version;

    public double[] Probabilities(FacingContext facing) => Softmax.Of(RankerFeatures.For(facing).Select(Logit).ToArray());

    /// <summary>The linear score of one feature vector.</summary>
    public double Logit(double[] features)
    {
        ArgumentNullException.ThrowIfNull(features);
        double logit = 0;
        for (var i = 0; i < features.Length; i++)
            logit += Model.Weights[i] * (features[i] - Model.Mean[i]) / Model.Scale[i];
        return logit;
    }
}
