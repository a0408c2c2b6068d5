using ShelfCloud.Domain.Tenancy;

namespace ShelfCloud.Domain.Access;

/// <summary>
/// A tenant's API token for integrations (<c>Authorization: Bearer &lt;token&gt;</c>): only its SHA-256 is stored; the
/// token itself is shown once. Its scopes say what it may do (<see cref="ApiTokenScopes"/>).
/// </summary>
public sealed class ApiToken : ITenantOwned
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid TenantId { get; set; }

    /// <summary>Unique in the tenant; how people and the CLI name it.</summary>
    public string Name { get; set; } = "";

    /// <summary>Hex SHA-256 of the token.</summary>
    public string Hash { get; set; } = "";

    /// <summary>Comma-separated <see cref="ApiTokenScopes"/>.</summary>
    public string Scopes { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? ExpiresAt { get; set; }
    public DateTimeOffset? LastUsedAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }

    public IReadOnlyList<string> ScopeList => Scopes.Split(',', StringSplitOptions.RemoveEmptyEntries);

    public bool IsActive(DateTimeOffset now) => RevokedAt is null && (ExpiresAt is not { } expires || expires > now);
}

/// <summary>What a token may do (a contract: add, never rename).</summary>
public static class ApiTokenScopes
{
    /// <summary>Read every /api/v1 endpoint a store manager may read (availability, events, share, catalog, captures, exports).</summary>
    public const string Read = "read";

    /// <summary>Change the catalog: import, SKUs, reference images.</summary>
    public const string Catalog = "catalog";

    /// <summary>Record review decisions.</summary>
    public const string Review = "review";

    /// <summary>Everything a tenant admin may do.</summary>
    public const string Admin = "admin";

    public static IReadOnlyList<string> All { get; } = [Read, Catalog, Review, Admin];
}
