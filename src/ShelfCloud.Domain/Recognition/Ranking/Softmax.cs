namespace ShelfCloud.Domain.Recognition.Ranking;

/// <summary>Numerically stable softmax.</summary>
public static class Softmax
{
    public static double[] Of(IReadOnlyList<double> logits)
    {
        ArgumentNullException.ThrowIfNull(logits);
        if (logits.Count == 0)
            return [];
        var max = logits.Max();
        var exp = logits.Select(l => Math.Exp(l - max)).ToArray();
        var sum = exp.Sum();
        return exp.Select(e => e / sum).ToArray();
    }
}
