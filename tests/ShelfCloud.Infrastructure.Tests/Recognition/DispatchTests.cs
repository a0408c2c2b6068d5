using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ShelfCloud.Domain.Captures;
using ShelfCloud.Domain.Models;
using ShelfCloud.Infrastructure.Data;
using ShelfCloud.Infrastructure.Jobs;
using ShelfCloud.Infrastructure.Models;
using ShelfCloud.Infrastructure.Recognition;
using ShelfCloud.Infrastructure.Tests.Jobs;
using ShelfCloud.TestSupport;

namespace ShelfCloud.Infrastructure.Tests.Recognition;

/// <summary>The database is the queue of record: pending work resumes at start-up, and without models nothing is lost.</summary>
public sealed class DispatchTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Captures_pending_at_start_up_get_recognised()
    {
        List<Guid> ids;
        JobsTenant tenant;
        string folder;
        // A node that ingested but ran no jobs (say it crashed), then a fresh node with a server on the same database.
        await using (var ingestOnly = await JobsHost.StartAsync())
        {
            tenant = await ingestOnly.NewTenantAsync();
            ids = await ingestOnly.IngestAsync(tenant, 3);
            folder = ingestOnly.Folder;
            // Keep the folder: the next node takes it over.
            await using var next = await JobsHost.StartAsync(runServer: true, folder: folder);
            var captures = await next.WaitForCapturesAsync(tenant.TenantId, all => all.All(c => c.Status == CaptureStatus.Recognized), TimeSpan.FromSeconds(60));

            captures.Select(c => c.Id).ShouldBe(ids, ignoreOrder: true);
            (await next.DetectionCountsAsync(tenant.TenantId)).Values.ShouldAllBe(count => count == 3);
        }
    }

    [Fact]
    public async Task Without_models_captures_stay_Pending_and_the_log_says_why()
    {
        var missing = Path.Combine(Path.GetTempPath(), "no-such-model-" + Guid.NewGuid().ToString("N") + ".onnx");
        await using var node = await JobsHost.StartAsync(new Dictionary<string, string?> { ["Models:Detector"] = missing });
        var tenant = await node.NewTenantAsync();
        await node.IngestAsync(tenant, 2);

        (await node.Get<CaptureDispatcher>().DispatchAsync(Token)).ShouldBe(0);

        (await node.CapturesAsync(tenant.TenantId)).ShouldAllBe(c => c.Status == CaptureStatus.Pending && c.Attempts == 0);
        var warning = node.Logs.Warnings.ShouldHaveSingleItem();
        warning.ShouldContain("Models:Detector");
        warning.ShouldContain("2 capture(s) stay Pending");
        node.Get<RecognitionModels>().Problem.ShouldNotBeNull().ShouldContain(missing);
    }

    [Fact]
    public async Task A_claimed_batch_whose_models_disappeared_goes_back_to_Pending_without_using_an_attempt()
    {
        var missing = Path.Combine(Path.GetTempPath(), "no-such-model-" + Guid.NewGuid().ToString("N") + ".onnx");
        await using var node = await JobsHost.StartAsync(new Dictionary<string, string?> { ["Models:Detector"] = missing });
        var tenant = await node.NewTenantAsync();
        await node.IngestAsync(tenant, 1);
        var claims = (await node.Get<CaptureClaimer>().ClaimAsync(tenant.TenantId, 1, Token)).ToArray();

        await using (var scope = node.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<RecognizeCapturesJob>().RunAsync(tenant.TenantId, claims, Token);

        var capture = (await node.CapturesAsync(tenant.TenantId)).Single();
        (capture.Status, capture.Attempts, capture.LeaseUntil).ShouldBe((CaptureStatus.Pending, 0, (DateTimeOffset?)null));
    }

    [Fact]
    public async Task The_dispatcher_registers_the_models_it_runs_by_their_sha256()
    {
        await using var node = await JobsHost.StartAsync();
        var tenant = await node.NewTenantAsync();
        await node.IngestAsync(tenant, 1);

        (await node.Get<CaptureDispatcher>().DispatchAsync(Token)).ShouldBe(1);

        await using var scope = node.Services.CreateAsyncScope();
        var models = await scope.ServiceProvider.GetRequiredService<ShelfCloudDbContext>().ModelVersions.AsNoTracking().ToListAsync(Token);
        models.Select(m => m.Kind).ShouldBe([ModelKind.Detector, ModelKind.Embedder], ignoreOrder: true);
        models.ShouldAllBe(m => m.IsActive);
        models.Single(m => m.Kind == ModelKind.Embedder).Sha256.ShouldBe(await ModelVersionRegistry.Sha256Async(TestModels.Embedder, Token));
        (await node.CapturesAsync(tenant.TenantId)).Single().Status.ShouldBe(CaptureStatus.Processing);
    }
}
