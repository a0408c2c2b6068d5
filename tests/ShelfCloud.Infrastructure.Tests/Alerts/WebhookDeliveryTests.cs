using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ShelfCloud.Domain.Alerts;
using ShelfCloud.Infrastructure.Alerts;
using ShelfCloud.Infrastructure.Availability;
using ShelfCloud.Infrastructure.Data;
using ShelfCloud.Infrastructure.Tests.Availability;
using ShelfCloud.TestSupport;

namespace ShelfCloud.Infrastructure.Tests.Alerts;

/// <summary>Webhooks end to end on a real database and a real HTTP receiver on a loopback port.</summary>
public sealed class WebhookDeliveryTests(AnalysisDatabase fixture) : IClassFixture<AnalysisDatabase>
{
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);
    private TestDatabase Database => fixture.Database;
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_out_of_stock_reaches_a_subscribed_webhook_signed_with_its_secret_and_a_receiver_that_was_down_gets_it_later()
    {
        var shelf = await ShelfScenario.CreateAsync(Database, await ShelfScenario.CreateTenantAsync(Database, "hooks"));
        var milk = await shelf.AddSkuAsync("Nordkind");
        var oat = await shelf.AddSkuAsync("Fjordmjolk");
        var port = NodeServer.FreeLoopbackPort();
        var (webhookId, secret) = await AddWebhookAsync(shelf.TenantId, $"http://127.0.0.1:{port}/hooks/", WebhookEvents.OutOfStock);
        await AddWebhookAsync(shelf.TenantId, $"http://127.0.0.1:{port}/health/", WebhookEvents.CameraHealth);

        var confirming = await shelf.RaiseOutOfStockAsync(Start, milk, oat);

        var queued = (await DeliveriesAsync(shelf.TenantId)).ShouldHaveSingleItem("one event, one subscribed webhook");
        await using (var scope = Database.InTenant(shelf.TenantId))
        {
            var centre = scope.ServiceProvider.GetRequiredService<NotificationCentre>();
            var notification = (await centre.ListAsync("manager-1", Token)).ShouldHaveSingleItem();
            notification.Title.ShouldStartWith("Fjordmjolk product is missing on Shelf ");
            (notification.CaptureId, notification.Read).ShouldBe((confirming, false));
            (await centre.UnreadCountAsync("manager-1", Token)).ShouldBe(1);
            await centre.MarkAllReadAsync("manager-1", Token);
            (await centre.UnreadCountAsync("manager-1", Token)).ShouldBe(0);
            (await centre.UnreadCountAsync("manager-2", Token)).ShouldBe(1, "read state is per user");
        }

        (queued.WebhookId, queued.Event, queued.DeliveredAt).ShouldBe((webhookId, WebhookEvents.OutOfStock, null));

        // The receiver is down: the attempt fails and is put off.
        await SendDueAsync();
        var failed = (await DeliveriesAsync(shelf.TenantId)).Single();
        (failed.Attempts, failed.DeliveredAt).ShouldBe((1, null));
        failed.LastError.ShouldNotBeNull();
        failed.NextAttemptAt.ShouldBeGreaterThan(DateTimeOffset.UtcNow);

        // It comes back; the retry is due.
        using var receiver = new HttpListener();
        receiver.Prefixes.Add($"http://127.0.0.1:{port}/hooks/");
        receiver.Start();
        var received = ReceiveOneAsync(receiver);
        await MakeDueAsync(shelf.TenantId);
        (await SendDueAsync()).ShouldBe(1);

        var (body, signature, eventHeader) = await received;
        WebhookSignature.Verify(secret, body, signature).ShouldBeTrue();
        eventHeader.ShouldBe("out_of_stock");
        using var json = JsonDocument.Parse(body);
        json.RootElement.GetProperty("event").GetString().ShouldBe("out_of_stock");
        json.RootElement.GetProperty("sku_id").GetGuid().ShouldBe(oat);
        json.RootElement.GetProperty("shelf_id").GetGuid().ShouldBe(shelf.ShelfId);
        json.RootElement.GetProperty("store_id").GetGuid().ShouldBe(shelf.StoreId);
        json.RootElement.GetProperty("camera_id").GetGuid().ShouldBe(shelf.Camera.CameraId);
        json.RootElement.GetProperty("capture_id").GetGuid().ShouldBe(confirming, "the capture that confirmed the out-of-stock");
        var delivered = (await DeliveriesAsync(shelf.TenantId)).Single();
        (delivered.Attempts, delivered.LastStatus).ShouldBe((2, 200));
        delivered.DeliveredAt.ShouldNotBeNull();

        // An admin sends it again from the delivery log: a new delivery with the same body; the old one stays as it was.
        await using (var scope = Database.InTenant(shelf.TenantId))
        {
            var log = scope.ServiceProvider.GetRequiredService<WebhookDeliveryLog>();
            var listed = (await log.ListAsync(webhookId, Token)).ShouldHaveSingleItem();
            (listed.Id, listed.Url, listed.GivenUp).ShouldBe((delivered.Id, $"http://127.0.0.1:{port}/hooks/", false));
            var again = ReceiveOneAsync(receiver);
            var copyId = (await log.RedeliverAsync(delivered.Id, Token)).ShouldNotBeNull();
            (await SendDueAsync()).ShouldBe(1);
            (await again).Body.ShouldBe(body);
            (await log.ListAsync(webhookId, Token)).Select(d => (d.Id, d.DeliveredAt is not null)).ShouldBe([(copyId, true), (delivered.Id, true)]);
            (await log.RedeliverAsync(-1, Token)).ShouldBeNull();
        }
    }

    [Fact]
    public async Task A_webhook_needs_an_http_url_and_known_events()
    {
        var tenant = await ShelfScenario.CreateTenantAsync(Database, "hooks-bad");
        await using var scope = Database.InTenant(tenant);
        var registry = scope.ServiceProvider.GetRequiredService<WebhookRegistry>();

        (await Should.ThrowAsync<WebhookInputException>(() => registry.AddAsync("ftp://example.test/x", [WebhookEvents.OutOfStock], Token))).Message.ShouldContain("http");
        (await Should.ThrowAsync<WebhookInputException>(() => registry.AddAsync("https://example.test/x", ["price_change"], Token))).Message.ShouldContain("price_change");
        (await Should.ThrowAsync<WebhookInputException>(() => registry.AddAsync("https://example.test/x", [], Token))).Message.ShouldContain("out_of_stock");
        (await registry.ListAsync(Token)).ShouldBeEmpty("nothing half written");
    }

    private async Task<(Guid Id, string Secret)> AddWebhookAsync(Guid tenantId, string url, string eventName)
    {
        await using var scope = Database.InTenant(tenantId);
        return await scope.ServiceProvider.GetRequiredService<WebhookRegistry>().AddAsync(url, [eventName], Token);
    }

    private async Task<List<WebhookDelivery>> DeliveriesAsync(Guid tenantId)
    {
        await using var scope = Database.InTenant(tenantId);
        return await scope.ServiceProvider.GetRequiredService<ShelfCloudDbContext>().WebhookDeliveries.AsNoTracking().ToListAsync(Token);
    }

    private async Task MakeDueAsync(Guid tenantId)
    {
        await using var scope = Database.InTenant(tenantId);
        await scope.ServiceProvider.GetRequiredService<ShelfCloudDbContext>().WebhookDeliveries
            .ExecuteUpdateAsync(u => u.SetProperty(d => d.NextAttemptAt, DateTimeOffset.UtcNow.AddSeconds(-1)), Token);
    }

    private Task<int> SendDueAsync() => Database.Services.GetRequiredService<WebhookSender>().SendDueAsync(Token);

    private static async Task<(byte[] Body, string? Signature, string? Event)> ReceiveOneAsync(HttpListener listener)
    {
        var context = await listener.GetContextAsync();
        using var buffer = new MemoryStream();
        await context.Request.InputStream.CopyToAsync(buffer);
        var result = (buffer.ToArray(), context.Request.Headers[WebhookSignature.Header], context.Request.Headers["X-ShelfCloud-Event"]);
        context.Response.StatusCode = 200;
        await context.Response.OutputStream.WriteAsync(Encoding.UTF8.GetBytes("ok"));
        context.Response.Close();
        return result;
    }
}
