using System.Data.Common;
using System.Globalization;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Options;

namespace ShelfCloud.Infrastructure.Data.Sqlite;

/// <summary>
/// Sets <c>PRAGMA busy_timeout</c> on every opened SQLite connection, so a writer that finds the file locked by another
/// process waits inside SQLite (which retries within milliseconds) instead of failing over to Microsoft.Data.Sqlite's
/// retry loop with its ~150 ms sleeps.
/// </summary>
public sealed class SqliteBusyTimeout(IOptions<SqliteWriteOptions> options) : DbConnectionInterceptor
{
    private readonly string? _pragma = options.Value.BusyTimeoutMilliseconds > 0
        ? "PRAGMA busy_timeout = " + options.Value.BusyTimeoutMilliseconds.ToString(CultureInfo.InvariantCulture) + ";"
        : null;

    /// <inheritdoc />
    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        if (_pragma is null)
            return;
        using var command = connection.CreateCommand();
        command.CommandText = _pragma;
        command.ExecuteNonQuery();
    }

    /// <inheritdoc />
    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (_pragma is null)
            return;
        await using var command = connection.CreateCommand();
        command.CommandText = _pragma;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
