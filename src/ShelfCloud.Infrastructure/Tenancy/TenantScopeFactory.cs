using Microsoft.Extensions.DependencyInjection;

namespace ShelfCloud.Infrastructure.Tenancy;

/// <summary>Opens a DI scope that works inside one tenant: for jobs, the CLI, seeding and tenant creation.</summary>
public sealed class TenantScopeFactory(IServiceScopeFactory scopes)
{
    public AsyncServiceScope CreateScope(Guid tenantId, string actor = "system", string? actorUserId = null)
    {
        var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Enter(tenantId);
        scope.ServiceProvider.GetRequiredService<CurrentActor>().Set(actorUserId, actor);
        return scope;
    }
}
