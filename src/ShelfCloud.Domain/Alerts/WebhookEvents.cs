namespace ShelfCloud.Domain.Alerts;

/// <summary>The event names a webhook subscribes to and finds in the body's <c>event</c> (a contract: add, never rename).</summary>
public static class WebhookEvents
{
    /// <summary>A SKU went missing from a shelf for the captures it takes to raise an out-of-stock.</summary>
    public const string OutOfStock = "out_of_stock";

    /// <summary>A camera's health changed: its photos turned poor (attention) or good again (ok).</summary>
    public const string CameraHealth = "camera_health";

    /// <summary>A tenant's alert rule fired (<see cref="AlertRule"/>): its name, severity and what it is about.</summary>
    public const string AlertRule = "alert_rule";

    public static IReadOnlyList<string> All { get; } = [OutOfStock, CameraHealth, AlertRule];
}
