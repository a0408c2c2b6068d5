using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ShelfCloud.Domain.Captures;
using ShelfCloud.Domain.Captures.Quality;
using ShelfCloud.Infrastructure.Data;

namespace ShelfCloud.Infrastructure.Captures;

/// <summary>A capture as the API shows it: its progress and, once recognised, its detections with the ranked candidates.</summary>
public sealed record CaptureDetails(
    Guid Id, string Status, DateTimeOffset TakenAt, DateTimeOffset ReceivedAt, int Width, int Height, string? FailureReason,
    IReadOnlyList<DetectionDetails> Detections)
{
    /// <summary>Whether the photo is evidence: <c>status</c> ok, poor or unmeasured, the <c>issues</c> found, and the figures.</summary>
    public CaptureQualityDetails Quality { get; init; } = CaptureQualityDetails.Unmeasured;
}

/// <summary>
/// A capture's quality as the API shows it. <c>issues</c> names come from blur, dark, overexposed, covered, duplicate,
/// moved, occluded; brightness and contrast are luma mean and deviation (0–255), sharpness the Laplacian's variance,
/// overexposed the share of burnt-out pixels, shift the move against the camera's reference view (thumbnail pixels).
/// </summary>
public sealed record CaptureQualityDetails(
    string Status, IReadOnlyList<string> Issues, double? Brightness, double? Contrast, double? Sharpness, double? Overexposed, int[]? Shift)
{
    public static CaptureQualityDetails Unmeasured { get; } = new("unmeasured", [], null, null, null, null, null);

    public static CaptureQualityDetails Of(Capture capture)
    {
        if (capture.QualityStatus == CaptureQualityStatus.Unmeasured || capture.QualityFigures is null)
            return Unmeasured;
        using var figures = JsonDocument.Parse(capture.QualityFigures);
        var root = figures.RootElement;
        return new CaptureQualityDetails(
            capture.QualityStatus == CaptureQualityStatus.Ok ? "ok" : "poor",
            capture.QualityIssues?.Split(',', StringSplitOptions.RemoveEmptyEntries) ?? [],
            root.GetProperty("brightness").GetDouble(), root.GetProperty("contrast").GetDouble(), root.GetProperty("sharpness").GetDouble(),
            root.GetProperty("overexposed").GetDouble(), root.GetProperty("shift").EnumerateArray().Select(v => v.GetInt32()).ToArray());
    }
}

/// <summary>One detection: <c>[x1, y1, x2, y2]</c> in upright pixels, the detector's score, the predicted SKU code and the fused score.</summary>
/// <param name="Unknown">True when the crop matched no SKU well enough: <c>sku</c> is null and the candidates are kept.</param>
public sealed record DetectionDetails(float[] Box, float Score, string? Sku, float FinalScore, IReadOnlyList<CandidateDetails> Candidates, bool Unknown);

/// <summary>A ranked candidate SKU (by code) with the visual score, the realgram coefficient and the fused score.</summary>
public sealed record CandidateDetails(string? Sku, float VisualScore, float RealgramCoefficient, float FinalScore);

/// <summary>Reads one capture of the current tenant; another tenant's id reads as not found.</summary>
public sealed class CaptureReader(IDbContextFactory<ShelfCloudDbContext> dbFactory)
{
    public async Task<CaptureDetails?> GetAsync(Guid id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var capture = await db.Captures.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, ct);
        if (capture is null)
            return null;

        var detections = await db.Detections.AsNoTracking().Where(d => d.CaptureId == id).OrderBy(d => d.Id).ToListAsync(ct);
        var skuIds = detections.SelectMany(d => d.Candidates.Select(c => c.SkuId).Append(d.PredictedSkuId ?? Guid.Empty)).Distinct().ToList();
        var codes = await db.Skus.AsNoTracking().Where(s => skuIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, s => s.Code, ct);

        return new CaptureDetails(
            capture.Id, capture.Status.ToString(), capture.TakenAt, capture.ReceivedAt, capture.Width, capture.Height, capture.FailureReason,
            detections.Select(d => new DetectionDetails(
                [d.X1, d.Y1, d.X2, d.Y2], d.DetectorScore, d.PredictedSkuId is { } predicted ? codes.GetValueOrDefault(predicted) : null, d.FinalScore,
                d.Candidates.Select(c => new CandidateDetails(codes.GetValueOrDefault(c.SkuId), c.VisualScore, c.RealgramCoefficient, c.FinalScore)).ToList(),
                d.Unknown))
            .ToList()) { Quality = CaptureQualityDetails.Of(capture) };
    }
}
