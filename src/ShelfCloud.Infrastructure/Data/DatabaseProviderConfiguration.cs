using Microsoft.EntityFrameworkCore.Infrastructure;

namespace ShelfCloud.Infrastructure.Data;

/// <summary>Provider options shared by the runtime registration and the design-time factories, so both see the same migrations.</summary>
public static class DatabaseProviderConfiguration
{
    public static void ConfigureSqlite(Microsoft.EntityFrameworkCore.Infrastructure.SqliteDbContextOptionsBuilder sqlite) =>
        sqlite.MigrationsHistoryTable("__EFMigrationsHistory").CommandTimeout(60);

    public static void ConfigureSqlServer(Microsoft.EntityFrameworkCore.Infrastructure.SqlServerDbContextOptionsBuilder sqlServer) =>
        sqlServer.EnableRetryOnFailure(5).CommandTimeout(60);
}
