namespace ShelfCloud.Domain.Captures.Quality;

/// <summary>A capture's quality: its status, the issues found, and the figures they were found on.</summary>
/// <param name="ShiftX">Shift of the photo against the camera's reference view, thumbnail pixels (64 across).</param>
public sealed record CaptureQualityResult(
    CaptureQualityStatus Status, IReadOnlyList<string> Issues, double Brightness, double Contrast, double Sharpness, double Overexposed,
    int ShiftX, int ShiftY);

/// <summary>
/// Judges a photo against its camera's baseline (<see cref="CameraQualityBaseline"/>) and folds a good photo into it.
/// Absolute limits catch what no camera does on purpose (a near-uniform dark picture is a covered lens; a very dark or burnt-out
/// one); the rest is relative to the camera's own good photos, once it has <see cref="SettledAfter"/> of them. A covered
/// lens or a repeated frame is reported alone: the other issues follow from it.
/// </summary>
public static class CaptureQualityJudge
{
    /// <summary>Good photos a camera needs before its relative limits apply.</summary>
    public const int SettledAfter = 2;

    private const double CoveredContrast = 6;
    private const double CoveredBrightness = 200;
    private const double DarkBrightness = 35;
    private const double DarkShare = 0.45;
    private const double BurntOutShare = 0.35;
    private const double BurntOutGrowth = 4;
    private const double BurntOutFloor = 0.08;
    private const double BlurShare = 0.2;
    private const double BlurFloor = 0.025;
    private const double DuplicateDifference = 0.75;
    private const int MovedShift = 3;
    private const double MovedGain = 0.75;
    private const double MeanWeight = 0.2;

    /// <summary>Judges <paramref name="photo"/>; then updates <paramref name="baseline"/> (its latest thumbnail always, its means with a good photo).</summary>
    public static CaptureQualityResult Judge(PhotoFigures photo, CameraQualityBaseline baseline)
    {
        ArgumentNullException.ThrowIfNull(photo);
        ArgumentNullException.ThrowIfNull(baseline);
        var (issues, shift) = Issues(photo, baseline);
        var status = issues.Count == 0 ? CaptureQualityStatus.Ok : CaptureQualityStatus.Poor;
        Fold(photo, baseline, status);
        return new CaptureQualityResult(status, issues, photo.Brightness, photo.Contrast, photo.Sharpness, photo.Overexposed, shift.Dx, shift.Dy);
    }

    private static (List<string> Issues, (int Dx, int Dy) Shift) Issues(PhotoFigures photo, CameraQualityBaseline baseline)
    {
        if (photo.Contrast < CoveredContrast && photo.Brightness < CoveredBrightness)
            return ([CaptureQualityIssue.Covered], (0, 0));
        if (baseline.Last is { } last && Thumbnails.Difference(photo.Thumbnail, last) < DuplicateDifference)
            return ([CaptureQualityIssue.Duplicate], (0, 0));

        var issues = new List<string>();
        var settled = baseline.GoodCaptures >= SettledAfter;
        if (photo.Brightness < DarkBrightness || (settled && photo.Brightness < DarkShare * baseline.Brightness))
            issues.Add(CaptureQualityIssue.Dark);
        if (photo.Overexposed > BurntOutShare || (settled && photo.Overexposed > Math.Max(BurntOutFloor, BurntOutGrowth * baseline.Overexposed)))
            issues.Add(CaptureQualityIssue.Overexposed);
        // Burnt-out light flattens detail too: that photo is overexposed, not blurred.
        if (!issues.Contains(CaptureQualityIssue.Overexposed) && (photo.Sharpness < BlurFloor || (settled && photo.Sharpness < BlurShare * baseline.Sharpness)))
            issues.Add(CaptureQualityIssue.Blur);
        var shift = (Dx: 0, Dy: 0);
        if (baseline.Reference is { } reference)
        {
            var alignment = Thumbnails.Alignment(photo.Thumbnail, reference);
            if (Math.Max(Math.Abs(alignment.Dx), Math.Abs(alignment.Dy)) >= MovedShift && alignment.Aligned < MovedGain * alignment.Unshifted)
            {
                shift = (alignment.Dx, alignment.Dy);
                issues.Add(CaptureQualityIssue.Moved);
            }
        }

        return (issues, shift);
    }

    private static void Fold(PhotoFigures photo, CameraQualityBaseline baseline, CaptureQualityStatus status)
    {
        baseline.Last = photo.Thumbnail;
        baseline.LastStatus = status;
        if (status != CaptureQualityStatus.Ok)
            return;
        var weight = baseline.GoodCaptures == 0 ? 1 : Math.Max(MeanWeight, 1.0 / (baseline.GoodCaptures + 1));
        baseline.Brightness += weight * (photo.Brightness - baseline.Brightness);
        baseline.Contrast += weight * (photo.Contrast - baseline.Contrast);
        baseline.Sharpness += weight * (photo.Sharpness - baseline.Sharpness);
        baseline.Overexposed += weight * (photo.Overexposed - baseline.Overexposed);
        baseline.Reference = baseline.Reference is null ? photo.Thumbnail : Thumbnails.Blend(baseline.Reference, photo.Thumbnail, weight);
        baseline.GoodCaptures++;
    }
}
