using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using ShelfCloud.Infrastructure.Data;
using ShelfCloud.Infrastructure.Identity;
using ShelfCloud.Infrastructure.Onboarding;
using ShelfCloud.Web.Tenancy;

namespace ShelfCloud.Web.Account;

/// <summary>Form posts that set or clear the sign-in cookie (a Blazor circuit cannot write cookies).</summary>
internal static class AccountEndpoints
{
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        var account = app.MapGroup("/account").ExcludeFromDescription();
        account.MapPost("/login", LoginAsync);
        account.MapPost("/logout", LogoutAsync).RequireAuthorization();
        account.MapPost("/tenant", ChooseTenantAsync).RequireAuthorization(Policies.PlatformAdmin);
        return app;
    }

    private static async Task<IResult> LoginAsync(
        [FromForm] string? email, [FromForm] string? password, [FromForm] string? returnUrl,
        SignInManager<ApplicationUser> signIn, ILoggerFactory loggers)
    {
        var back = SafeLocalUrl(returnUrl);
        if (string.IsNullOrWhiteSpace(email) || string.IsNullOrEmpty(password))
            return TypedResults.LocalRedirect(LoginPage("missing", back));
        var result = await signIn.PasswordSignInAsync(email.Trim(), password, isPersistent: false, lockoutOnFailure: true);
        var logger = loggers.CreateLogger("ShelfCloud.Account");
        if (result.Succeeded)
        {
            logger.LogInformation("User {Email} signed in", email);
            return TypedResults.LocalRedirect(back);
        }
        logger.LogWarning("Sign-in refused for {Email}: {Reason}", email, result.IsLockedOut ? "locked out" : "bad credentials");
        return TypedResults.LocalRedirect(LoginPage(result.IsLockedOut ? "locked" : "invalid", back));
    }

    private static async Task<IResult> LogoutAsync(SignInManager<ApplicationUser> signIn)
    {
        await signIn.SignOutAsync();
        return TypedResults.LocalRedirect("/login");
    }

    private static async Task<IResult> ChooseTenantAsync(
        [FromForm] Guid? tenantId, ClaimsPrincipal principal, TenantSwitcher switcher,
        UserManager<ApplicationUser> users, SignInManager<ApplicationUser> signIn)
    {
        var user = await users.GetUserAsync(principal);
        if (user is null)
            return TypedResults.Unauthorized();
        try
        {
            await switcher.EnterAsync(user.Id, tenantId);
        }
        catch (NotFoundInTenantException)
        {
            return TypedResults.Problem("That tenant does not exist.", statusCode: StatusCodes.Status404NotFound);
        }
        user.ActingTenantId = tenantId; // the switcher saved it in its own scope; this tracked copy would be stale
        await signIn.RefreshSignInAsync(user);
        return TypedResults.LocalRedirect(tenantId is null ? "/platform/tenants" : "/");
    }

    private static string SafeLocalUrl(string? url) =>
        !string.IsNullOrEmpty(url) && url.StartsWith('/') && !url.StartsWith("//") && !url.StartsWith("/\\") ? url : "/";

    private static string LoginPage(string error, string returnUrl) =>
        $"/login?error={error}&returnUrl={Uri.EscapeDataString(returnUrl)}";
}
