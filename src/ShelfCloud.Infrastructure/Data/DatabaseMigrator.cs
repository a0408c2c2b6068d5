using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using ShelfCloud.Domain.Tenancy;

namespace ShelfCloud.Infrastructure.Data;

/// <summary>Applies the provider's migrations and the reference data every installation needs (the roles).</summary>
public sealed class DatabaseMigrator(
    IDbContextFactory<ShelfCloudDbContext> dbFactory, RoleManager<IdentityRole> roles, ILogger<DatabaseMigrator> logger)
{
    public async Task<IReadOnlyList<string>> MigrateAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var pending = (await db.Database.GetPendingMigrationsAsync(ct)).ToList();
        await db.Database.MigrateAsync(ct);
        if (db.Database.IsSqlite())
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct); // readers never block the writer
        if (pending.Count > 0)
            logger.LogInformation("Applied {Count} migration(s): {Migrations}", pending.Count, string.Join(", ", pending));
        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role))
                await roles.CreateAsync(new IdentityRole(role));
        }
        return pending;
    }
}
