using System.Buffers;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using ShelfCloud.Infrastructure.Captures;

namespace ShelfCloud.Web.Captures;

/// <summary>An upload's image bytes and, for a form, its <c>takenAt</c> field.</summary>
internal sealed record UploadBody(ReadOnlyMemory<byte> Content, string? TakenAt);

/// <summary>
/// Reads a capture upload — a raw image body or the first file part of a multipart form — into memory, never more
/// than <see cref="IngestionOptions.MaxUploadBytes"/>. The declared content type only chooses how to read the body;
/// what the bytes are is sniffed later.
/// </summary>
internal static class CaptureUploadReader
{
    public const string TakenAtField = "takenAt";

    /// <summary>Room for multipart boundaries and small form fields on top of the image limit.</summary>
    public const long MultipartAllowance = 1024 * 1024;

    public static readonly string[] RawContentTypes = ["image/jpeg", "image/png", "image/webp", "application/octet-stream"];

    public static async Task<UploadBody> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        // Above Kestrel's default 30 MB so that our own limit answers first, with a reason.
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeLimit)
            sizeLimit.MaxRequestBodySize = IngestionOptions.MaxUploadBytes + MultipartAllowance;

        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType))
            throw Unsupported();
        if (mediaType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
            return await ReadMultipartAsync(request, mediaType, ct);
        if (!RawContentTypes.Contains(mediaType.MediaType.Value, StringComparer.OrdinalIgnoreCase))
            throw Unsupported();
        if (request.ContentLength > IngestionOptions.MaxUploadBytes)
            throw CaptureRefusedException.TooLarge();
        return new UploadBody(await ReadLimitedAsync(request.Body, request.ContentLength, ct), null);
    }

    private static async Task<UploadBody> ReadMultipartAsync(HttpRequest request, MediaTypeHeaderValue mediaType, CancellationToken ct)
    {
        var boundary = HeaderUtilities.RemoveQuotes(mediaType.Boundary).Value;
        if (string.IsNullOrEmpty(boundary) || boundary.Length > 200)
            throw CaptureRefusedException.BadRequest("malformed_multipart", "The multipart/form-data body has no valid boundary.");
        var reader = new MultipartReader(boundary, request.Body);
        ReadOnlyMemory<byte>? image = null;
        string? takenAt = null;
        try
        {
            while (await reader.ReadNextSectionAsync(ct) is { } section)
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition))
                    continue;
                if (disposition.IsFileDisposition())
                    image ??= await ReadLimitedAsync(section.Body, null, ct);
                else if (disposition.IsFormDisposition() && HeaderUtilities.RemoveQuotes(disposition.Name).Equals(TakenAtField, StringComparison.Ordinal))
                    takenAt = await ReadFieldAsync(section.Body, ct);
            }
        }
        catch (Exception e) when (e is IOException or InvalidDataException && e is not BadHttpRequestException)
        {
            throw CaptureRefusedException.BadRequest("malformed_multipart", "The multipart/form-data body is malformed: " + e.Message);
        }

        return image is { } content
            ? new UploadBody(content, takenAt)
            : throw CaptureRefusedException.BadRequest("missing_file", "The multipart/form-data body has no file part.");
    }

    private static async Task<ReadOnlyMemory<byte>> ReadLimitedAsync(Stream body, long? lengthHint, CancellationToken ct)
    {
        var limit = IngestionOptions.MaxUploadBytes;
        var buffer = new MemoryStream((int)Math.Clamp(lengthHint ?? 256 * 1024, 0, limit));
        var chunk = ArrayPool<byte>.Shared.Rent(81920);
        try
        {
            int read;
            while ((read = await body.ReadAsync(chunk, ct)) > 0)
            {
                if (buffer.Length + read > limit)
                    throw CaptureRefusedException.TooLarge();
                buffer.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            throw CaptureRefusedException.TooLarge();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        return new ReadOnlyMemory<byte>(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static async Task<string> ReadFieldAsync(Stream body, CancellationToken ct)
    {
        using var reader = new StreamReader(body);
        var buffer = new char[101];
        var length = await reader.ReadBlockAsync(buffer, ct);
        if (length > 100)
            throw CaptureRefusedException.BadRequest("invalid_taken_at", $"The {TakenAtField} field is too long.");
        return new string(buffer, 0, length);
    }

    private static CaptureRefusedException Unsupported() => CaptureRefusedException.UnsupportedMediaType(
        $"Send the image as the body ({string.Join(", ", RawContentTypes)}) or as the first file of a multipart/form-data form.");
}
