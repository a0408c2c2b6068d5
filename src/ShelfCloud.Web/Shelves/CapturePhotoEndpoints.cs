using ShelfCloud.Infrastructure.Blobs;
using ShelfCloud.Infrastructure.Shelves;
using ShelfCloud.Web.Tenancy;

namespace ShelfCloud.Web.Shelves;

/// <summary><c>GET /api/v1/captures/{id}/photo</c>: the stored photo for the realgram view, to signed-in members of its tenant.</summary>
internal static class CapturePhotoEndpoints
{
    public static IEndpointRouteBuilder MapCapturePhotoEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/captures/{id:guid}/photo", async (Guid id, ShelfBrowser shelves, IBlobStore blobs, HttpContext http, CancellationToken ct) =>
            {
                if (await shelves.FindPhotoAsync(id, ct) is not { } photo)
                    return Results.Problem("Capture not found.", statusCode: StatusCodes.Status404NotFound);
                var blob = await blobs.OpenReadAsync(photo.TenantId, BlobNames.WithinTenant(photo.TenantId, photo.BlobName), ct);
                if (blob is null)
                    return Results.Problem("The capture's photo is missing from blob storage.", statusCode: StatusCodes.Status404NotFound);
                http.Response.Headers.CacheControl = "private, max-age=86400"; // a capture's photo never changes
                http.Response.RegisterForDispose(blob);
                return Results.Stream(blob.Content, blob.ContentType);
            })
            .RequireAuthorization(Policies.CatalogReader)
            .WithTags("Captures")
            .WithSummary("The capture's photo (signed-in members of its tenant; not suppliers).");
        return app;
    }
}
