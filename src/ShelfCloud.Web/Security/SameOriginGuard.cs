using ShelfCloud.Web.Captures;

namespace ShelfCloud.Web.Security;

/// <summary>
/// Refuses unsafe requests (POST, PUT, PATCH, DELETE) that a browser sent from another origin, before any endpoint
/// runs. SameSite=Lax stops other <em>sites</em> from riding the sign-in cookie, but a page on another port or
/// subdomain of the same host is the same site: its forms carry the cookie. Browsers say where a request comes from,
/// and this guard trusts only what they cannot be made to fake: <c>Sec-Fetch-Site</c> must be <c>same-origin</c>
/// (or <c>none</c>, typed by the user), or, from browsers without it, <c>Origin</c> must be the portal's own origin.
/// Requests with neither header come from scripts and tools, not from a page, and cannot carry a victim's cookie.
/// Requests authenticated by a camera key (<c>X-Api-Key</c>) or an <c>Authorization</c> header are exempt: no
/// browser attaches those on its own. Blazor's own forms carry an antiforgery token besides.
/// </summary>
public sealed class SameOriginGuard(RequestDelegate next)
{
    public const string Reason = "cross_origin_request";

    public async Task InvokeAsync(HttpContext context)
    {
        if (IsAllowed(context.Request))
        {
            await next(context);
            return;
        }

        var problem = Results.Problem(
            statusCode: StatusCodes.Status403Forbidden,
            title: "Cross-origin request refused",
            detail: "This request was sent by a page of another origin. Sign in to the portal and act from its own pages, " +
                    "or call the API with a camera key or an Authorization header.",
            extensions: new Dictionary<string, object?> { ["reason"] = Reason });
        await problem.ExecuteAsync(context);
    }

    private static bool IsAllowed(HttpRequest request)
    {
        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) ||
            HttpMethods.IsOptions(request.Method) || HttpMethods.IsTrace(request.Method))
            return true;
        if (request.Headers.ContainsKey(CaptureEndpoints.ApiKeyHeader) || request.Headers.ContainsKey("Authorization"))
            return true;

        var fetchSite = request.Headers["Sec-Fetch-Site"].ToString();
        if (fetchSite.Length > 0)
            return fetchSite is "same-origin" or "none";
        var origin = request.Headers.Origin.ToString();
        if (origin.Length > 0)
            return string.Equals(origin, $"{request.Scheme}://{request.Host}", StringComparison.OrdinalIgnoreCase);
        return true;
    }
}
