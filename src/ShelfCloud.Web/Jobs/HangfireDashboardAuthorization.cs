using Hangfire.Dashboard;
using Microsoft.AspNetCore.Authorization;
using ShelfCloud.Web.Tenancy;

namespace ShelfCloud.Web.Jobs;

/// <summary>
/// Lets only platform admins (<see cref="Policies.PlatformAdmin"/>) into the Hangfire dashboard: it shows every tenant's
/// jobs and their arguments. Hangfire answers 401 to anonymous requests and 403 to signed-in users who are refused.
/// </summary>
internal sealed class HangfireDashboardAuthorization : IDashboardAsyncAuthorizationFilter
{
    public async Task<bool> AuthorizeAsync(DashboardContext context)
    {
        var http = context.GetHttpContext();
        var authorization = http.RequestServices.GetRequiredService<IAuthorizationService>();
        return (await authorization.AuthorizeAsync(http.User, Policies.PlatformAdmin)).Succeeded;
    }
}
