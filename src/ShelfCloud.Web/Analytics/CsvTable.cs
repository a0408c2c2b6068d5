using System.Globalization;
using System.Text;

namespace ShelfCloud.Web.Analytics;

/// <summary>
/// Builds an RFC 4180 CSV document: comma-separated, quoted where needed, CRLF line ends, invariant numbers. Text that
/// a spreadsheet would run as a formula (leading =, +, -, @) is prefixed with an apostrophe, because SKU and shelf names
/// come from users and imported catalogs.
/// </summary>
public sealed class CsvTable
{
    private readonly StringBuilder _text = new();

    /// <summary>Starts a table with its header row.</summary>
    public CsvTable(params string[] header) => Row(header);

    /// <summary>Adds a row; strings are protected and quoted, numbers and instants written invariantly.</summary>
    public CsvTable Row(params object?[] fields)
    {
        for (var i = 0; i < fields.Length; i++)
        {
            if (i > 0)
                _text.Append(',');
            _text.Append(Field(fields[i]));
        }

        _text.Append("\r\n");
        return this;
    }

    /// <summary>The document, UTF-8 with a byte-order mark so spreadsheet programs read non-ASCII names correctly.</summary>
    public byte[] ToUtf8() => [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(_text.ToString())];

    /// <inheritdoc />
    public override string ToString() => _text.ToString();

    private static string Field(object? value) => value switch
    {
        null => "",
        string text => Quote(Protect(text)),
        DateTimeOffset instant => instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        DateOnly day => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        bool flag => flag ? "true" : "false",
        double number => number.ToString("0.######", CultureInfo.InvariantCulture),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => Quote(Protect(value.ToString() ?? "")),
    };

    private static string Protect(string text) => text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + text : text;

    private static string Quote(string text) =>
        text.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;
}
