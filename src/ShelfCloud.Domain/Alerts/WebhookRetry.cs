namespace ShelfCloud.Domain.Alerts;

/// <summary>When a failed delivery is tried again: backing off from seconds to hours, for about a day.</summary>
public static class WebhookRetry
{
    private static readonly TimeSpan[] Delays =
    [
        TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(10),
        TimeSpan.FromHours(1), TimeSpan.FromHours(3), TimeSpan.FromHours(6), TimeSpan.FromHours(12),
    ];

    /// <summary>Attempts after which a delivery is given up (it stays in the log).</summary>
    public static int MaxAttempts => Delays.Length + 1;

    /// <summary>The wait after the <paramref name="attempts"/>-th failed attempt.</summary>
    public static TimeSpan After(int attempts) => Delays[Math.Clamp(attempts - 1, 0, Delays.Length - 1)];
}
