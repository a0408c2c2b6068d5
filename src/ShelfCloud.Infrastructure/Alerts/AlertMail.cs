using System.Globalization;
using System.Text;
using ShelfCloud.Domain.Alerts;

namespace ShelfCloud.Infrastructure.Alerts;

/// <summary>The words of an alert mail: one alert alone, or a recipient's daily digest.</summary>
public static class AlertMail
{
    public static string Subject(AlertText alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        var subject = "[ShelfCloud] " + alert.Title;
        return subject.Length <= 300 ? subject : subject[..300];
    }

    public static string Body(AlertText alert, AlertLinks links, DateTimeOffset at, TimeZoneInfo storeZone)
    {
        ArgumentNullException.ThrowIfNull(alert);
        ArgumentNullException.ThrowIfNull(links);
        var body = new StringBuilder()
            .AppendLine(alert.Title)
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"Severity: {alert.Severity.ToString().ToLowerInvariant()}")
            .AppendLine(CultureInfo.InvariantCulture, $"When: {TimeZoneInfo.ConvertTime(at, storeZone):yyyy-MM-dd HH:mm} (store time, {storeZone.Id})");
        if (alert.CaptureId is { } capture && links.Capture(capture) is { } link)
            body.AppendLine(CultureInfo.InvariantCulture, $"The photo: {link}");
        if (links.Settings() is { } settings)
            body.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"Choose which alerts you receive: {settings}");
        return body.ToString();
    }

    /// <summary>One mail for a recipient's digest alerts, oldest first.</summary>
    public static (string Subject, string Body) Digest(IReadOnlyList<EmailMessage> alerts)
    {
        ArgumentNullException.ThrowIfNull(alerts);
        var body = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"{alerts.Count} alert{(alerts.Count == 1 ? "" : "s")} since the last digest:")
            .AppendLine();
        foreach (var alert in alerts.OrderBy(a => a.CreatedAt))
            body.AppendLine("---").AppendLine(alert.Body.TrimEnd());
        return ($"[ShelfCloud] Daily digest: {alerts.Count} alert{(alerts.Count == 1 ? "" : "s")}", body.ToString());
    }
}

/// <summary>Links into the portal for mails; none when the portal's public address is not configured (<c>Alerts:PortalUrl</c>).</summary>
public sealed class AlertLinks(string? portalUrl)
{
    private readonly string? _base = string.IsNullOrWhiteSpace(portalUrl) ? null : portalUrl.TrimEnd('/');

    public string? Capture(Guid captureId) => _base is null ? null : $"{_base}/captures/{captureId}";

    public string? Settings() => _base is null ? null : $"{_base}/settings/alerts";
}
