using Microsoft.Extensions.DependencyInjection;

namespace ShelfCloud.Infrastructure.Data.Sqlite;

internal static class SqliteWriteServices
{
    /// <summary>The SQLite write gate and busy timeout (<c>Database:Sqlite:*</c>), one of each per process.</summary>
    public static IServiceCollection AddSqliteWrites(this IServiceCollection services)
    {
        services.AddOptions<SqliteWriteOptions>().BindConfiguration(SqliteWriteOptions.Section)
            .Validate(o => o.BusyTimeoutMilliseconds >= 0, "Database:Sqlite:BusyTimeoutMilliseconds must be 0 or more.")
            .ValidateOnStart();
        services.AddSingleton<SqliteWriteGate>();
        services.AddSingleton<SqliteBusyTimeout>();
        return services;
    }
}
