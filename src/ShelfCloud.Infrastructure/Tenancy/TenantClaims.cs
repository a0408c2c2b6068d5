namespace ShelfCloud.Infrastructure.Tenancy;

/// <summary>Claim types ShelfCloud adds to a signed-in user's principal.</summary>
public static class TenantClaims
{
    /// <summary>The tenant the user works in now: their own, or the one a platform admin chose.</summary>
    public const string TenantId = "shelfcloud:tenant";
    public const string TenantSlug = "shelfcloud:tenant_slug";
    public const string TenantName = "shelfcloud:tenant_name";
    public const string DisplayName = "shelfcloud:display_name";

    public static Guid? ReadTenantId(System.Security.Claims.ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirst(TenantId)?.Value, out var id) ? id : null;
}
