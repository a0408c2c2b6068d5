using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server.Circuits;
using ShelfCloud.Infrastructure.Audit;
using ShelfCloud.Infrastructure.Tenancy;

namespace ShelfCloud.Web.Tenancy;

/// <summary>
/// Blazor circuits have their own DI scope, outside any HTTP request: bind the circuit's tenant from its
/// authentication state when it opens (a tenant switch reloads the page, which opens a new circuit).
/// </summary>
internal sealed class TenantCircuitHandler(AuthenticationStateProvider authentication, TenantContext tenant, CurrentActor actor)
    : CircuitHandler
{
    public override async Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        var state = await authentication.GetAuthenticationStateAsync();
        UserTenantBinding.Bind(state.User, tenant, actor);
    }
}
