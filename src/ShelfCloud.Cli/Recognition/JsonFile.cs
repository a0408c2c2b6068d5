using System.Text.Encodings.Web;
using System.Text.Json;

namespace ShelfCloud.Cli.Recognition;

/// <summary>Writes one JSON document to a file with <see cref="Utf8JsonWriter"/>, so key names and order are exactly the contract's.</summary>
internal static class JsonFile
{
    public static readonly JsonWriterOptions Indented = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static readonly JsonWriterOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static void Write(string path, Action<Utf8JsonWriter> write)
    {
        using var stream = File.Create(path);
        using var writer = new Utf8JsonWriter(stream, Indented);
        write(writer);
    }

    /// <summary>A number rounded to 4 decimals: figures stay readable and stable across runs' noise.</summary>
    public static void WriteRounded(this Utf8JsonWriter writer, string name, double value) =>
        writer.WriteNumber(name, Math.Round(value, 4));
}
