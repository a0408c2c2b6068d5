using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ShelfCloud.Infrastructure.Vectors.Qdrant;

/// <summary>
/// Sends one Qdrant REST request: JSON body, <c>api-key</c> header, retries with backoff on 429, 5xx,
/// connection failures and timeouts, and unwraps the reply's <c>result</c>.
/// </summary>
internal sealed class QdrantHttpTransport(HttpClient http, QdrantOptions options, TimeProvider time)
{
    private const string ApiKeyHeader = "api-key";
    private readonly QdrantRetryPolicy _retry = new(options.MaxAttempts, options.InitialBackoff, options.MaxBackoff);
    private readonly string _baseUrl = options.Url.AbsoluteUri.TrimEnd('/');

    /// <summary>Sends the request and returns the reply's <c>result</c>; a status in <paramref name="alsoAccepted"/> returns null.</summary>
    public async Task<JsonElement?> SendAsync(
        HttpMethod method, string pathAndQuery, JsonNode? body, CancellationToken cancellationToken, HttpStatusCode? alsoAccepted = null)
    {
        var payload = body is null ? null : Encoding.UTF8.GetBytes(body.ToJsonString());
        for (var attempt = 1; ; attempt++)
        {
            TimeSpan? retryAfter = null;
            try
            {
                using var request = NewRequest(method, pathAndQuery, payload);
                using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    return await ReadResultAsync(response, cancellationToken).ConfigureAwait(false);
                }

                if (response.StatusCode == alsoAccepted)
                {
                    return null;
                }

                var error = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
                if (!QdrantRetryPolicy.IsTransient(response.StatusCode) || attempt >= _retry.MaxAttempts)
                {
                    throw new QdrantException(
                        $"Qdrant answered {(int)response.StatusCode} to {method} /{pathAndQuery} after {attempt} attempt(s): {error}", response.StatusCode);
                }

                retryAfter = response.Headers.RetryAfter?.Delta;
            }
            catch (Exception exception) when (IsTransientFailure(exception, cancellationToken) && attempt < _retry.MaxAttempts)
            {
                // Connection refused/reset or HttpClient timeout: try again after the backoff below.
            }
            catch (Exception exception) when (IsTransientFailure(exception, cancellationToken))
            {
                throw new QdrantException($"Qdrant could not be reached for {method} /{pathAndQuery} after {attempt} attempt(s).", null, exception);
            }

            await Task.Delay(_retry.DelayBeforeRetry(attempt, retryAfter), time, cancellationToken).ConfigureAwait(false);
        }
    }

    private static bool IsTransientFailure(Exception exception, CancellationToken cancellationToken) =>
        exception is HttpRequestException || (exception is TaskCanceledException && !cancellationToken.IsCancellationRequested);

    private HttpRequestMessage NewRequest(HttpMethod method, string pathAndQuery, byte[]? payload)
    {
        var request = new HttpRequestMessage(method, $"{_baseUrl}/{pathAndQuery}");
        if (payload is not null)
        {
            request.Content = new ByteArrayContent(payload);
            request.Content.Headers.ContentType = new("application/json");
        }

        if (!string.IsNullOrEmpty(options.ApiKey))
        {
            request.Headers.Add(ApiKeyHeader, options.ApiKey);
        }

        return request;
    }

    private static async Task<JsonElement> ReadResultAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var document = await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken).ConfigureAwait(false);
        return document.RootElement.TryGetProperty("result", out var result)
            ? result.Clone()
            : throw new QdrantException("Qdrant's reply has no \"result\".", response.StatusCode);
    }
}
