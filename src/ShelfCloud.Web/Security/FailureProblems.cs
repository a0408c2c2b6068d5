namespace ShelfCloud.Web.Security;

/// <summary>
/// Turns what fails while a request is handled into problem details and never lets exception details reach the
/// client, in every environment: a request the server refuses while reading it (<see cref="BadHttpRequestException"/>:
/// a body over its limit, a malformed form or chunk) gets its own 4xx with a reason; any other failure of an API or
/// account request gets a 500 with the trace id to quote, and the exception goes to the log. Pages keep the error page.
/// </summary>
public sealed class FailureProblems(RequestDelegate next, ILogger<FailureProblems> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (BadHttpRequestException e) when (!context.Response.HasStarted)
        {
            var tooLarge = e.StatusCode == StatusCodes.Status413PayloadTooLarge;
            logger.LogInformation("Refused {Method} {Path}: {Status} {Message}", context.Request.Method, context.Request.Path, e.StatusCode, e.Message);
            await WriteAsync(context, e.StatusCode, tooLarge ? "request_too_large" : "bad_request",
                tooLarge ? "The request body is larger than this endpoint accepts." : "The request could not be read: " + e.Message);
        }
        catch (Exception e) when (!context.Response.HasStarted && IsApi(context.Request) && e is not OperationCanceledException)
        {
            logger.LogError(e, "Unhandled failure of {Method} {Path}", context.Request.Method, context.Request.Path);
            await WriteAsync(context, StatusCodes.Status500InternalServerError, "internal_error",
                $"The server failed to handle the request; quote trace id {context.TraceIdentifier} when reporting it.");
        }
    }

    private static bool IsApi(HttpRequest request) =>
        request.Path.StartsWithSegments("/api") || request.Path.StartsWithSegments("/account");

    private static Task WriteAsync(HttpContext context, int status, string reason, string detail)
    {
        context.Response.Clear();
        return Results.Problem(detail, statusCode: status, extensions: new Dictionary<string, object?> { ["reason"] = reason })
            .ExecuteAsync(context);
    }
}
