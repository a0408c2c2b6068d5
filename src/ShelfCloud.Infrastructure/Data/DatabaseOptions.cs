using System.ComponentModel.DataAnnotations;

namespace ShelfCloud.Infrastructure.Data;

public enum DatabaseProvider
{
    Sqlite,
    SqlServer,
}

/// <summary>Section <c>Database</c>. The provider is always explicit; SQLite defaults to a file in the data folder.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>Required for SqlServer; for Sqlite defaults to <c>Data Source={data folder}/shelfcloud.db</c>.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Apply migrations at start-up (on in Development; production runs <c>shelfcloud migrate</c>).</summary>
    public bool MigrateOnStartup { get; set; }
}
