namespace ShelfCloud.Web.Captures;

/// <summary>A capture request refused with a 4xx: the status, a short machine-readable reason and a message for the uploader.</summary>
internal sealed class CaptureRefusedException(int statusCode, string reason, string message) : Exception(message)
{
    public int StatusCode { get; } = statusCode;

    public string Reason { get; } = reason;

    public static CaptureRefusedException InvalidKey() => new(StatusCodes.Status401Unauthorized, "invalid_api_key",
        $"The {CaptureEndpoints.ApiKeyHeader} header is missing, or the camera key is unknown, revoked or replaced.");

    public static CaptureRefusedException TooLarge() => new(StatusCodes.Status413PayloadTooLarge, "file_too_large",
        $"The image is larger than the limit of {Infrastructure.Captures.IngestionOptions.MaxUploadBytes} bytes (25 MB).");

    public static CaptureRefusedException BadRequest(string reason, string message) => new(StatusCodes.Status400BadRequest, reason, message);

    public static CaptureRefusedException UnsupportedMediaType(string message) => new(StatusCodes.Status415UnsupportedMediaType, "unsupported_media_type", message);
}
