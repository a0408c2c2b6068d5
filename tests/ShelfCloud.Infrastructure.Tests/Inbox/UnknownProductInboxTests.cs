using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ShelfCloud.Domain.Captures;
using ShelfCloud.Domain.Inbox;
using ShelfCloud.Infrastructure.Data;
using ShelfCloud.Infrastructure.Inbox;
using ShelfCloud.Infrastructure.Tests.Availability;

namespace ShelfCloud.Infrastructure.Tests.Inbox;

/// <summary>The unknown-product inbox on a real database: crops grouped, then named, assigned or dismissed.</summary>
public sealed class UnknownProductInboxTests(AnalysisDatabase fixture) : IClassFixture<AnalysisDatabase>
{
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);
    private static readonly float[] Jam = [1, 0, 0];
    private static readonly float[] JamAgain = [0.96f, 0.28f, 0];
    private static readonly float[] PriceLabel = [0, 0, 1];
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Unknown_crops_are_grouped_by_look_and_naming_a_group_adds_the_sku_and_names_its_crops()
    {
        var shelf = await ShelfScenario.CreateAsync(fixture.Database, await ShelfScenario.CreateTenantAsync(fixture.Database, "inbox"));
        var milk = await shelf.AddSkuAsync("Nordkind");
        var first = await shelf.AddCaptureAsync(Start, milk, milk, milk);
        var second = await shelf.AddCaptureAsync(Start.AddMinutes(30), milk, milk, milk);
        var (jamGroup, labelGroup) = await GroupAsync(shelf.TenantId, [(first, 1, Jam), (first, 2, PriceLabel), (second, 1, JamAgain)]);

        var listed = await InboxAsync(shelf.TenantId, g => g.ListOpenAsync(Token));
        listed.Select(g => (g.Id, g.Facings)).ShouldBe([(jamGroup, 2), (labelGroup, 1)], "the largest group first");
        listed[0].Crops.Select(c => c.CaptureId).ShouldBe([second, first], "latest crops first");
        listed[0].FirstSeenAt.ShouldBe(Start);
        listed[0].LastSeenAt.ShouldBe(Start.AddMinutes(30));

        var skuId = await InboxAsync(shelf.TenantId, g => g.NameAsync(jamGroup, new NewSkuInput(" JAM-1 ", "Strawberry jam 400 g", "Bonne"), "admin-1", Token));

        await using var scope = fixture.Database.InTenant(shelf.TenantId);
        var db = scope.ServiceProvider.GetRequiredService<ShelfCloudDbContext>();
        var sku = await db.Skus.AsNoTracking().SingleAsync(s => s.Id == skuId, Token);
        (sku.Code, sku.Name, sku.Brand).ShouldBe(("JAM-1", "Strawberry jam 400 g", "Bonne"));
        var named = await db.Detections.AsNoTracking().Where(d => d.UnknownGroupId == jamGroup).ToListAsync(Token);
        named.ShouldAllBe(d => d.ReviewStatus == ReviewStatus.Corrected);
        (await db.Annotations.AsNoTracking().CountAsync(a => a.SkuId == skuId, Token)).ShouldBe(2, "its crops are annotations: the realgram and the search space learn them");
        var group = await db.UnknownProductGroups.AsNoTracking().SingleAsync(g => g.Id == jamGroup, Token);
        (group.Status, group.SkuId, group.DecidedBy).ShouldBe((UnknownGroupStatus.Named, skuId, "admin-1"));
        (await InboxAsync(shelf.TenantId, g => g.ListOpenAsync(Token))).ShouldHaveSingleItem().Id.ShouldBe(labelGroup);
    }

    [Fact]
    public async Task A_group_is_assigned_to_an_existing_sku_or_dismissed_once_and_bad_input_changes_nothing()
    {
        var shelf = await ShelfScenario.CreateAsync(fixture.Database, await ShelfScenario.CreateTenantAsync(fixture.Database, "inbox-assign"));
        var milk = await shelf.AddSkuAsync("Nordkind");
        var capture = await shelf.AddCaptureAsync(Start, milk, milk, milk);
        var (jamGroup, labelGroup) = await GroupAsync(shelf.TenantId, [(capture, 1, Jam), (capture, 2, PriceLabel)]);
        string milkCode;
        await using (var scope = fixture.Database.InTenant(shelf.TenantId))
            milkCode = (await scope.ServiceProvider.GetRequiredService<ShelfCloudDbContext>().Skus.SingleAsync(s => s.Id == milk, Token)).Code;

        (await Should.ThrowAsync<InboxInputException>(() => InboxAsync(shelf.TenantId, g => g.AssignAsync(jamGroup, "NO-SUCH-CODE", null, Token)))).Message.ShouldContain("NO-SUCH-CODE");
        (await Should.ThrowAsync<InboxInputException>(() => InboxAsync(shelf.TenantId, g => g.NameAsync(jamGroup, new NewSkuInput(milkCode, "Another"), null, Token)))).Message.ShouldContain("already");
        (await Should.ThrowAsync<InboxInputException>(() => InboxAsync(shelf.TenantId, g => g.NameAsync(jamGroup, new NewSkuInput("", "No code"), null, Token)))).Message.ShouldContain("code");
        (await InboxAsync(shelf.TenantId, g => g.ListOpenAsync(Token))).Count.ShouldBe(2, "nothing decided");

        (await InboxAsync(shelf.TenantId, g => g.AssignAsync(jamGroup, milkCode, null, Token))).ShouldBe(milk);
        await InboxAsync(shelf.TenantId, async g => { await g.DismissAsync(labelGroup, null, Token); return 0; });

        await using var check = fixture.Database.InTenant(shelf.TenantId);
        var detections = await check.ServiceProvider.GetRequiredService<ShelfCloudDbContext>().Detections.AsNoTracking().Where(d => d.CaptureId == capture).OrderBy(d => d.X1).ToListAsync(Token);
        detections[1].ReviewStatus.ShouldBe(ReviewStatus.Accepted, "the prediction was milk already: assigning it confirms it");
        detections[2].ReviewStatus.ShouldBe(ReviewStatus.Rejected, "not a product");
        (await InboxAsync(shelf.TenantId, g => g.ListOpenAsync(Token))).ShouldBeEmpty();
        await Should.ThrowAsync<InboxInputException>(() => InboxAsync(shelf.TenantId, async g => { await g.DismissAsync(jamGroup, null, Token); return 0; }));
    }

    /// <summary>Marks the given detections (by position on the shelf) unknown and groups them as the recognition job does.</summary>
    private async Task<(Guid First, Guid Second)> GroupAsync(Guid tenantId, IReadOnlyList<(Guid Capture, int Slot, float[] Look)> crops)
    {
        await using var scope = fixture.Database.InTenant(tenantId);
        var db = scope.ServiceProvider.GetRequiredService<ShelfCloudDbContext>();
        var inbox = await UnknownProductInbox.LoadAsync(db, Token);
        var groups = new List<Guid>();
        foreach (var (captureId, slot, look) in crops)
        {
            var capture = await db.Captures.SingleAsync(c => c.Id == captureId, Token);
            var detection = (await db.Detections.Where(d => d.CaptureId == captureId).OrderBy(d => d.X1).ToListAsync(Token))[slot];
            detection.Unknown = true;
            detection.UnknownGroupId = inbox.Assign(look, capture.TakenAt);
            groups.Add(detection.UnknownGroupId.Value);
        }

        inbox.WriteTo(db);
        await db.SaveChangesAsync(Token);
        var distinct = groups.Distinct().ToList();
        distinct.Count.ShouldBe(2);
        return (distinct[0], distinct[1]);
    }

    private async Task<T> InboxAsync<T>(Guid tenantId, Func<UnknownProductGroups, Task<T>> act)
    {
        await using var scope = fixture.Database.InTenant(tenantId);
        return await act(scope.ServiceProvider.GetRequiredService<UnknownProductGroups>());
    }
}
