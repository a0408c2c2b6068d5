using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using ShelfCloud.Domain.Access;
using ShelfCloud.Domain.Tenancy;
using ShelfCloud.Infrastructure.Access;
using ShelfCloud.Infrastructure.Tenancy;

namespace ShelfCloud.Web.Access;

/// <summary>
/// <c>Authorization: Bearer &lt;token&gt;</c> on /api/v1: the token's tenant becomes the request's tenant and its scopes
/// become roles the portal's policies know — <c>read</c> a store manager's (reading only), <c>review</c> an annotator's,
/// <c>admin</c> a tenant admin's, <c>catalog</c> a tenant admin's on the catalog's endpoints only. A token that may only
/// read is refused any other method (<see cref="ApiTokenScopeGuard"/>).
/// </summary>
internal sealed class ApiTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiTokens tokens)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiToken";
    public const string ScopeClaim = "shelfcloud:token_scope";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (BearerToken(Request) is not { } presented)
            return AuthenticateResult.NoResult();
        if (await tokens.AuthenticateAsync(presented, Context.RequestAborted) is not { } token)
            return AuthenticateResult.Fail("The token is unknown, revoked or expired.");

        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, "token:" + token.TokenId.ToString("D")),
            new(ClaimTypes.Name, "token " + token.Name),
            new(TenantClaims.TenantId, token.TenantId.ToString("D")),
        };
        claims.AddRange(token.Scopes.Select(scope => new Claim(ScopeClaim, scope)));
        claims.AddRange(RolesFor(token.Scopes, Request.Path).Select(role => new Claim(ClaimTypes.Role, role)));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    /// <summary>The roles a token's scopes stand for on this path.</summary>
    internal static IEnumerable<string> RolesFor(IReadOnlyList<string> scopes, PathString path)
    {
        if (scopes.Contains(ApiTokenScopes.Admin) || (scopes.Contains(ApiTokenScopes.Catalog) && path.StartsWithSegments("/api/v1/skus")))
            yield return Roles.TenantAdmin;
        if (scopes.Contains(ApiTokenScopes.Read))
            yield return Roles.StoreManager;
        if (scopes.Contains(ApiTokenScopes.Review))
            yield return Roles.Annotator;
    }

    internal static string? BearerToken(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && header.Length > 7 ? header[7..].Trim() : null;
    }
}

/// <summary>Refuses a read-only token (scope <c>read</c> alone) anything but GET and HEAD.</summary>
internal sealed class ApiTokenScopeGuard(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        var user = context.User;
        if (user.Identity?.AuthenticationType == ApiTokenAuthenticationHandler.SchemeName && !HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method)
            && user.FindAll(ApiTokenAuthenticationHandler.ScopeClaim).All(c => c.Value == ApiTokenScopes.Read))
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            return context.Response.WriteAsJsonAsync(new { title = "This token may only read.", status = 403 });
        }

        return next(context);
    }
}

internal static class ApiTokenAuthenticationServices
{
    /// <summary>The default scheme picks the token handler for requests that carry a bearer token, the sign-in cookie otherwise.</summary>
    public const string Selector = "ShelfCloud";

    public static AuthenticationBuilder AddApiTokens(this AuthenticationBuilder builder) => builder
        .AddScheme<AuthenticationSchemeOptions, ApiTokenAuthenticationHandler>(ApiTokenAuthenticationHandler.SchemeName, null)
        .AddPolicyScheme(Selector, "Cookie or API token", o => o.ForwardDefaultSelector = context =>
            ApiTokenAuthenticationHandler.BearerToken(context.Request) is not null ? ApiTokenAuthenticationHandler.SchemeName : IdentityConstants.ApplicationScheme);
}
