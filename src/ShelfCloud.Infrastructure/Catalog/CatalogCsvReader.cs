using System.Text;
using ShelfCloud.Domain.Catalog;

namespace ShelfCloud.Infrastructure.Catalog;

/// <summary>One data row of a catalog CSV, with the problems that keep it from being imported.</summary>
public sealed record CatalogCsvRow(
    int Line, string Code, string? Gtin, string Name, string Brand, string Manufacturer, string Category, string Size, string Flavor,
    ProductShape Shape, IReadOnlyList<string> Errors)
{
    public bool IsValid => Errors.Count == 0;
}

/// <summary>The parsed file: rows, and problems with the file as a whole (missing columns, too many rows).</summary>
public sealed record CatalogCsv(IReadOnlyList<CatalogCsvRow> Rows, IReadOnlyList<string> FileErrors)
{
    public bool IsValid => FileErrors.Count == 0 && Rows.All(r => r.IsValid);
}

/// <summary>
/// Reads catalog CSV (RFC 4180: quoted fields, doubled quotes, CRLF or LF) with the columns
/// <c>code,gtin,name,brand,manufacturer,category,size,flavor,shape</c> in any order; <c>code</c> and <c>name</c> are required.
/// The same columns <c>shelfcloud synth</c> writes, so a synthetic catalog imports as it is.
/// </summary>
public static class CatalogCsvReader
{
    public const int MaxRows = 50_000;
    private static readonly string[] Known = ["code", "gtin", "name", "brand", "manufacturer", "category", "size", "flavor", "shape"];
    private static readonly Dictionary<string, int> MaxLength = new()
    {
        ["code"] = 64, ["gtin"] = 14, ["name"] = 300, ["brand"] = 200, ["manufacturer"] = 200, ["category"] = 200, ["size"] = 64, ["flavor"] = 200,
    };

    public static CatalogCsv Read(string text)
    {
        var records = ParseRecords(text).ToList();
        if (records.Count == 0)
            return new CatalogCsv([], ["The file is empty: expected a header line with at least code and name."]);
        var header = records[0].Fields.Select(h => h.Trim().ToLowerInvariant()).ToList();
        var fileErrors = new List<string>();
        foreach (var required in new[] { "code", "name" })
        {
            if (!header.Contains(required))
                fileErrors.Add($"Missing column '{required}'. Expected columns: {string.Join(",", Known)}.");
        }
        var unknown = header.Where(h => !Known.Contains(h)).ToList();
        if (unknown.Count > 0)
            fileErrors.Add($"Unknown column(s): {string.Join(", ", unknown)}. Expected: {string.Join(",", Known)}.");
        if (records.Count - 1 > MaxRows)
            fileErrors.Add($"The file has {records.Count - 1} rows; at most {MaxRows} can be imported at once.");
        if (fileErrors.Count > 0)
            return new CatalogCsv([], fileErrors);

        var rows = records.Skip(1).Where(r => r.Fields.Any(f => f.Length > 0)).Select(r => ToRow(r, header)).ToList();
        return new CatalogCsv(WithDuplicateErrors(rows), []);
    }

    private static CatalogCsvRow ToRow((int Line, List<string> Fields) record, List<string> header)
    {
        var errors = new List<string>();
        string Field(string name)
        {
            var index = header.IndexOf(name);
            var value = index >= 0 && index < record.Fields.Count ? record.Fields[index].Trim() : "";
            if (MaxLength.TryGetValue(name, out var max) && value.Length > max)
                errors.Add($"{name} is longer than {max} characters.");
            return value;
        }
        if (record.Fields.Count != header.Count)
            errors.Add($"Expected {header.Count} fields, found {record.Fields.Count}.");
        var code = Field("code");
        var name = Field("name");
        var gtin = Field("gtin");
        if (code.Length == 0)
            errors.Add("code is required.");
        if (name.Length == 0)
            errors.Add("name is required.");
        if (gtin.Length > 0 && !Gtin.IsValid(gtin))
            errors.Add($"gtin '{gtin}' is not a valid GTIN-8/12/13/14 (digits and check digit).");
        var shapeText = Field("shape");
        var shape = ProductShape.Box;
        if (shapeText.Length > 0 && !TryParseShape(shapeText, out shape))
            errors.Add($"shape '{shapeText}' is not one of {string.Join(", ", Enum.GetNames<ProductShape>())}.");
        return new CatalogCsvRow(record.Line, code, gtin.Length == 0 ? null : gtin, name, Field("brand"), Field("manufacturer"),
            Field("category"), Field("size"), Field("flavor"), shape, errors);
    }

    private static bool TryParseShape(string text, out ProductShape shape)
    {
        var normalized = text.Replace(" ", "").Replace("_", "").Replace("-", "");
        if (normalized.Equals("jug", StringComparison.OrdinalIgnoreCase))
            normalized = nameof(ProductShape.HandledBottle);
        if (normalized.Equals("multipack", StringComparison.OrdinalIgnoreCase))
            normalized = nameof(ProductShape.Pack);
        return Enum.TryParse(normalized, ignoreCase: true, out shape) && Enum.IsDefined(shape);
    }

    private static List<CatalogCsvRow> WithDuplicateErrors(List<CatalogCsvRow> rows)
    {
        var firstLineOfCode = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var firstLineOfGtin = new Dictionary<string, int>(StringComparer.Ordinal);
        var result = new List<CatalogCsvRow>(rows.Count);
        foreach (var row in rows)
        {
            var errors = row.Errors.ToList();
            if (row.Code.Length > 0 && !firstLineOfCode.TryAdd(row.Code, row.Line))
                errors.Add($"code '{row.Code}' also appears on line {firstLineOfCode[row.Code]}.");
            if (row.Gtin is { } gtin && !firstLineOfGtin.TryAdd(gtin, row.Line))
                errors.Add($"gtin '{gtin}' also appears on line {firstLineOfGtin[gtin]}.");
            result.Add(errors.Count == row.Errors.Count ? row : row with { Errors = errors });
        }
        return result;
    }

    /// <summary>Splits the text into records of fields; <c>Line</c> is the 1-based line each record starts on.</summary>
    private static IEnumerable<(int Line, List<string> Fields)> ParseRecords(string text)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var inQuotes = false;
        var line = 1;
        var recordLine = 1;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (inQuotes)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                else if (c == '"') inQuotes = false;
                else { if (c == '\n') line++; field.Append(c); }
                continue;
            }
            switch (c)
            {
                case '"' when field.Length == 0: inQuotes = true; break;
                case ',': fields.Add(field.ToString()); field.Clear(); break;
                case '\r': break;
                case '\n':
                    fields.Add(field.ToString());
                    field.Clear();
                    yield return (recordLine, fields);
                    fields = [];
                    recordLine = ++line;
                    break;
                default: field.Append(c); break;
            }
        }
        if (field.Length > 0 || fields.Count > 0)
        {
            fields.Add(field.ToString());
            yield return (recordLine, fields);
        }
    }
}
