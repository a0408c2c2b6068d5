using System.Globalization;

namespace ShelfCloud.Web.Captures;

/// <summary>Parses the optional <c>takenAt</c> of an upload: ISO 8601 date and time, with an offset or <c>Z</c> (none means UTC).</summary>
internal static class TakenAtParser
{
    private static readonly string[] Formats = ["yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd'T'HH:mmK"];

    /// <summary>Null for no value; throws <see cref="CaptureRefusedException"/> (400) for a malformed one.</summary>
    public static DateTimeOffset? Parse(string? value)
    {
        if (string.IsNullOrEmpty(value))
            return null;
        return DateTimeOffset.TryParseExact(value.Trim(), Formats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)
            ? parsed
            : throw CaptureRefusedException.BadRequest("invalid_taken_at",
                $"takenAt '{value}' is not an ISO 8601 date and time such as 2026-11-22T09:30:00Z (in a query string, encode '+' as %2B).");
    }
}
