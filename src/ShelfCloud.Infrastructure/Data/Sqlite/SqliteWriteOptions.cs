namespace ShelfCloud.Infrastructure.Data.Sqlite;

/// <summary>How this process writes to the SQLite file (<c>Database:Sqlite:*</c>); not used with SQL Server.</summary>
public sealed class SqliteWriteOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string Section = "Database:Sqlite";

    /// <summary>Queue this process' <c>SaveChanges</c> calls on one asynchronous gate (<see cref="SqliteWriteGate"/>); default true.</summary>
    public bool SerializeWrites { get; set; } = true;

    /// <summary>
    /// <c>PRAGMA busy_timeout</c> of every connection: how long SQLite itself waits for another process' write lock
    /// (portal and worker on one file). 0 leaves only Microsoft.Data.Sqlite's own retry loop, which sleeps ~150 ms a try.
    /// </summary>
    public int BusyTimeoutMilliseconds { get; set; } = 5000;
}
