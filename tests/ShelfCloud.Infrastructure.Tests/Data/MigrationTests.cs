using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ShelfCloud.Infrastructure.Data;
using ShelfCloud.Infrastructure.Tenancy;

namespace ShelfCloud.Infrastructure.Tests.Data;

public sealed class MigrationTests
{
    [Fact]
    public async Task Migrations_apply_to_an_empty_sqlite_file()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var scope = database.WithoutTenant();
        var db = scope.ServiceProvider.GetRequiredService<ShelfCloudDbContext>();
        (await db.Database.GetPendingMigrationsAsync()).ShouldBeEmpty();
        (await db.Database.GetAppliedMigrationsAsync()).ShouldNotBeEmpty();
        (await db.Tenants.CountAsync()).ShouldBe(0);
        (await db.Roles.Select(r => r.Name).ToListAsync()).ShouldBe(ShelfCloud.Domain.Tenancy.Roles.All, ignoreOrder: true);
    }

    [Fact]
    public void Sqlite_model_has_no_changes_missing_from_its_migrations()
    {
        using var db = new SqliteDesignTimeFactory().CreateDbContext([]);
        db.Database.HasPendingModelChanges().ShouldBeFalse("run: dotnet ef migrations add <Name> --context SqliteShelfCloudDbContext (see README)");
    }

    [Fact]
    public void SqlServer_model_has_no_changes_missing_from_its_migrations()
    {
        using var db = new SqlServerDesignTimeFactory().CreateDbContext([]);
        db.Database.HasPendingModelChanges().ShouldBeFalse("run: dotnet ef migrations add <Name> --context SqlServerShelfCloudDbContext (see README)");
    }

    [Fact]
    public void Both_providers_have_the_same_migrations()
    {
        using var sqlite = new SqliteDesignTimeFactory().CreateDbContext([]);
        using var sqlServer = new SqlServerDesignTimeFactory().CreateDbContext([]);
        static IEnumerable<string> Names(DbContext db) => db.Database.GetMigrations().Select(m => m[(m.IndexOf('_') + 1)..]);
        Names(sqlite).ShouldBe(Names(sqlServer));
    }

    [Fact]
    public async Task SqlServer_migrations_apply_when_a_server_is_given()
    {
        var connection = Environment.GetEnvironmentVariable("SHELFCLOUD_SQLSERVER");
        if (string.IsNullOrWhiteSpace(connection))
            Assert.Skip("SHELFCLOUD_SQLSERVER is not set: no SQL Server runs on this machine, so its migrations are only checked for pending model changes.");
        var options = new DbContextOptionsBuilder<SqlServerShelfCloudDbContext>().UseSqlServer(connection).Options;
        await using var db = new SqlServerShelfCloudDbContext(options, new TenantContext());
        await db.Database.MigrateAsync();
        (await db.Database.GetPendingMigrationsAsync()).ShouldBeEmpty();
    }
}
