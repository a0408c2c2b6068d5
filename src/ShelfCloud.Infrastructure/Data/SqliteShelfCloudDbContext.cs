using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using ShelfCloud.Infrastructure.Tenancy;

namespace ShelfCloud.Infrastructure.Data;

/// <summary>The embedded default: one SQLite file in the data folder. Migrations in Data/Migrations/Sqlite.</summary>
public sealed class SqliteShelfCloudDbContext(DbContextOptions<SqliteShelfCloudDbContext> options, ITenantContext tenant)
    : ShelfCloudDbContext(options, tenant)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite has no DateTimeOffset type; stored as sortable integers, comparisons and ORDER BY run in SQL.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
        configurationBuilder.Properties<DateTimeOffset?>().HaveConversion<DateTimeOffsetToBinaryConverter>();
    }
}
