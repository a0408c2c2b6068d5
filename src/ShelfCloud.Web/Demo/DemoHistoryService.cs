using Microsoft.Extensions.Options;
using ShelfCloud.Infrastructure.Demo;
using ShelfCloud.Infrastructure.Onboarding;
using ShelfCloud.Infrastructure.Tenancy;

namespace ShelfCloud.Web.Demo;

/// <summary>
/// After start-up, fills the demo tenant with its shelf history in the background (the portal is usable at once;
/// pages fill in as the recognition jobs catch up), then plays its annotator until every annotated capture is reviewed.
/// </summary>
internal sealed class DemoHistoryService(
    IServiceScopeFactory scopes, TenantScopeFactory tenantScopes, IOptions<DemoDataOptions> options, ILogger<DemoHistoryService> logger)
    : BackgroundService
{
    private static readonly TimeSpan ReviewInterval = TimeSpan.FromSeconds(15);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.History)
            return;
        await Task.Yield();
        Guid? tenantId;
        await using (var scope = scopes.CreateAsyncScope())
            tenantId = (await scope.ServiceProvider.GetRequiredService<TenantProvisioning>().FindBySlugAsync(DemoSeeder.Slug, stoppingToken))?.Id;
        if (tenantId is not { } demo)
            return;

        try
        {
            await using (var scope = tenantScopes.CreateScope(demo, "demo-history"))
            {
                var lastReported = -1;
                var progress = new Progress<DemoHistoryProgress>(p =>
                {
                    var percent = p.CapturesIngested * 100 / Math.Max(1, p.CapturesTotal);
                    if (percent / 10 == lastReported / 10)
                        return;
                    lastReported = percent;
                    logger.LogInformation("Demo history: {Done}/{Total} captures ingested", p.CapturesIngested, p.CapturesTotal);
                });
                await scope.ServiceProvider.GetRequiredService<DemoHistorySeeder>().SeedAsync(demo, progress, stoppingToken);
            }
            while (!stoppingToken.IsCancellationRequested)
            {
                await using var scope = tenantScopes.CreateScope(demo, "demo-annotator");
                var (reviewed, waiting) = await scope.ServiceProvider.GetRequiredService<DemoAnnotator>().ReviewRecognisedAsync(stoppingToken);
                if (reviewed > 0)
                    logger.LogInformation("Demo annotator reviewed {Count} capture(s); {Waiting} still wait for recognition", reviewed, waiting);
                if (waiting == 0)
                    break;
                await Task.Delay(ReviewInterval, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: the seeder is idempotent and resumes at the next start.
        }
    }
}
