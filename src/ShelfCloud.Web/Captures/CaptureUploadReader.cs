using System.Buffers;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using ShelfCloud.Infrastructure.Captures;

namespace ShelfCloud.Web.Captures;

/// <summary>
/// An upload's image bytes and, for a form, its <c>takenAt</c> field. The bytes live in a pooled buffer: dispose the
/// body once the upload is stored (uploads are hundreds of KB, and a fresh array each would land on the large-object
/// heap and drive full garbage collections at camera rates).
/// </summary>
internal sealed class UploadBody(PooledBytes content, string? takenAt) : IDisposable
{
    public ReadOnlyMemory<byte> Content => content.Memory;

    public string? TakenAt { get; } = takenAt;

    public void Dispose() => content.Dispose();
}

/// <summary>Bytes in a buffer rented from <see cref="ArrayPool{T}.Shared"/>, returned on dispose.</summary>
internal sealed class PooledBytes : IDisposable
{
    private byte[]? _buffer;
    private int _length;

    public PooledBytes(int capacity) => _buffer = ArrayPool<byte>.Shared.Rent(Math.Max(capacity, 4096));

    public int Length => _length;

    public ReadOnlyMemory<byte> Memory => new(_buffer ?? throw new ObjectDisposedException(nameof(PooledBytes)), 0, _length);

    /// <summary>Reads into the buffer's free space (growing it to at most <paramref name="limit"/> bytes); 0 at the end of the stream.</summary>
    public async ValueTask<int> ReadFromAsync(Stream stream, int limit, CancellationToken ct)
    {
        var buffer = _buffer ?? throw new ObjectDisposedException(nameof(PooledBytes));
        if (_length == buffer.Length)
        {
            if (buffer.Length >= limit + 1)
                return -1;
            var larger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, limit + 1));
            buffer.AsSpan(0, _length).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(buffer);
            _buffer = buffer = larger;
        }

        var read = await stream.ReadAsync(buffer.AsMemory(_length, Math.Min(buffer.Length, limit + 1) - _length), ct);
        _length += read;
        return read;
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _buffer, null) is { } buffer)
            ArrayPool<byte>.Shared.Return(buffer);
    }
}

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
        // Above the portal's default body limit (1 MB), and above our own limit so that it answers first, with a reason.
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
        PooledBytes? image = null;
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
            image?.Dispose();
            throw CaptureRefusedException.BadRequest("malformed_multipart", "The multipart/form-data body is malformed: " + e.Message);
        }
        catch
        {
            image?.Dispose();
            throw;
        }

        return image is { } content
            ? new UploadBody(content, takenAt)
            : throw CaptureRefusedException.BadRequest("missing_file", "The multipart/form-data body has no file part.");
    }

    private static async Task<PooledBytes> ReadLimitedAsync(Stream body, long? lengthHint, CancellationToken ct)
    {
        var limit = IngestionOptions.MaxUploadBytes;
        // One more byte than the declared length, so that the end of the stream is seen without growing the buffer.
        var bytes = new PooledBytes((int)Math.Clamp((lengthHint ?? 256 * 1024) + 1, 0, limit + 1));
        try
        {
            int read;
            while ((read = await bytes.ReadFromAsync(body, (int)limit, ct)) != 0)
            {
                if (read < 0 || bytes.Length > limit)
                    throw CaptureRefusedException.TooLarge();
            }

            return bytes;
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            bytes.Dispose();
            throw CaptureRefusedException.TooLarge();
        }
        catch
        {
            bytes.Dispose();
            throw;
        }
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
