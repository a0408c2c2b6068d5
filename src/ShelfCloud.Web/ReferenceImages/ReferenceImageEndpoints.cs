using Microsoft.AspNetCore.Http.HttpResults;
using ShelfCloud.Infrastructure.Onboarding;
using ShelfCloud.Infrastructure.ReferenceImages;
using ShelfCloud.Web.Captures;
using ShelfCloud.Web.Tenancy;
using ShelfCloud.Vision.Imaging;

namespace ShelfCloud.Web.ReferenceImages;

/// <summary>The answer to a reference upload: the image's id and status (Pending until indexed).</summary>
internal sealed record ReferenceImageAccepted(Guid Id, string Status);

/// <summary>
/// <c>/api/v1/skus/{id}/reference-images</c>: tenant admins add packshots to a SKU (cold start: searchable within
/// seconds); catalog readers fetch the stored images. The tenant comes from the sign-in; another tenant's SKU is 404.
/// </summary>
internal static class ReferenceImageEndpoints
{
    public static IEndpointRouteBuilder MapReferenceImageEndpoints(this IEndpointRouteBuilder app)
    {
        var references = app.MapGroup("/api/v1/skus/{skuId:guid}/reference-images").WithTags("Catalog").AddEndpointFilter<ReferenceImageErrorFilter>();

        references.MapPost("/", UploadAsync)
            .RequireAuthorization(Policies.TenantAdmin)
            .WithName("UploadReferenceImage")
            .WithSummary("Add a reference image to a SKU")
            .WithDescription("The body is the image itself (image/jpeg, image/png, image/webp or application/octet-stream) or a multipart/form-data " +
                "form whose first file part is the image; the same checks as a capture upload apply (sniffed content, at most 25 MB and 100 megapixels, " +
                "decodes completely). The image is stored Pending and indexed by a background job within seconds.")
            .AddOpenApiOperationTransformer(CaptureUploadOpenApi.DescribeBody)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .DisableAntiforgery();

        references.MapGet("/{referenceId:guid}", GetAsync)
            .RequireAuthorization(Policies.CatalogReader)
            .WithName("GetReferenceImage")
            .WithSummary("The stored reference image")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<Accepted<ReferenceImageAccepted>> UploadAsync(Guid skuId, HttpRequest request, ReferenceImageUploads uploads, CancellationToken ct)
    {
        using var body = await CaptureUploadReader.ReadAsync(request, ct);
        var receipt = await uploads.UploadAsync(skuId, body.Content, ct);
        return TypedResults.Accepted($"/api/v1/skus/{skuId}/reference-images/{receipt.Id}", new ReferenceImageAccepted(receipt.Id, receipt.Status.ToString()));
    }

    private static async Task<Results<FileStreamHttpResult, ProblemHttpResult>> GetAsync(
        Guid skuId, Guid referenceId, ReferenceImageFiles files, CancellationToken ct)
    {
        var content = await files.OpenAsync(skuId, referenceId, ct);
        return content is null
            ? NotFound()
            : TypedResults.Stream(content.Content, content.ContentType);
    }

    public static ProblemHttpResult NotFound() => TypedResults.Problem("Reference image or SKU was not found.", statusCode: StatusCodes.Status404NotFound,
        title: "Not found", extensions: new Dictionary<string, object?> { ["reason"] = "not_found" });
}

/// <summary>Maps refused reference uploads to problem details with the capture upload's reason codes.</summary>
internal sealed class ReferenceImageErrorFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (NotFoundInTenantException)
        {
            return TypedResults.Problem("SKU was not found.", statusCode: StatusCodes.Status404NotFound, title: "Not found",
                extensions: new Dictionary<string, object?> { ["reason"] = "not_found" });
        }
        catch (Exception e) when (CaptureProblems.ForRefusedUpload(e) is { } problem)
        {
            return problem;
        }
    }
}
