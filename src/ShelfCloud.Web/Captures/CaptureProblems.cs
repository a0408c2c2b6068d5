using Microsoft.AspNetCore.Http.HttpResults;
using ShelfCloud.Infrastructure.Onboarding;
using ShelfCloud.Vision.Imaging;

namespace ShelfCloud.Web.Captures;

/// <summary>Problem details for refused capture requests: the status, a title, the reason for the uploader and a <c>reason</c> code.</summary>
internal static class CaptureProblems
{
    public static ProblemHttpResult For(int statusCode, string reason, string detail) =>
        TypedResults.Problem(detail, statusCode: statusCode, title: TitleOf(statusCode),
            extensions: new Dictionary<string, object?> { ["reason"] = reason });

    public static ProblemHttpResult For(ImageRejectedException rejection) => rejection.Reason switch
    {
        ImageRejectionReason.Empty => For(StatusCodes.Status400BadRequest, "empty", rejection.Message),
        ImageRejectionReason.Undecodable => For(StatusCodes.Status400BadRequest, "undecodable", rejection.Message),
        ImageRejectionReason.UnsupportedFormat => For(StatusCodes.Status415UnsupportedMediaType, "unsupported_format", rejection.Message),
        ImageRejectionReason.TooLarge => For(StatusCodes.Status413PayloadTooLarge, "too_many_pixels", rejection.Message),
        ImageRejectionReason.FileTooLarge => For(StatusCodes.Status413PayloadTooLarge, "file_too_large", rejection.Message),
        _ => For(StatusCodes.Status400BadRequest, "rejected", rejection.Message),
    };

    private static string TitleOf(int statusCode) => statusCode switch
    {
        StatusCodes.Status400BadRequest => "Invalid capture",
        StatusCodes.Status401Unauthorized => "Invalid camera key",
        StatusCodes.Status404NotFound => "Capture not found",
        StatusCodes.Status413PayloadTooLarge => "Capture too large",
        StatusCodes.Status415UnsupportedMediaType => "Not an accepted image",
        StatusCodes.Status429TooManyRequests => "Too many uploads",
        _ => "Capture refused",
    };

    /// <summary>The problem for an image upload refused as bad input (shared by captures and reference images); null for other errors.</summary>
    public static IResult? ForRefusedUpload(Exception error) => error switch
    {
        CaptureRefusedException e => For(e.StatusCode, e.Reason, e.Message),
        ImageRejectedException e => For(e),
        BadHttpRequestException e => For(e.StatusCode, "bad_request", e.Message),
        _ => null,
    };
}

/// <summary>Maps the refusals thrown while handling a capture request to problem details.</summary>
internal sealed class CaptureErrorFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (Exception e) when (CaptureProblems.ForRefusedUpload(e) is { } problem)
        {
            return problem;
        }
        catch (NotFoundInTenantException)
        {
            // The camera was deleted between its key being checked and the row being written.
            return CaptureProblems.For(StatusCodes.Status401Unauthorized, "invalid_api_key", "The camera no longer exists.");
        }
    }
}
