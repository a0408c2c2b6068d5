using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using NJsonSchema;
using NJsonSchema.Validation;

namespace ShelfCloud.Infrastructure.Tests.Vectors.Qdrant;

/// <summary>
/// The component schemas of Qdrant's OpenAPI document (specs/qdrant-openapi-v1.19.json at the repository root) as JSON
/// Schemas that NJsonSchema can validate against. Two adjustments: OpenAPI 3.0's <c>nullable</c> becomes
/// a JSON Schema "null" type (NJsonSchema would otherwise treat a bare <c>{"nullable": true}</c> branch as
/// "anything"), and objects reject properties the spec does not name, so a misspelt field fails too.
/// </summary>
internal static class QdrantSpecSchemas
{
    public const string SpecFileName = "qdrant-openapi-v1.19.json";

    private static readonly Lazy<Task<JsonSchema>> Document = new(LoadAsync);

    /// <summary>Validation errors of <paramref name="body"/> against <c>#/components/schemas/{schemaName}</c>.</summary>
    public static async Task<IReadOnlyList<string>> ErrorsAsync(string schemaName, JsonNode body)
    {
        var document = await Document.Value;
        if (!document.Definitions.TryGetValue(schemaName, out var schema))
        {
            throw new ArgumentException($"The Qdrant spec has no component schema {schemaName}.", nameof(schemaName));
        }

        return schema.Validate(body.ToJsonString()).Select(Describe).ToList();
    }

    public static async Task ShouldMatchAsync(JsonNode body, string schemaName)
    {
        var errors = await ErrorsAsync(schemaName, body);
        errors.ShouldBeEmpty($"{schemaName} body {body.ToJsonString()} breaks the spec");
    }

    public static string SpecPath([CallerFilePath] string sourceFile = "")
    {
        var configured = Environment.GetEnvironmentVariable("QDRANT_OPENAPI_SPEC");
        if (!string.IsNullOrEmpty(configured))
        {
            return configured;
        }

        for (var directory = Path.GetDirectoryName(sourceFile); directory is not null; directory = Path.GetDirectoryName(directory))
        {
            foreach (var candidate in new[] { Path.Combine(directory, "specs", SpecFileName), Path.Combine(directory, "shared", "specs", SpecFileName) })
            {
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        throw new FileNotFoundException($"specs/{SpecFileName} not found above {sourceFile}; set QDRANT_OPENAPI_SPEC to its path.");
    }

    private static async Task<JsonSchema> LoadAsync()
    {
        var text = await File.ReadAllTextAsync(SpecPath());
        var spec = JsonNode.Parse(text.Replace("\"#/components/schemas/", "\"#/definitions/", StringComparison.Ordinal))!;
        var definitions = new JsonObject();
        foreach (var (name, schema) in spec["components"]!["schemas"]!.AsObject())
        {
            definitions[name] = ToJsonSchema(schema!.DeepClone());
        }

        return await JsonSchema.FromJsonAsync(new JsonObject { ["definitions"] = definitions }.ToJsonString());
    }

    private static JsonNode ToJsonSchema(JsonNode node)
    {
        switch (node)
        {
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    array[i] = ToJsonSchema(array[i]!.DeepClone());
                }

                return array;
            case JsonObject schema:
                foreach (var name in schema.Select(property => property.Key).ToList())
                {
                    if (schema[name] is JsonObject or JsonArray && name is not "example" and not "default")
                    {
                        schema[name] = ToJsonSchema(schema[name]!.DeepClone());
                    }
                }

                ConvertNullable(schema);
                if (schema["properties"] is JsonObject && !schema.ContainsKey("additionalProperties"))
                {
                    schema["additionalProperties"] = false;
                }

                return schema;
            default:
                return node;
        }
    }

    private static void ConvertNullable(JsonObject schema)
    {
        if (schema["nullable"] is not JsonValue nullable || !nullable.GetValue<bool>())
        {
            return;
        }

        schema.Remove("nullable");
        if (schema["type"] is JsonValue type)
        {
            schema["type"] = new JsonArray(type.GetValue<string>(), "null");
        }
        else if (!schema.ContainsKey("$ref") && !schema.ContainsKey("anyOf") && !schema.ContainsKey("oneOf") && !schema.ContainsKey("properties"))
        {
            schema["type"] = "null";
        }
    }

    private static string Describe(ValidationError error) => $"{error.Kind} at {error.Path}";
}
