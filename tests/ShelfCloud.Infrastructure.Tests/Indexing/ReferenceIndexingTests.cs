using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ShelfCloud.Domain.Catalog;
using ShelfCloud.Domain.Models;
using ShelfCloud.Infrastructure.Data;
using ShelfCloud.Infrastructure.Indexing;
using ShelfCloud.Infrastructure.Jobs;
using ShelfCloud.Infrastructure.Models;
using ShelfCloud.Infrastructure.Onboarding;
using ShelfCloud.Infrastructure.ReferenceImages;
using ShelfCloud.Infrastructure.Tests.Jobs;
using ShelfCloud.Vision.Search;
using SkiaSharp;
using static ShelfCloud.TestSupport.TestImages;
using static ShelfCloud.TestSupport.TestModels;
using static ShelfCloud.TestSupport.TestShelves;

namespace ShelfCloud.Infrastructure.Tests.Indexing;

/// <summary>Cold start: a SKU's reference images become searchable, and are embedded again when the embedder changes.</summary>
public sealed class ReferenceIndexingTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_uploaded_reference_image_is_indexed_and_makes_its_sku_searchable()
    {
        await using var node = await JobsHost.StartAsync();
        var tenant = await node.NewTenantAsync();
        var skuId = await node.AddSkuAsync(tenant.TenantId, "RED-1");

        var receipt = await UploadAsync(node, tenant.TenantId, skuId, Red);
        receipt.Status.ShouldBe(ReferenceImageStatus.Pending);
        await IndexAsync(node, tenant.TenantId);

        var image = (await ReferencesAsync(node, tenant.TenantId)).Single();
        (image.Status, image.IndexedAt is not null, image.BlobName).ShouldBe(
            (ReferenceImageStatus.Indexed, true, $"{tenant.TenantId}/references/{skuId}/{receipt.Id}.png"));
        var index = node.Get<IVectorIndex>();
        (await index.CountAsync(new VectorFilter(tenant.TenantId) { SkuId = skuId, Source = VectorSource.Reference }, Token)).ShouldBe(1);
        // The packshot's own vector finds its SKU.
        var embedder = (await node.Get<RecognitionModels>().TryGetEmbedderAsync(Token))!.Embedder;
        using var red = Solid(64, 96, Red);
        var hit = (await index.SearchAsync(embedder.Embed(red), new VectorFilter(tenant.TenantId), 1, Token)).ShouldHaveSingleItem();
        hit.SkuId.ShouldBe(skuId);
    }

    [Fact]
    public async Task A_reference_image_for_another_tenants_sku_is_refused_and_leaves_no_blob()
    {
        await using var node = await JobsHost.StartAsync();
        var owner = await node.NewTenantAsync();
        var stranger = await node.NewTenantAsync();
        var skuOfOwner = await node.AddSkuAsync(owner.TenantId, "SECRET-1");

        await Should.ThrowAsync<NotFoundInTenantException>(() => UploadAsync(node, stranger.TenantId, skuOfOwner, Red));

        (await node.Get<ShelfCloud.Infrastructure.Blobs.IBlobStore>().ListAsync(stranger.TenantId, "", Token).ToListAsync(Token)).ShouldBeEmpty();
        (await node.Get<ShelfCloud.Infrastructure.Blobs.IBlobStore>().ListAsync(owner.TenantId, "", Token).ToListAsync(Token)).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_new_embedder_re_embeds_every_reference_image_and_becomes_the_active_model()
    {
        var folder = Path.Combine(Path.GetTempPath(), "shelfcloud-jobs-tests", Guid.NewGuid().ToString("N"));
        JobsTenant tenant;
        Guid skuId;
        Guid firstEmbedder;
        await using (var before = await JobsHost.StartAsync(folder: folder))
        {
            tenant = await before.NewTenantAsync();
            skuId = await before.AddSkuAsync(tenant.TenantId, "GREEN-1");
            await UploadAsync(before, tenant.TenantId, skuId, Green);
            await UploadAsync(before, tenant.TenantId, skuId, Blue);
            await IndexAsync(before, tenant.TenantId);
            firstEmbedder = (await before.Get<RecognitionModels>().TryGetEmbedderAsync(Token))!.VersionId;
        }

        try
        {
            // The same data folder, restarted with another embedder file (another SHA-256): the dispatcher notices.
            await using var after = await JobsHost.StartAsync(
                new Dictionary<string, string?> { ["Models:Embedder"] = Asset("embedder_sidecar.onnx") }, runServer: true, folder: folder);
            await WaitUntilAsync(async () => await ProgressAsync(after, tenant.TenantId) is { References: { Stale: 0, CurrentEmbedder: 2 } });

            var secondEmbedder = (await after.Get<RecognitionModels>().TryGetEmbedderAsync(Token))!.VersionId;
            secondEmbedder.ShouldNotBe(firstEmbedder);
            (await ReferencesAsync(after, tenant.TenantId)).ShouldAllBe(r => r.Status == ReferenceImageStatus.Indexed && r.EmbedderModelId == secondEmbedder);
            var progress = await ProgressAsync(after, tenant.TenantId);
            progress.Models.Where(m => m.Kind == ModelKind.Embedder).Select(m => m.IsActive).ShouldBe([true, false]);
            (await after.Get<IVectorIndex>().CountAsync(new VectorFilter(tenant.TenantId) { SkuId = skuId }, Token)).ShouldBe(2);
        }
        finally
        {
            try { Directory.Delete(folder, recursive: true); }
            catch (IOException) { /* a leftover temp folder is harmless */ }
        }
    }

    private static async Task<ReferenceImageReceipt> UploadAsync(JobsHost node, Guid tenantId, Guid skuId, SKColor colour)
    {
        await using var scope = node.InTenant(tenantId);
        return await scope.ServiceProvider.GetRequiredService<ReferenceImageUploads>().UploadAsync(skuId, ShelfImages.Packshot(colour), Token);
    }

    private static async Task IndexAsync(JobsHost node, Guid tenantId)
    {
        await using var scope = node.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<ReferenceIndexingJob>().RunAsync(tenantId, Token);
    }

    private static async Task<List<ReferenceImage>> ReferencesAsync(JobsHost node, Guid tenantId)
    {
        await using var scope = node.InTenant(tenantId);
        return await scope.ServiceProvider.GetRequiredService<ShelfCloudDbContext>().ReferenceImages.AsNoTracking().ToListAsync(Token);
    }

    private static async Task<JobProgressReport> ProgressAsync(JobsHost node, Guid tenantId)
    {
        await using var scope = node.InTenant(tenantId);
        return await scope.ServiceProvider.GetRequiredService<JobProgressReader>().ReadAsync(Token);
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!await done())
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException("The re-index did not finish.");
            await Task.Delay(200, Token);
        }
    }
}
