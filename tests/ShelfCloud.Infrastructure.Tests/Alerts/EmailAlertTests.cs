using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ShelfCloud.Domain.Alerts;
using ShelfCloud.Infrastructure.Alerts;
using ShelfCloud.Infrastructure.Availability;
using ShelfCloud.Infrastructure.Data;
using ShelfCloud.Infrastructure.Tests.Availability;

namespace ShelfCloud.Infrastructure.Tests.Alerts;

/// <summary>Alert mails end to end: a real database, a real SMTP server (maildev), what arrived read back from it.</summary>
public sealed class EmailAlertTests(MailServerFixture mail) : IClassFixture<MailServerFixture>
{
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);
    private TestDatabase Database => mail.Database;
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_out_of_stock_is_mailed_to_the_subscribers_of_its_store_and_severity_with_a_link_to_its_photo()
    {
        var tenant = await ShelfScenario.CreateTenantAsync(Database, "mail");
        var shelf = await ShelfScenario.CreateAsync(Database, tenant);
        var elsewhere = await ShelfScenario.CreateAsync(Database, tenant, "Another store");
        var milk = await shelf.AddSkuAsync("Nordkind");
        var oat = await shelf.AddSkuAsync("Fjordmjolk");
        await SubscribeAsync(tenant, "manager-1", new AlertSubscriptionInput("manager@store.test", shelf.StoreId, AlertSeverity.Warning));
        await SubscribeAsync(tenant, "manager-2", new AlertSubscriptionInput("other-store@store.test", elsewhere.StoreId, AlertSeverity.Warning));
        await SubscribeAsync(tenant, "manager-3", new AlertSubscriptionInput("critical-only@store.test", null, AlertSeverity.Critical));

        var confirming = await shelf.RaiseOutOfStockAsync(Start, milk, oat);

        (await SendDueAsync()).ShouldBe(1);

        var inbox = await mail.InboxAsync();
        var received = inbox.Where(m => m.Recipients.Any(r => r.EndsWith("store.test", StringComparison.Ordinal))).ShouldHaveSingleItem();
        received.Recipients.ShouldBe(["manager@store.test"]);
        received.Subject.ShouldStartWith("[ShelfCloud] Fjordmjolk product is missing on Shelf ");
        received.Text.ShouldContain($"{MailServerFixture.PortalUrl}/captures/{confirming}");
        received.Text.ShouldContain("Severity: warning");
        var sent = (await MailsAsync(tenant)).ShouldHaveSingleItem();
        (sent.Attempts, sent.Event).ShouldBe((1, WebhookEvents.OutOfStock));
        sent.SentAt.ShouldNotBeNull();
        (await SendDueAsync()).ShouldBe(0, "sent once");
    }

    [Fact]
    public async Task The_same_alert_to_the_same_inbox_is_mailed_once_within_the_debounce_window()
    {
        var (tenant, storeId) = await TenantWithStoreAsync("debounce");
        await SubscribeAsync(tenant, "manager-1", new AlertSubscriptionInput("flapping@debounce.test", null, AlertSeverity.Info));

        await RaiseAsync(tenant, new AlertText("Camera 1 is offline", storeId, null, AlertSeverity.Critical, "camera_health:c1:offline"));
        await RaiseAsync(tenant, new AlertText("Camera 1 is sending photos again", storeId, null, AlertSeverity.Info, "camera_health:c1:ok"));
        await RaiseAsync(tenant, new AlertText("Camera 1 is offline", storeId, null, AlertSeverity.Critical, "camera_health:c1:offline"));

        (await MailsAsync(tenant)).Select(m => m.Key).ShouldBe(["camera_health:c1:offline", "camera_health:c1:ok"], ignoreOrder: true);
        await SendDueAsync();
        (await mail.InboxAsync()).Count(m => m.Recipients.Contains("flapping@debounce.test")).ShouldBe(2);
    }

    [Fact]
    public async Task Quiet_hours_hold_a_mail_until_they_end_and_it_is_not_lost()
    {
        var (tenant, storeId) = await TenantWithStoreAsync("quiet");
        var now = TimeOnly.FromDateTime(DateTime.UtcNow);
        await SubscribeAsync(tenant, "manager-1", new AlertSubscriptionInput("asleep@quiet.test", null, AlertSeverity.Warning, now.AddHours(-1), now.AddHours(1)));

        await RaiseAsync(tenant, new AlertText("Milk is missing", storeId, null));

        var waiting = (await MailsAsync(tenant)).ShouldHaveSingleItem();
        waiting.NextAttemptAt.ShouldBeInRange(DateTimeOffset.UtcNow.AddMinutes(55), DateTimeOffset.UtcNow.AddMinutes(61));
        await SendDueAsync();
        (await mail.InboxAsync()).ShouldNotContain(m => m.Recipients.Contains("asleep@quiet.test"), "the store's quiet hours");

        await MakeDueAsync(tenant);
        await SendDueAsync();
        (await mail.InboxAsync()).ShouldContain(m => m.Recipients.Contains("asleep@quiet.test") && m.Subject == "[ShelfCloud] Milk is missing");
    }

    [Fact]
    public async Task A_digest_subscription_gets_its_alerts_in_one_mail()
    {
        var (tenant, storeId) = await TenantWithStoreAsync("digest");
        await SubscribeAsync(tenant, "manager-1", new AlertSubscriptionInput("digest@digest.test", null, AlertSeverity.Warning, Digest: true, DigestAt: new TimeOnly(7, 0)));

        await RaiseAsync(tenant, new AlertText("Milk is missing", storeId, null, AlertSeverity.Warning, "oos:milk"));
        await RaiseAsync(tenant, new AlertText("Oat drink is missing", storeId, null, AlertSeverity.Warning, "oos:oat"));
        (await MailsAsync(tenant)).ShouldAllBe(m => m.Digest && m.NextAttemptAt > DateTimeOffset.UtcNow.AddSeconds(-1));
        await MakeDueAsync(tenant);
        (await SendDueAsync()).ShouldBe(1);

        var digest = (await mail.InboxAsync()).Where(m => m.Recipients.Contains("digest@digest.test")).ShouldHaveSingleItem();
        digest.Subject.ShouldBe("[ShelfCloud] Daily digest: 2 alerts");
        digest.Text.ShouldContain("Milk is missing");
        digest.Text.ShouldContain("Oat drink is missing");
    }

    [Fact]
    public async Task A_subscription_needs_an_address_a_store_of_the_tenant_and_both_ends_of_its_quiet_hours()
    {
        var (tenant, _) = await TenantWithStoreAsync("subs");
        var (_, foreignStore) = await TenantWithStoreAsync("subs-other");
        await using var scope = Database.InTenant(tenant);
        var subscriptions = scope.ServiceProvider.GetRequiredService<AlertSubscriptions>();

        (await Should.ThrowAsync<AlertSubscriptionException>(() => subscriptions.AddAsync("u1", new("not-an-address", null, AlertSeverity.Warning), Token)))
            .Message.ShouldContain("not an email address");
        (await Should.ThrowAsync<AlertSubscriptionException>(() => subscriptions.AddAsync("u1", new("a@b.test", foreignStore, AlertSeverity.Warning), Token)))
            .Message.ShouldContain("store");
        (await Should.ThrowAsync<AlertSubscriptionException>(() => subscriptions.AddAsync("u1", new("a@b.test", null, AlertSeverity.Warning, new TimeOnly(22, 0)), Token)))
            .Message.ShouldContain("both");
        (await subscriptions.ListAsync("u1", Token)).ShouldBeEmpty("nothing half written");

        var id = await subscriptions.AddAsync("u1", new("a@b.test", null, AlertSeverity.Warning, new TimeOnly(22, 0), new TimeOnly(6, 0)), Token);
        (await subscriptions.RemoveAsync("u2", id, Token)).ShouldBeFalse("only its owner removes it");
        var listed = (await subscriptions.ListAsync("u1", Token)).ShouldHaveSingleItem();
        (listed.StoreName, listed.QuietFrom, listed.QuietTo).ShouldBe(("All stores", new TimeOnly(22, 0), new TimeOnly(6, 0)));
        (await subscriptions.RemoveAsync("u1", id, Token)).ShouldBeTrue();
        (await subscriptions.ListAsync("u1", Token)).ShouldBeEmpty();
    }

    private async Task<(Guid Tenant, Guid Store)> TenantWithStoreAsync(string prefix)
    {
        var tenant = await ShelfScenario.CreateTenantAsync(Database, prefix);
        var shelf = await ShelfScenario.CreateAsync(Database, tenant);
        return (tenant, shelf.StoreId);
    }

    private async Task SubscribeAsync(Guid tenantId, string userId, AlertSubscriptionInput input)
    {
        await using var scope = Database.InTenant(tenantId);
        await scope.ServiceProvider.GetRequiredService<AlertSubscriptions>().AddAsync(userId, input, Token);
    }

    private async Task RaiseAsync(Guid tenantId, AlertText alert)
    {
        await using var scope = Database.InTenant(tenantId);
        var db = scope.ServiceProvider.GetRequiredService<ShelfCloudDbContext>();
        await scope.ServiceProvider.GetRequiredService<AlertOutbox>().EnqueueAsync(db, WebhookEvents.OutOfStock, alert, new Dictionary<string, object?>(), Token);
        await db.SaveChangesAsync(Token);
    }

    private async Task<List<EmailMessage>> MailsAsync(Guid tenantId)
    {
        await using var scope = Database.InTenant(tenantId);
        return await scope.ServiceProvider.GetRequiredService<ShelfCloudDbContext>().EmailMessages.AsNoTracking().ToListAsync(Token);
    }

    private async Task MakeDueAsync(Guid tenantId)
    {
        await using var scope = Database.InTenant(tenantId);
        await scope.ServiceProvider.GetRequiredService<ShelfCloudDbContext>().EmailMessages
            .ExecuteUpdateAsync(u => u.SetProperty(m => m.NextAttemptAt, DateTimeOffset.UtcNow.AddSeconds(-1)), Token);
    }

    private Task<int> SendDueAsync() => Database.Services.GetRequiredService<EmailSender>().SendDueAsync(Token);
}
