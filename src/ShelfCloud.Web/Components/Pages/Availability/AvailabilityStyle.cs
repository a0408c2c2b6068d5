using System.Globalization;

namespace ShelfCloud.Web.Components.Pages.Availability;

/// <summary>How availability figures look on every page: one colour scale and one way to write percentages and durations.</summary>
public static class AvailabilityStyle
{
    /// <summary>Availability at or below this is drawn fully red; the scale runs from here to green at 100 %.</summary>
    public const double RedAt = 0.5;

    /// <summary>A light background for a cell: red at <see cref="RedAt"/> or less, through amber, to green at 100 %; grey without data.</summary>
    public static string Background(double? availability) => availability is { } a
        ? string.Create(CultureInfo.InvariantCulture, $"hsl({Hue(a):0}, 75%, 78%)")
        : "#eeeeee";

    /// <summary>A strong colour for text and strokes on the same scale.</summary>
    public static string Foreground(double? availability) => availability is { } a
        ? string.Create(CultureInfo.InvariantCulture, $"hsl({Hue(a):0}, 80%, 35%)")
        : "#757575";

    /// <summary>"87%", or an em dash when there is no figure.</summary>
    public static string Percent(double? share, int decimals = 0) => share is { } s
        ? (s * 100).ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture) + "%"
        : "—";

    /// <summary>"45 min", "3 h 20 min", "2 d 4 h".</summary>
    public static string Duration(TimeSpan span)
    {
        if (span < TimeSpan.Zero)
            span = TimeSpan.Zero;
        if (span.TotalHours < 1)
            return $"{(int)span.TotalMinutes} min";
        if (span.TotalDays < 1)
            return span.Minutes == 0 ? $"{(int)span.TotalHours} h" : $"{(int)span.TotalHours} h {span.Minutes} min";
        return span.Hours == 0 ? $"{(int)span.TotalDays} d" : $"{(int)span.TotalDays} d {span.Hours} h";
    }

    /// <summary>An instant in the given zone as "2026-03-02 14:30".</summary>
    public static string Time(DateTimeOffset instant, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(instant, zone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    /// <summary>Coordinates for SVG attributes.</summary>
    public static string Svg(float value) => value.ToString("0.#", CultureInfo.InvariantCulture);

    private static double Hue(double availability) => Math.Clamp((availability - RedAt) / (1 - RedAt), 0, 1) * 120;
}
