using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using ShelfCloud.Domain.Access;
using ShelfCloud.Infrastructure.Data;

namespace ShelfCloud.Infrastructure.Access;

/// <summary>A token as listed: never the token itself.</summary>
public sealed record ApiTokenView(Guid Id, string Name, IReadOnlyList<string> Scopes, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, DateTimeOffset? LastUsedAt, DateTimeOffset? RevokedAt);

/// <summary>Who a presented token is: its tenant, name and scopes.</summary>
public sealed record ApiTokenIdentity(Guid TenantId, Guid TokenId, string Name, IReadOnlyList<string> Scopes);

/// <summary>Refused token input, with the reason.</summary>
public sealed class ApiTokenException(string message) : Exception(message);

/// <summary>
/// The current tenant's API tokens — made (the token is returned once; only its SHA-256 is kept), listed, revoked —
/// and, for the authentication handler, who a presented token belongs to.
/// </summary>
public sealed class ApiTokens(IDbContextFactory<ShelfCloudDbContext> dbFactory, TimeProvider clock)
{
    private const string Prefix = "sct_";

    /// <exception cref="ApiTokenException">No name, a name in use, no or unknown scopes, an expiry in the past.</exception>
    public async Task<(Guid Id, string Token)> CreateAsync(string name, IReadOnlyCollection<string> scopes, DateTimeOffset? expiresAt = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(scopes);
        var trimmed = name.Trim();
        if (trimmed.Length is 0 or > 100)
            throw new ApiTokenException("A token needs a name of 1 to 100 characters.");
        var unknown = scopes.Except(ApiTokenScopes.All).ToList();
        if (scopes.Count == 0 || unknown.Count > 0)
            throw new ApiTokenException($"Scopes must be some of {string.Join(", ", ApiTokenScopes.All)}{(unknown.Count > 0 ? $"; unknown: {string.Join(", ", unknown)}" : "")}.");
        var now = clock.GetUtcNow();
        if (expiresAt is { } expires && expires <= now)
            throw new ApiTokenException("The expiry must be in the future.");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await db.ApiTokens.AnyAsync(t => t.Name == trimmed && t.RevokedAt == null, ct))
            throw new ApiTokenException($"A token named '{trimmed}' exists; revoke it first or choose another name.");
        var token = Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var stored = new ApiToken { Name = trimmed, Hash = HashOf(token), Scopes = string.Join(',', scopes.Distinct()), CreatedAt = now, ExpiresAt = expiresAt };
        db.ApiTokens.Add(stored);
        await db.SaveChangesAsync(ct);
        return (stored.Id, token);
    }

    /// <summary>Revokes the tenant's active token of that name; false when there is none.</summary>
    public async Task<bool> RevokeAsync(string name, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow();
        var trimmed = name.Trim();
        return await db.ApiTokens.Where(t => t.Name == trimmed && t.RevokedAt == null).ExecuteUpdateAsync(u => u.SetProperty(t => t.RevokedAt, now), ct) > 0;
    }

    public async Task<IReadOnlyList<ApiTokenView>> ListAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return (await db.ApiTokens.AsNoTracking().OrderBy(t => t.CreatedAt).ToListAsync(ct))
            .Select(t => new ApiTokenView(t.Id, t.Name, t.ScopeList, t.CreatedAt, t.ExpiresAt, t.LastUsedAt, t.RevokedAt)).ToList();
    }

    /// <summary>
    /// The active token the presented one is, across tenants (a platform lookup by hash: the token names its tenant); null
    /// for an unknown, revoked or expired token. Notes its use (at most once a minute).
    /// </summary>
    public async Task<ApiTokenIdentity?> AuthenticateAsync(string presented, CancellationToken ct = default)
    {
        if (!presented.StartsWith(Prefix, StringComparison.Ordinal) || presented.Length > 200)
            return null;
        var hash = HashOf(presented);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var token = await db.ApiTokens.IgnoreQueryFilters([ShelfCloudDbContext.TenantFilter]).SingleOrDefaultAsync(t => t.Hash == hash, ct);
        var now = clock.GetUtcNow();
        if (token is null || !token.IsActive(now))
            return null;
        if (token.LastUsedAt is not { } used || now - used > TimeSpan.FromMinutes(1))
        {
            await db.ApiTokens.IgnoreQueryFilters([ShelfCloudDbContext.TenantFilter]).Where(t => t.Id == token.Id)
                .ExecuteUpdateAsync(u => u.SetProperty(t => t.LastUsedAt, now), ct);
        }

        return new ApiTokenIdentity(token.TenantId, token.Id, token.Name, token.ScopeList);
    }

    private static string HashOf(string token) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
