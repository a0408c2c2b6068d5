using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace ShelfCloud.Benchmarks.Core.Portal;

/// <summary>
/// One prepared <c>INSERT</c> into an entity's table, its columns and value conversions taken from the EF model, so
/// rows written in bulk read back through the DbContext exactly like rows it wrote (Guid as upper-case text,
/// DateTimeOffset as sortable integers, enums as names). For seeding benchmarks; SQLite only.
/// </summary>
internal sealed class SqliteBulkInsert : IDisposable
{
    private readonly DbCommand _command;
    private readonly ValueConverter?[] _converters;

    /// <param name="columns">Property names of <paramref name="entityType"/>, or the container column names of its JSON-owned collections.</param>
    public SqliteBulkInsert(DbConnection connection, DbTransaction transaction, IEntityType entityType, params string[] columns)
    {
        _command = connection.CreateCommand();
        _command.Transaction = transaction;
        _converters = new ValueConverter?[columns.Length];
        var names = new string[columns.Length];
        for (var i = 0; i < columns.Length; i++)
        {
            var property = entityType.FindProperty(columns[i]);
            names[i] = property?.GetColumnName() ?? columns[i];
            _converters[i] = property?.GetTypeMapping().Converter;
            var parameter = _command.CreateParameter();
            parameter.ParameterName = "$p" + i;
            _command.Parameters.Add(parameter);
        }

        _command.CommandText = $"INSERT INTO \"{entityType.GetTableName()}\" ({string.Join(", ", names.Select(n => $"\"{n}\""))}) " +
            $"VALUES ({string.Join(", ", Enumerable.Range(0, columns.Length).Select(i => "$p" + i))})";
        _command.Prepare();
    }

    /// <summary>Inserts one row; values in the order of the columns given to the constructor.</summary>
    public void Add(params object?[] values)
    {
        for (var i = 0; i < values.Length; i++)
            _command.Parameters[i].Value = Convert(values[i], _converters[i]);
        _command.ExecuteNonQuery();
    }

    public void Dispose() => _command.Dispose();

    private static object Convert(object? value, ValueConverter? converter) => value switch
    {
        null => DBNull.Value,
        _ when converter is not null => converter.ConvertToProvider(value) ?? DBNull.Value,
        Guid guid => guid.ToString().ToUpperInvariant(),
        _ => value,
    };
}
