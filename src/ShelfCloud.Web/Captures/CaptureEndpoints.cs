using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using ShelfCloud.Domain.Tenancy;
using ShelfCloud.Infrastructure.Captures;
using ShelfCloud.Infrastructure.Jobs;
using ShelfCloud.Infrastructure.Recognition;
using ShelfCloud.Web.Tenancy;

namespace ShelfCloud.Web.Captures;

/// <summary>The answer to an upload: the capture's id and its status.</summary>
internal sealed record CaptureAccepted(Guid Id, string Status);

/// <summary>
/// <c>/api/v1/captures</c>: cameras upload shelf photos with their key; cameras and signed-in tenant members read a
/// capture's progress and detections. The tenant always comes from the key or the sign-in.
/// </summary>
internal static class CaptureEndpoints
{
    public const string ApiKeyHeader = "X-Api-Key";
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    public static IEndpointRouteBuilder MapCaptureEndpoints(this IEndpointRouteBuilder app)
    {
        var captures = app.MapGroup("/api/v1/captures").WithTags("Captures").AddEndpointFilter<CaptureErrorFilter>();

        captures.MapPost("/", UploadAsync)
            .WithName("UploadCapture")
            .WithSummary("Upload a shelf photo")
            .WithDescription(
                "Authenticated by the camera's key in X-Api-Key. The body is the image itself (image/jpeg, image/png, image/webp or " +
                "application/octet-stream) or a multipart/form-data form whose first file part is the image, optionally with a takenAt field. " +
                "The content must be a JPEG, PNG or WebP of at most 25 MB and 100 megapixels that decodes completely. takenAt (query or form, " +
                "ISO 8601) defaults to the time of receipt. A repeated Idempotency-Key from the same camera returns the first capture with 200.")
            .AddOpenApiOperationTransformer(CaptureUploadOpenApi.DescribeBody)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .RequireRateLimiting(CameraRateLimiting.Policy)
            .DisableAntiforgery();

        captures.MapGet("/{id:guid}", GetAsync)
            .WithName("GetCapture")
            .WithSummary("Read a capture: status, size and detections")
            .WithDescription("Authenticated by a camera key (X-Api-Key, any capture of the camera's tenant) or a signed-in tenant member. " +
                "Captures of other tenants are not found.")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<Results<Accepted<CaptureAccepted>, Ok<CaptureAccepted>>> UploadAsync(
        HttpRequest request,
        [FromHeader(Name = ApiKeyHeader)] string? apiKey,
        [FromHeader(Name = IdempotencyKeyHeader)] string? idempotencyKey,
        [FromQuery] string? takenAt,
        CameraKeyAuthentication cameras,
        CaptureIngestor ingestor,
        DispatchSignal dispatch,
        CancellationToken ct)
    {
        var camera = await cameras.AuthenticateAsync(apiKey, ct);
        var key = ValidIdempotencyKey(idempotencyKey);
        var takenAtFromQuery = TakenAtParser.Parse(takenAt);
        using var body = await CaptureUploadReader.ReadAsync(request, ct);
        var upload = new CaptureUpload(body.Content, takenAtFromQuery ?? TakenAtParser.Parse(body.TakenAt), key);

        var receipt = await ingestor.IngestAsync(camera, upload, ct);
        if (receipt.Created)
            dispatch.Kick();
        var answer = new CaptureAccepted(receipt.Id, receipt.Status.ToString());
        return receipt.Created ? TypedResults.Accepted($"/api/v1/captures/{receipt.Id}", answer) : TypedResults.Ok(answer);
    }

    private static async Task<Results<Ok<CaptureDetails>, ProblemHttpResult>> GetAsync(
        Guid id,
        HttpContext http,
        [FromHeader(Name = ApiKeyHeader)] string? apiKey,
        CameraKeyAuthentication cameras,
        IAuthorizationService authorization,
        CaptureReader reader,
        CancellationToken ct)
    {
        if (apiKey is not null)
            await cameras.AuthenticateAsync(apiKey, ct);
        else if (await RefuseNonMemberAsync(http.User, authorization) is { } refusal)
            return refusal;

        return await reader.GetAsync(id, ct) is { } details
            ? TypedResults.Ok(details)
            : CaptureProblems.For(StatusCodes.Status404NotFound, "not_found", "Capture was not found.");
    }

    /// <summary>
    /// Signed-in readers must be tenant members; suppliers are refused because a capture shows every brand on the
    /// shelf and they may see only their own.
    /// </summary>
    private static async Task<ProblemHttpResult?> RefuseNonMemberAsync(ClaimsPrincipal user, IAuthorizationService authorization)
    {
        if (user.Identity?.IsAuthenticated != true)
            return CaptureProblems.For(StatusCodes.Status401Unauthorized, "unauthenticated", $"Sign in, or send a camera key in {ApiKeyHeader}.");
        if (!(await authorization.AuthorizeAsync(user, Policies.TenantMember)).Succeeded || user.IsInRole(Roles.Supplier))
            return CaptureProblems.For(StatusCodes.Status403Forbidden, "forbidden", "Captures are readable by the tenant's members (not suppliers) inside a tenant.");
        return null;
    }

    private static string? ValidIdempotencyKey(string? value)
    {
        if (value is null)
            return null;
        if (value.Length is 0 or > 128 || value.Any(c => c is < '!' or > '~'))
            throw CaptureRefusedException.BadRequest("invalid_idempotency_key", $"{IdempotencyKeyHeader} must be 1 to 128 visible ASCII characters.");
        return value;
    }
}
