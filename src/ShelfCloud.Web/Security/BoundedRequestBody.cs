using Microsoft.AspNetCore.Http.Features;

namespace ShelfCloud.Web.Security;

/// <summary>
/// Reads a whole request body up to a limit, counting as it reads: a chunked body has no Content-Length to check up
/// front, so the limit must hold while the bytes arrive. Kestrel is told the limit too, so it stops reading at once.
/// </summary>
public static class BoundedRequestBody
{
    /// <summary>The body's bytes, or null when it is larger than <paramref name="maxBytes"/> (nothing is kept then).</summary>
    public static async Task<byte[]?> ReadAsync(HttpRequest request, int maxBytes, CancellationToken ct)
    {
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            limit.MaxRequestBodySize = maxBytes;
        if (request.ContentLength > maxBytes)
            return null;

        using var body = new MemoryStream();
        var chunk = new byte[81920];
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
            {
                if (body.Length + read > maxBytes)
                    return null;
                body.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return null;
        }

        return body.ToArray();
    }
}
