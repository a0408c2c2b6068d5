namespace ShelfCloud.Infrastructure.Alerts;

/// <summary>
/// The SMTP server alert mails go through (<c>Alerts:Smtp</c>). Without a host no mail is sent: the mails wait in the
/// outbox, and the alert settings page says email is not set up.
/// </summary>
public sealed class EmailOptions
{
    public const string Section = "Alerts:Smtp";

    public string? Host { get; set; }
    public int Port { get; set; } = 587;

    /// <summary>None, StartTls, SslOnConnect or Auto (MailKit's <c>SecureSocketOptions</c>).</summary>
    public string Security { get; set; } = "Auto";

    public string? UserName { get; set; }
    public string? Password { get; set; }
    public string From { get; set; } = "ShelfCloud alerts <alerts@shelfcloud.invalid>";

    public bool Configured => !string.IsNullOrWhiteSpace(Host);
}
