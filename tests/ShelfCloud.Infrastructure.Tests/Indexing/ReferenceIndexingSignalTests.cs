using ShelfCloud.Infrastructure.Indexing;
using ShelfCloud.Infrastructure.Jobs;

namespace ShelfCloud.Infrastructure.Tests.Indexing;

public sealed class ReferenceIndexingSignalTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    // EnterAsync never enqueues, so no Hangfire client is needed.
    private readonly ReferenceIndexingSignal _signal = new(null!, TimeProvider.System);

    [Fact]
    public async Task Indexing_jobs_of_one_tenant_run_one_at_a_time_and_other_tenants_do_not_wait()
    {
        var tenant = Guid.NewGuid();
        var first = await _signal.EnterAsync(tenant, Token);

        var second = _signal.EnterAsync(tenant, Token);
        var otherTenant = _signal.EnterAsync(Guid.NewGuid(), Token);

        (await otherTenant).Dispose();
        await Task.Delay(50, Token);
        second.IsCompleted.ShouldBeFalse("the tenant's first job still runs");
        first.Dispose();
        first.Dispose(); // twice is harmless: the gate is released once
        (await second.WaitAsync(TimeSpan.FromSeconds(5), Token)).Dispose();
        (await _signal.EnterAsync(tenant, Token).WaitAsync(TimeSpan.FromSeconds(5), Token)).Dispose();
    }
}
