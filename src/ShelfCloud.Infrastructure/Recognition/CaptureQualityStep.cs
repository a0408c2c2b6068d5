using Microsoft.EntityFrameworkCore;
using ShelfCloud.Domain.Captures;
using ShelfCloud.Domain.Captures.Quality;
using ShelfCloud.Infrastructure.Data;

namespace ShelfCloud.Infrastructure.Recognition;

/// <summary>
/// Judges each recognised photo's quality against its camera's baseline (<see cref="CaptureQualityJudge"/>), each
/// camera's captures in time order. Writes nothing; the outcomes carry the judgement and the camera's new baseline.
/// A photo older than the camera's latest judged one is judged against the baseline without changing it.
/// </summary>
public sealed class CaptureQualityStep
{
    public async Task<IReadOnlyList<CaptureOutcome>> JudgeAsync(
        ShelfCloudDbContext db, IReadOnlyList<Capture> captures, IReadOnlyList<CaptureOutcome> outcomes, CancellationToken ct)
    {
        var cameraIds = captures.Select(c => c.CameraId).Distinct().ToList();
        var baselines = await db.CameraQualityBaselines.AsNoTracking().Where(b => cameraIds.Contains(b.CameraId)).ToDictionaryAsync(b => b.CameraId, ct);
        var byCapture = outcomes.ToDictionary(o => o.CaptureId);
        var judged = new Dictionary<Guid, CaptureOutcome>();
        foreach (var capture in captures.OrderBy(c => c.TakenAt))
        {
            if (byCapture[capture.Id] is not { Figures: { } figures } outcome)
                continue;
            var baseline = baselines.GetValueOrDefault(capture.CameraId) ?? new CameraQualityBaseline { CameraId = capture.CameraId, LastTakenAt = DateTimeOffset.MinValue };
            var newest = capture.TakenAt > baseline.LastTakenAt;
            var working = newest ? baseline : baseline.Clone();
            var quality = CaptureQualityJudge.Judge(figures, working);
            if (newest)
            {
                working.LastTakenAt = capture.TakenAt;
                baselines[capture.CameraId] = working;
            }

            judged[capture.Id] = outcome with { Quality = quality, Baseline = newest ? working.Clone() : null };
        }

        return outcomes.Select(o => judged.GetValueOrDefault(o.CaptureId, o)).ToList();
    }
}
