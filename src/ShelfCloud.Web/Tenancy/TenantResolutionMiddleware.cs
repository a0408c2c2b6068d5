using ShelfCloud.Infrastructure.Audit;
using ShelfCloud.Infrastructure.Tenancy;

namespace ShelfCloud.Web.Tenancy;

/// <summary>HTTP requests: the tenant comes from the signed-in user's cookie, never from the route or query.</summary>
internal sealed class TenantResolutionMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context, TenantContext tenant, CurrentActor actor)
    {
        UserTenantBinding.Bind(context.User, tenant, actor);
        return next(context);
    }
}
