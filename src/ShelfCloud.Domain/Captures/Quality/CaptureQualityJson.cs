using System.Text.Json;

namespace ShelfCloud.Domain.Captures.Quality;

/// <summary>A capture's quality figures as stored (<c>Capture.QualityFigures</c>) and served.</summary>
public static class CaptureQualityJson
{
    public static string Figures(CaptureQualityResult quality)
    {
        ArgumentNullException.ThrowIfNull(quality);
        return JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["brightness"] = Math.Round(quality.Brightness, 1),
            ["contrast"] = Math.Round(quality.Contrast, 1),
            ["sharpness"] = Math.Round(quality.Sharpness, 1),
            ["overexposed"] = Math.Round(quality.Overexposed, 4),
            ["shift"] = new[] { quality.ShiftX, quality.ShiftY },
        });
    }
}
