using Microsoft.Extensions.DependencyInjection;
using ShelfCloud.Infrastructure.Onboarding;
using ShelfCloud.Infrastructure.Tenancy;

namespace ShelfCloud.Cli.Commands;

/// <summary>Runs a command's work inside one tenant's scope, found by its slug, on a migrated database.</summary>
internal static class TenantCommandScope
{
    /// <returns>The work's exit code; 1 when the database is not ready, 2 when the tenant does not exist.</returns>
    public static async Task<int> RunAsync(CliContext cli, string slug, Func<IServiceProvider, Task<int>> work, CancellationToken ct)
    {
        using var host = cli.BuildHost();
        await using (var check = host.Services.CreateAsyncScope())
        {
            if (await CliContext.DatabaseNotReadyReasonAsync(check.ServiceProvider, ct) is { } reason)
                return cli.Fail(reason);
        }

        var found = await host.Services.CreateScope().ServiceProvider.GetRequiredService<TenantProvisioning>().FindBySlugAsync(slug, ct);
        if (found is null)
            return cli.Fail($"Tenant '{slug}' does not exist. Create it with `shelfcloud tenant add --slug {slug} --name NAME`.", 2);
        await using var scope = host.Services.GetRequiredService<TenantScopeFactory>().CreateScope(found.Id, "cli");
        return await work(scope.ServiceProvider);
    }
}
