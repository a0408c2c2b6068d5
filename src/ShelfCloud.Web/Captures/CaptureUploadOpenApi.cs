using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace ShelfCloud.Web.Captures;

/// <summary>
/// Describes the upload body in the OpenAPI document. Written by hand rather than with <c>Accepts</c>, whose
/// content-type matching would answer other types with a bare 415 before our handler can give the reason.
/// </summary>
internal static class CaptureUploadOpenApi
{
    public static Task DescribeBody(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        var content = CaptureUploadReader.RawContentTypes.ToDictionary(type => type, _ => new OpenApiMediaType { Schema = Binary() });
        content["multipart/form-data"] = new OpenApiMediaType
        {
            Schema = new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                Required = new HashSet<string> { "image" },
                Properties = new Dictionary<string, IOpenApiSchema>
                {
                    ["image"] = Binary(),
                    [CaptureUploadReader.TakenAtField] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "date-time" },
                },
            },
        };
        operation.RequestBody = new OpenApiRequestBody
        {
            Required = true,
            Description = "A JPEG, PNG or WebP image (sniffed from its bytes), at most 25 MB and 100 megapixels.",
            Content = content,
        };
        return Task.CompletedTask;
    }

    private static OpenApiSchema Binary() => new() { Type = JsonSchemaType.String, Format = "binary" };
}
