using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using ShelfCloud.Domain.Captures;
using ShelfCloud.Infrastructure.Data;
using ShelfCloud.Infrastructure.Jobs;
using ShelfCloud.Infrastructure.Recognition;
using ShelfCloud.Infrastructure.Tests.Jobs;

namespace ShelfCloud.Infrastructure.Tests.Recognition;

/// <summary>Claims are exclusive: however dispatchers race, each capture is claimed by one of them; expired leases are claimed again.</summary>
public sealed class CaptureClaimTests
{
    [Fact]
    public async Task Two_dispatchers_racing_over_the_same_pending_captures_claim_each_capture_once()
    {
        await using var nodeA = await JobsHost.StartAsync();
        await using var nodeB = await JobsHost.StartAsync(folder: nodeA.Folder);
        var tenant = await nodeA.NewTenantAsync();
        var ids = await nodeA.IngestAsync(tenant, 10);
        var claimerA = nodeA.Get<CaptureClaimer>();
        var claimerB = nodeB.Get<CaptureClaimer>();

        // A reads the 4 oldest; before it saves, B claims those same 4 and commits.
        IReadOnlyList<CaptureClaim> wonByB = [];
        var wonByA = await claimerA.ClaimAsync(tenant.TenantId, 4, async () => wonByB = await claimerB.ClaimAsync(tenant.TenantId, 4), CancellationToken.None);

        wonByB.Select(c => c.CaptureId).ShouldBe(ids.Take(4));
        // A's save lost (DbUpdateConcurrencyException), so it read again and claimed the next 4 instead.
        wonByA.Select(c => c.CaptureId).ShouldBe(ids.Skip(4).Take(4));

        // Then both race freely over the rest.
        var rest = await Task.WhenAll(DrainAsync(claimerA, tenant.TenantId), DrainAsync(claimerB, tenant.TenantId));
        var all = wonByA.Concat(wonByB).Concat(rest.SelectMany(r => r)).Select(c => c.CaptureId).ToList();
        all.Count.ShouldBe(10);
        all.ShouldBe(ids, ignoreOrder: true);

        var captures = await nodeA.CapturesAsync(tenant.TenantId);
        captures.ShouldAllBe(c => c.Status == CaptureStatus.Processing);
        var claimed = wonByA.Concat(wonByB).ToDictionary(c => c.CaptureId, c => c.Version);
        captures.Where(c => claimed.ContainsKey(c.Id)).ShouldAllBe(c => c.Version == claimed[c.Id]);
    }

    [Fact]
    public async Task A_stale_read_cannot_overwrite_a_claim_because_the_version_is_a_concurrency_token()
    {
        await using var node = await JobsHost.StartAsync();
        var tenant = await node.NewTenantAsync();
        var id = (await node.IngestAsync(tenant, 1))[0];
        await using var scope = node.InTenant(tenant.TenantId);
        var factory = scope.ServiceProvider.GetRequiredService<IDbContextFactory<ShelfCloudDbContext>>();
        await using var first = await factory.CreateDbContextAsync();
        await using var second = await factory.CreateDbContextAsync();
        var mine = await first.Captures.SingleAsync(c => c.Id == id);
        var theirs = await second.Captures.SingleAsync(c => c.Id == id);

        theirs.Status = CaptureStatus.Processing;
        theirs.Version = Guid.NewGuid();
        await second.SaveChangesAsync();
        mine.Status = CaptureStatus.Processing;
        mine.Version = Guid.NewGuid();

        await Should.ThrowAsync<DbUpdateConcurrencyException>(() => first.SaveChangesAsync());
        (await node.CapturesAsync(tenant.TenantId)).Single().Version.ShouldBe(theirs.Version);
    }

    [Fact]
    public async Task A_live_lease_is_not_claimed_again_but_an_expired_one_is()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        await using var node = await JobsHost.StartAsync(
            new Dictionary<string, string?> { ["Jobs:LeaseSeconds"] = "60" },
            services: s => s.Replace(ServiceDescriptor.Singleton<TimeProvider>(clock)));
        var tenant = await node.NewTenantAsync();
        var ids = await node.IngestAsync(tenant, 2);
        var claimer = node.Get<CaptureClaimer>();

        var first = await claimer.ClaimAsync(tenant.TenantId, 10);
        first.Select(c => c.CaptureId).ShouldBe(ids, ignoreOrder: true);
        clock.Advance(TimeSpan.FromSeconds(59));
        (await claimer.ClaimAsync(tenant.TenantId, 10)).ShouldBeEmpty();

        clock.Advance(TimeSpan.FromSeconds(2));
        var second = await claimer.ClaimAsync(tenant.TenantId, 10);

        second.Select(c => c.CaptureId).ShouldBe(ids, ignoreOrder: true);
        second.Select(c => c.Version).ShouldNotContain(v => first.Any(f => f.Version == v));
    }

    private static async Task<List<CaptureClaim>> DrainAsync(CaptureClaimer claimer, Guid tenantId)
    {
        var claims = new List<CaptureClaim>();
        while (await claimer.ClaimAsync(tenantId, 1) is { Count: > 0 } batch)
            claims.AddRange(batch);
        return claims;
    }
}
