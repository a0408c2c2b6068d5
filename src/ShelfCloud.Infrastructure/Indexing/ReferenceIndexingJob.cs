using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ShelfCloud.Infrastructure.Jobs;
using ShelfCloud.Infrastructure.Models;
using ShelfCloud.Infrastructure.Tenancy;

namespace ShelfCloud.Infrastructure.Indexing;

/// <summary>
/// Hangfire job: brings one tenant's reference images, then its annotators' confirmed crops, into the index of the
/// active embedder, in passes of <see cref="PassSize"/> saved one by one, so progress shows while a re-index runs.
/// Without an embedder the images stay Pending. Idempotent: points are keyed by the image's id or the detection's.
/// </summary>
public sealed class ReferenceIndexingJob(TenantScopeFactory tenantScopes, RecognitionModels engine, ReferenceIndexingSignal signal, ILogger<ReferenceIndexingJob> logger)
{
    /// <summary>Images embedded per pass.</summary>
    public const int PassSize = 32;

    /// <summary>Indexes until nothing of the tenant is left to index.</summary>
    [Queue(JobQueues.Default)]
    [JobDisplayName("Index reference images of tenant {0}")]
    public async Task RunAsync(Guid tenantId, CancellationToken ct)
    {
        try
        {
            if (await engine.TryGetEmbedderAsync(ct) is not { } embedder)
            {
                logger.LogWarning("No embedder is available ({Problem}); reference images of tenant {TenantId} stay Pending", engine.Problem, tenantId);
                return;
            }

            using var exclusive = await signal.EnterAsync(tenantId, ct);
            await using var scope = tenantScopes.CreateScope(tenantId, "jobs");
            var indexer = scope.ServiceProvider.GetRequiredService<ReferenceIndexer>();
            IndexingPass pass;
            do
            {
                pass = await indexer.IndexNextAsync(embedder, PassSize, ct);
                if (pass.Indexed + pass.Failed > 0)
                    logger.LogInformation("Indexed {Indexed} reference image(s) of tenant {TenantId} ({Failed} failed, {Remaining} left)",
                        pass.Indexed, tenantId, pass.Failed, pass.Remaining);
            }
            while (pass.Remaining > 0 && pass.Indexed + pass.Failed > 0);

            // After the references: a tenant whose vectors were all dropped for a new vector length searches its
            // packshots again first, then gets its annotators' crops back.
            var annotations = scope.ServiceProvider.GetRequiredService<AnnotationSearchSpace>();
            (int Done, int Remaining) crops;
            do
            {
                crops = await annotations.EmbedNextAsync(embedder, PassSize, ct);
                if (crops.Done > 0)
                    logger.LogInformation("Embedded {Done} annotated crop(s) of tenant {TenantId} ({Remaining} left)", crops.Done, tenantId, crops.Remaining);
            }
            while (crops.Remaining > 0 && crops.Done > 0);
        }
        finally
        {
            signal.Finished(tenantId);
        }
    }
}
