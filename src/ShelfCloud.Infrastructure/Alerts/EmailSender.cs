using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;
using ShelfCloud.Domain.Alerts;
using ShelfCloud.Infrastructure.Data;
using ShelfCloud.Infrastructure.Tenancy;

namespace ShelfCloud.Infrastructure.Alerts;

/// <summary>
/// Sends due alert mails through the SMTP server of <see cref="EmailOptions"/>: an alert alone, or all of a recipient's
/// due digest alerts as one mail. A failure backs off like a webhook (<see cref="WebhookRetry"/>); the outbox rows are
/// the queue, so a restart loses nothing.
/// </summary>
public sealed class EmailSender(
    IServiceScopeFactory scopes, TenantScopeFactory tenantScopes, IOptions<EmailOptions> options, TimeProvider clock, ILogger<EmailSender> logger) : IOutboxSender
{
    private const int BatchSize = 100;

    /// <summary>Whether an SMTP server is configured.</summary>
    public bool Configured => options.Value.Configured;

    public string Name => "Sending alert mails";

    public TimeSpan Interval { get; } = TimeSpan.FromSeconds(5);

    public WakeUp WakeUp { get; } = new();

    /// <summary>Wakes the loop (called when something was queued; harmless before the commit).</summary>
    public void KickAfterCommit() => WakeUp.Ring();

    /// <summary>Sends every mail due now; returns how many mails went out (a digest counts once).</summary>
    public async Task<int> SendDueAsync(CancellationToken ct = default)
    {
        if (!Configured)
            return 0;
        List<(Guid TenantId, long Id)> due;
        await using (var scope = scopes.CreateAsyncScope())
        {
            await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<ShelfCloudDbContext>>().CreateDbContextAsync(ct);
            var now = clock.GetUtcNow();
            // A platform query: due mails of every tenant; each tenant's are then sent inside its own scope.
            due = (await db.EmailMessages.IgnoreQueryFilters([ShelfCloudDbContext.TenantFilter]).AsNoTracking()
                    .Where(m => m.SentAt == null && m.Attempts < WebhookRetry.MaxAttempts && m.NextAttemptAt <= now)
                    .OrderBy(m => m.NextAttemptAt).Take(BatchSize)
                    .Select(m => new { m.TenantId, m.Id })
                    .ToListAsync(ct))
                .Select(m => (m.TenantId, m.Id)).ToList();
        }

        if (due.Count == 0)
            return 0;
        var sent = 0;
        using var smtp = new SmtpClient();
        foreach (var tenant in due.GroupBy(d => d.TenantId))
        {
            await using var scope = tenantScopes.CreateScope(tenant.Key, "alert mails");
            var db = scope.ServiceProvider.GetRequiredService<ShelfCloudDbContext>();
            var ids = tenant.Select(t => t.Id).ToList();
            var mails = await db.EmailMessages.Where(m => ids.Contains(m.Id)).ToListAsync(ct);
            foreach (var group in mails.GroupBy(m => m.Digest ? "digest:" + m.To : "single:" + m.Id))
                sent += await SendAsync(smtp, group.ToList(), ct) ? 1 : 0;
            await db.SaveChangesAsync(ct);
        }

        if (smtp.IsConnected)
            await smtp.DisconnectAsync(quit: true, ct);
        return sent;
    }

    private async Task<bool> SendAsync(SmtpClient smtp, IReadOnlyList<EmailMessage> mails, CancellationToken ct)
    {
        var (subject, body) = mails is [{ Digest: false } single] ? (single.Subject, single.Body) : AlertMail.Digest(mails);
        var message = new MimeMessage
        {
            Subject = subject,
            Body = new TextPart("plain") { Text = body },
        };
        message.From.Add(MailboxAddress.Parse(options.Value.From));
        message.To.Add(MailboxAddress.Parse(mails[0].To));
        foreach (var mail in mails)
            mail.Attempts++;
        try
        {
            if (!smtp.IsConnected)
                await ConnectAsync(smtp, ct);
            await smtp.SendAsync(message, ct);
            var now = clock.GetUtcNow();
            foreach (var mail in mails)
                (mail.SentAt, mail.LastError) = (now, null);
            return true;
        }
        catch (Exception e) when (e is SmtpCommandException or SmtpProtocolException or IOException or System.Net.Sockets.SocketException
                                      or AuthenticationException or SslHandshakeException or ParseException)
        {
            var retryAt = clock.GetUtcNow() + WebhookRetry.After(mails[0].Attempts);
            foreach (var mail in mails)
                (mail.LastError, mail.NextAttemptAt) = (e.Message.Length <= 500 ? e.Message : e.Message[..500], retryAt);
            logger.LogInformation("Alert mail to {To} failed: {Error}; attempt {Attempts} of {Max}", mails[0].To, e.Message, mails[0].Attempts, WebhookRetry.MaxAttempts);
            if (smtp.IsConnected)
                await smtp.DisconnectAsync(quit: false, ct);
            return false;
        }
    }

    private async Task ConnectAsync(SmtpClient smtp, CancellationToken ct)
    {
        var o = options.Value;
        var security = Enum.TryParse<SecureSocketOptions>(o.Security, ignoreCase: true, out var parsed) ? parsed : SecureSocketOptions.Auto;
        await smtp.ConnectAsync(o.Host!, o.Port, security, ct);
        if (!string.IsNullOrEmpty(o.UserName))
            await smtp.AuthenticateAsync(o.UserName, o.Password ?? "", ct);
    }
}
