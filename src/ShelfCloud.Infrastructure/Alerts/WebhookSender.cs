using System.Net.Http.Headers;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ShelfCloud.Domain.Alerts;
using ShelfCloud.Infrastructure.Data;
using ShelfCloud.Infrastructure.Tenancy;

namespace ShelfCloud.Infrastructure.Alerts;

/// <summary>
/// Sends due webhook deliveries: POSTs the body with <c>X-ShelfCloud-Signature</c>, marks a 2xx delivered, and backs a
/// failure off (<see cref="WebhookRetry"/>). The outbox rows are the queue, so a restart loses nothing: the next run
/// picks up what was due. Runs every second and at once when an event was queued on this node.
/// </summary>
public sealed class WebhookSender(
    IServiceScopeFactory scopes, TenantScopeFactory tenantScopes, IHttpClientFactory http, TimeProvider clock, ILogger<WebhookSender> logger) : IOutboxSender
{
    public const string HttpClientName = "webhooks";
    private const int BatchSize = 50;

    public string Name => "Sending webhooks";

    public TimeSpan Interval { get; } = TimeSpan.FromSeconds(1);

    public WakeUp WakeUp { get; } = new();

    /// <summary>Wakes the loop (called when something was queued; harmless before the commit).</summary>
    public void KickAfterCommit() => WakeUp.Ring();

    /// <summary>Sends every delivery due now; returns how many were sent successfully.</summary>
    public async Task<int> SendDueAsync(CancellationToken ct = default)
    {
        List<(Guid TenantId, long Id)> due;
        await using (var scope = scopes.CreateAsyncScope())
        {
            await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<ShelfCloudDbContext>>().CreateDbContextAsync(ct);
            var now = clock.GetUtcNow();
            // A platform query: due deliveries of every tenant; each is then sent inside its own tenant's scope.
            due = (await db.WebhookDeliveries.IgnoreQueryFilters([ShelfCloudDbContext.TenantFilter]).AsNoTracking()
                    .Where(d => d.DeliveredAt == null && d.Attempts < WebhookRetry.MaxAttempts && d.NextAttemptAt <= now)
                    .OrderBy(d => d.NextAttemptAt).Take(BatchSize)
                    .Select(d => new { d.TenantId, d.Id })
                    .ToListAsync(ct))
                .Select(d => (d.TenantId, d.Id)).ToList();
        }

        var sent = 0;
        foreach (var tenant in due.GroupBy(d => d.TenantId))
        {
            await using var scope = tenantScopes.CreateScope(tenant.Key, "webhooks");
            var db = scope.ServiceProvider.GetRequiredService<ShelfCloudDbContext>();
            foreach (var (_, id) in tenant)
                sent += await SendAsync(db, id, ct) ? 1 : 0;
        }

        return sent;
    }

    private async Task<bool> SendAsync(ShelfCloudDbContext db, long id, CancellationToken ct)
    {
        var delivery = await db.WebhookDeliveries.SingleAsync(d => d.Id == id, ct);
        var webhook = await db.Webhooks.AsNoTracking().SingleOrDefaultAsync(w => w.Id == delivery.WebhookId, ct);
        delivery.Attempts++;
        if (webhook is null)
        {
            (delivery.LastError, delivery.Attempts) = ("The webhook was removed.", WebhookRetry.MaxAttempts);
            await db.SaveChangesAsync(ct);
            return false;
        }

        var body = Encoding.UTF8.GetBytes(delivery.Body);
        using var request = new HttpRequestMessage(HttpMethod.Post, webhook.Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.Add(WebhookSignature.Header, WebhookSignature.Of(webhook.Secret, body));
        request.Headers.Add("X-ShelfCloud-Event", delivery.Event);
        request.Headers.Add("X-ShelfCloud-Delivery", delivery.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        try
        {
            using var response = await http.CreateClient(HttpClientName).SendAsync(request, ct);
            delivery.LastStatus = (int)response.StatusCode;
            delivery.LastError = response.IsSuccessStatusCode ? null : $"HTTP {(int)response.StatusCode}";
            if (response.IsSuccessStatusCode)
                delivery.DeliveredAt = clock.GetUtcNow();
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            delivery.LastError = Truncate(e.Message);
        }

        if (delivery.DeliveredAt is null)
        {
            delivery.NextAttemptAt = clock.GetUtcNow() + WebhookRetry.After(delivery.Attempts);
            logger.LogInformation("Webhook delivery {Id} ({Event}) failed: {Error}; attempt {Attempts} of {Max}",
                delivery.Id, delivery.Event, delivery.LastError, delivery.Attempts, WebhookRetry.MaxAttempts);
        }

        await db.SaveChangesAsync(ct);
        return delivery.DeliveredAt is not null;
    }

    private static string Truncate(string text) => text.Length <= 500 ? text : text[..500];
}
