namespace ShelfCloud.Domain.Alerts;

/// <summary>How urgent an alert is; a subscription receives the alerts at or above its level.</summary>
public enum AlertSeverity
{
    /// <summary>Good news: a camera is back, its photos are good again.</summary>
    Info = 0,

    /// <summary>Someone should look: a product is missing, a camera's photos turned poor.</summary>
    Warning = 1,

    /// <summary>Nothing is being watched: a camera is offline.</summary>
    Critical = 2,
}
