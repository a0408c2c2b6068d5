using System.Security.Claims;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using ShelfCloud.Infrastructure.Tenancy;
using ShelfCloud.Web.Tests.Support;

namespace ShelfCloud.Web.Tests.Components;

/// <summary>
/// A bUnit context for the portal's pages: MudBlazor's services, a signed-in user, and the real portal's services
/// (<see cref="PortalFactory"/>: SQLite, file blobs) inside one tenant's scope behind them, so a page queries real data.
/// JavaScript calls (focus, MudBlazor's observers) are answered loosely: the tests look at markup and the database.
/// </summary>
public sealed class PortalComponents : IAsyncDisposable
{
    private readonly AsyncServiceScope _tenantScope;

    public PortalComponents(PortalFactory portal, Guid tenantId, string userId)
    {
        _tenantScope = portal.Services.GetRequiredService<TenantScopeFactory>().CreateScope(tenantId);
        Context.JSInterop.Mode = JSRuntimeMode.Loose;
        Context.Services.AddMudServices();
        Context.Services.AddFallbackServiceProvider(_tenantScope.ServiceProvider);
        var authorization = Context.AddAuthorization();
        authorization.SetAuthorized("user@test");
        authorization.SetClaims(new Claim(ClaimTypes.NameIdentifier, userId));
    }

    public BunitContext Context { get; } = new();

    /// <summary>The tenant's services, for seeding and for reading what a page wrote.</summary>
    public IServiceProvider TenantServices => _tenantScope.ServiceProvider;

    public async ValueTask DisposeAsync()
    {
        await Context.DisposeAsync();
        await _tenantScope.DisposeAsync();
    }
}
