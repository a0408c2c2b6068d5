using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using ShelfCloud.Infrastructure.Tenancy;

namespace ShelfCloud.Infrastructure.Data;

/// <summary>Used by <c>dotnet ef migrations add … --context SqliteShelfCloudDbContext</c>.</summary>
public sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteShelfCloudDbContext>
{
    public SqliteShelfCloudDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteShelfCloudDbContext>()
            .UseSqlite("Data Source=design-time.db", DatabaseProviderConfiguration.ConfigureSqlite)
            .Options, new TenantContext());
}

/// <summary>Used by <c>dotnet ef migrations add … --context SqlServerShelfCloudDbContext</c>; never connects.</summary>
public sealed class SqlServerDesignTimeFactory : IDesignTimeDbContextFactory<SqlServerShelfCloudDbContext>
{
    public SqlServerShelfCloudDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqlServerShelfCloudDbContext>()
            .UseSqlServer("Server=design-time;Database=ShelfCloud;Trusted_Connection=True;TrustServerCertificate=True", DatabaseProviderConfiguration.ConfigureSqlServer)
            .Options, new TenantContext());
}
