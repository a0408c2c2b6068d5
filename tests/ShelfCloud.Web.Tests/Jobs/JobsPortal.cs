using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ShelfCloud.Domain.Catalog;
using ShelfCloud.Infrastructure.Data;
using ShelfCloud.Infrastructure.Demo;
using ShelfCloud.Infrastructure.Onboarding;
using ShelfCloud.Infrastructure.Tenancy;
using ShelfCloud.TestSupport;
using ShelfCloud.Web.Tests.Captures;

namespace ShelfCloud.Web.Tests.Jobs;

/// <summary>The portal with its Hangfire server and dispatcher running, on the tiny test models.</summary>
public sealed class JobsPortal() : IngestionPortal(new Dictionary<string, string?>
{
    ["Jobs:RunServer"] = "true",
    ["Jobs:DispatchIntervalSeconds"] = "1",
    ["Jobs:SchedulePollingSeconds"] = "1",
    ["Models:Detector"] = TestModels.Detector,
    ["Models:Embedder"] = TestModels.Embedder,
    ["Inference:IntraOpThreads"] = "1",
    ["Inference:InterOpThreads"] = "1",
})
{
    public async Task<Guid> DemoTenantIdAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ShelfCloudDbContext>().Tenants.Where(t => t.Slug == DemoSeeder.Slug).Select(t => t.Id).SingleAsync();
    }

    public async Task<Guid> AddSkuAsync(Guid tenantId)
    {
        await using var scope = Services.GetRequiredService<TenantScopeFactory>().CreateScope(tenantId);
        var db = scope.ServiceProvider.GetRequiredService<ShelfCloudDbContext>();
        var code = "REF-" + Guid.NewGuid().ToString("N")[..8];
        var sku = new Sku { Code = code, Name = "Reference test " + code, Category = "Test", CreatedAt = DateTimeOffset.UtcNow };
        db.Skus.Add(sku);
        await db.SaveChangesAsync();
        return sku.Id;
    }

    public async Task<ReferenceImage?> ReferenceImageAsync(Guid tenantId, Guid id)
    {
        await using var scope = Services.GetRequiredService<TenantScopeFactory>().CreateScope(tenantId);
        return await scope.ServiceProvider.GetRequiredService<ShelfCloudDbContext>().ReferenceImages.AsNoTracking().SingleOrDefaultAsync(r => r.Id == id);
    }

    /// <summary>Polls until <paramref name="done"/> holds, failing after <paramref name="seconds"/>.</summary>
    public static async Task<T> WaitForAsync<T>(Func<Task<T>> read, Func<T, bool> done, int seconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var value = await read();
            if (done(value))
                return value;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"Still {value} after {seconds} s.");
            await Task.Delay(200);
        }
    }
}
