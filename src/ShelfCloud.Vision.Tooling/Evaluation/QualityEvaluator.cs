using ShelfCloud.Domain.Captures.Quality;

namespace ShelfCloud.Vision.Tooling.Evaluation;

/// <summary>Precision and recall of one quality issue.</summary>
public sealed record IssueScore(string Issue, int Injected, int Found, int Right, double Precision, double Recall);

/// <summary>The quality benchmark's figures.</summary>
/// <param name="CleanFlagged">Share of the photos with no injected fault that were judged poor.</param>
/// <param name="FaultyPassed">Share of the faulty photos judged ok (they would have been evidence).</param>
public sealed record QualityReport(int Photos, int Faulty, IReadOnlyList<IssueScore> Issues, double CleanFlagged, double FaultyPassed);

/// <summary>
/// Scores the quality check on photos with known injected faults: an issue is right when the fault injected is the one
/// reported; a reported issue on a photo without that fault is a false alarm.
/// </summary>
public sealed class QualityEvaluator
{
    private readonly List<(string? Injected, IReadOnlyList<string> Found)> _photos = [];

    public void Add(string? injected, CaptureQualityResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        _photos.Add((injected, result.Issues));
    }

    public QualityReport Report()
    {
        var issues = PhotoFaults.All.Select(issue =>
        {
            var injected = _photos.Count(p => p.Injected == issue);
            var found = _photos.Count(p => p.Found.Contains(issue));
            var right = _photos.Count(p => p.Injected == issue && p.Found.Contains(issue));
            return new IssueScore(issue, injected, found, right, Share(right, found), Share(right, injected));
        }).ToList();
        var clean = _photos.Where(p => p.Injected is null).ToList();
        var faulty = _photos.Where(p => p.Injected is not null).ToList();
        return new QualityReport(_photos.Count, faulty.Count, issues, Share(clean.Count(p => p.Found.Count > 0), clean.Count),
            Share(faulty.Count(p => p.Found.Count == 0), faulty.Count));
    }

    private static double Share(int part, int whole) => whole == 0 ? 0 : (double)part / whole;
}
