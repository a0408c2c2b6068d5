namespace ShelfCloud.Domain.Recognition.Ranking;

/// <summary>One facing to learn from: its candidates' feature vectors and which of them is right.</summary>
public sealed record RankerExample(double[][] Features, int Right);

/// <summary>
/// Fits a <see cref="RankerModel"/>: softmax regression over each facing's candidates (the right one against the
/// others), features standardised, L2-regularised, full-batch gradient descent. Deterministic; a few seconds for
/// a hundred thousand facings.
/// </summary>
public static class RankerTrainer
{
    /// <summary>Fewer facings than this and the fallback ranks: a tenant's first decisions do not make a model.</summary>
    public const int MinimumFacings = 200;

    private const double L2 = 1e-3;
    private const int Iterations = 400;
    private const double LearningRate = 0.5;

    /// <exception cref="ArgumentException">Fewer than <see cref="MinimumFacings"/> examples with a right candidate.</exception>
    public static RankerModel Train(IReadOnlyList<RankerExample> examples, string version, string trainedOn)
    {
        ArgumentNullException.ThrowIfNull(examples);
        var usable = examples.Where(e => e.Right >= 0 && e.Right < e.Features.Length).ToList();
        if (usable.Count < MinimumFacings)
            throw new ArgumentException($"A ranker needs at least {MinimumFacings} facings whose right SKU is among the candidates; there are {usable.Count}.", nameof(examples));
        var n = RankerFeatures.Names.Count;
        var (mean, scale) = Standardisation(usable, n);
        var standardised = usable.Select(e => e.Features.Select(f => f.Select((v, i) => (v - mean[i]) / scale[i]).ToArray()).ToArray()).ToList();
        var weights = new double[n];
        for (var iteration = 0; iteration < Iterations; iteration++)
        {
            var gradient = new double[n];
            for (var e = 0; e < standardised.Count; e++)
            {
                var rows = standardised[e];
                var p = Softmax.Of(rows.Select(r => Dot(weights, r)).ToArray());
                for (var c = 0; c < rows.Length; c++)
                {
                    var error = p[c] - (c == usable[e].Right ? 1 : 0);
                    for (var i = 0; i < n; i++)
                        gradient[i] += error * rows[c][i];
                }
            }

            for (var i = 0; i < n; i++)
                weights[i] -= LearningRate * (gradient[i] / standardised.Count + L2 * weights[i]);
        }

        var trainTop1 = Top1(standardised, usable, r => Dot(weights, r));
        var fallbackTop1 = usable.Count(e => e.Right == 0) / (double)usable.Count;
        return new RankerModel(version, RankerFeatures.Names.ToList(), mean, scale, weights, trainedOn, usable.Count, trainTop1, fallbackTop1);
    }

    private static (double[] Mean, double[] Scale) Standardisation(List<RankerExample> examples, int n)
    {
        var rows = examples.SelectMany(e => e.Features).ToList();
        var mean = new double[n];
        var scale = new double[n];
        for (var i = 0; i < n; i++)
        {
            mean[i] = rows.Average(r => r[i]);
            var variance = rows.Average(r => (r[i] - mean[i]) * (r[i] - mean[i]));
            scale[i] = variance > 1e-12 ? Math.Sqrt(variance) : 1;
        }

        return (mean, scale);
    }

    private static double Top1(List<double[][]> standardised, List<RankerExample> examples, Func<double[], double> score)
    {
        var right = 0;
        for (var e = 0; e < standardised.Count; e++)
        {
            var scores = standardised[e].Select(score).ToArray();
            right += Array.IndexOf(scores, scores.Max()) == examples[e].Right ? 1 : 0;
        }

        return right / (double)standardised.Count;
    }

    private static double Dot(double[] a, double[] b)
    {
        double sum = 0;
        for (var i = 0; i < a.Length; i++)
            sum += a[i] * b[i];
        return sum;
    }
}
