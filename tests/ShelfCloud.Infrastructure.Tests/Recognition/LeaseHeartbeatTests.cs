using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using ShelfCloud.Domain.Captures;
using ShelfCloud.Infrastructure.Recognition;
using ShelfCloud.Infrastructure.Tests.Jobs;

namespace ShelfCloud.Infrastructure.Tests.Recognition;

/// <summary>
/// Short leases kept alive by the node that holds the claims (<see cref="LeaseHeartbeat"/>), and the node's claim bound.
/// </summary>
public sealed class LeaseHeartbeatTests
{
    [Fact]
    public async Task Held_claims_keep_their_leases_and_a_dead_nodes_claims_are_taken_over_after_one_lease()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        await using var node = await JobsHost.StartAsync(
            new Dictionary<string, string?> { ["Jobs:LeaseSeconds"] = "30" },
            services: s => s.Replace(ServiceDescriptor.Singleton<TimeProvider>(clock)));
        var tenant = await node.NewTenantAsync();
        await node.IngestAsync(tenant, 4);
        var claimer = node.Get<CaptureClaimer>();
        var heartbeat = node.Get<LeaseHeartbeat>();
        var alive = await claimer.ClaimAsync(tenant.TenantId, 2);
        var dead = await claimer.ClaimAsync(tenant.TenantId, 2); // claimed by a node that dies: nobody renews them
        heartbeat.Hold(tenant.TenantId, alive);

        for (var i = 0; i < 6; i++) // a minute of heartbeats, one every 10 s
        {
            clock.Advance(TimeSpan.FromSeconds(10));
            (await heartbeat.RenewAsync(TestContext.Current.CancellationToken)).ShouldBe(2);
        }

        var reclaimed = await claimer.ClaimAsync(tenant.TenantId, 10);
        reclaimed.Select(c => c.CaptureId).ShouldBe(dead.Select(c => c.CaptureId), ignoreOrder: true);
        heartbeat.HeldCaptures.ShouldBe(2);
    }

    [Fact]
    public async Task A_recorded_batch_is_no_longer_renewed_and_is_dropped()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        await using var node = await JobsHost.StartAsync(services: s => s.Replace(ServiceDescriptor.Singleton<TimeProvider>(clock)));
        var tenant = await node.NewTenantAsync();
        await node.IngestAsync(tenant, 2);
        var claims = await node.Get<CaptureClaimer>().ClaimAsync(tenant.TenantId, 2);
        var heartbeat = node.Get<LeaseHeartbeat>();
        heartbeat.Hold(tenant.TenantId, claims);
        await using (var scope = node.InTenant(tenant.TenantId))
            await scope.ServiceProvider.GetRequiredService<CaptureAttempts>().ReleaseAsync(claims);

        clock.Advance(TimeSpan.FromSeconds(10));
        (await heartbeat.RenewAsync(TestContext.Current.CancellationToken)).ShouldBe(0);

        heartbeat.HeldCaptures.ShouldBe(0);
        (await node.CapturesAsync(tenant.TenantId)).ShouldAllBe(c => c.Status == CaptureStatus.Pending);
    }

    [Fact]
    public async Task Concurrent_dispatcher_runs_never_claim_more_than_the_nodes_bound()
    {
        await using var node = await JobsHost.StartAsync(new Dictionary<string, string?>
        {
            ["Jobs:BatchSize"] = "2", ["Jobs:MaxQueuedBatches"] = "2", ["Jobs:WorkerCount"] = "1",
        });
        var tenant = await node.NewTenantAsync();
        await node.IngestAsync(tenant, 20);
        var dispatcher = node.Get<CaptureDispatcher>();

        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => dispatcher.DispatchAsync(TestContext.Current.CancellationToken))));

        dispatcher.ClaimBound.ShouldBe(6);
        (await node.CapturesAsync(tenant.TenantId)).Count(c => c.Status == CaptureStatus.Processing).ShouldBeLessThanOrEqualTo(6);
        node.Get<LeaseHeartbeat>().HeldCaptures.ShouldBeLessThanOrEqualTo(6);
    }
}
