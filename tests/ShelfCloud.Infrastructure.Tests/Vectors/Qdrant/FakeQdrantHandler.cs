using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace ShelfCloud.Infrastructure.Tests.Vectors.Qdrant;

/// <summary>A request as the fake Qdrant saw it.</summary>
internal sealed record CapturedRequest(HttpMethod Method, string PathAndQuery, IReadOnlyDictionary<string, string> Headers, JsonNode? Body)
{
    public string Path => PathAndQuery.Split('?')[0];
}

/// <summary>
/// Stands in for Qdrant: records every request and answers from queued replies per "METHOD path"
/// (first in, first out; the last one repeats), or with a spec-shaped default.
/// </summary>
internal sealed class FakeQdrantHandler : HttpMessageHandler
{
    private readonly Dictionary<string, Queue<Func<HttpResponseMessage>>> _replies = [];

    public List<CapturedRequest> Requests { get; } = [];

    public bool CollectionExists { get; set; } = true;

    public FakeQdrantHandler Reply(HttpMethod method, string path, HttpStatusCode status, JsonNode? result = null)
    {
        var key = $"{method} {path}";
        if (!_replies.TryGetValue(key, out var queue))
        {
            _replies[key] = queue = new Queue<Func<HttpResponseMessage>>();
        }

        queue.Enqueue(() => Json(status, result));
        return this;
    }

    public FakeQdrantHandler Fail(HttpMethod method, string path, Func<HttpResponseMessage> failure)
    {
        var key = $"{method} {path}";
        if (!_replies.TryGetValue(key, out var queue))
        {
            _replies[key] = queue = new Queue<Func<HttpResponseMessage>>();
        }

        queue.Enqueue(failure);
        return this;
    }

    public IEnumerable<CapturedRequest> To(HttpMethod method, string path) =>
        Requests.Where(request => request.Method == method && request.Path == path);

    public static HttpResponseMessage Json(HttpStatusCode status, JsonNode? result)
    {
        var envelope = (int)status < 400
            ? new JsonObject { ["result"] = result, ["status"] = "ok", ["time"] = 0.001 }
            : new JsonObject { ["status"] = new JsonObject { ["error"] = $"fake error {(int)status}" }, ["time"] = 0.001 };
        return new HttpResponseMessage(status) { Content = new StringContent(envelope.ToJsonString(), Encoding.UTF8, "application/json") };
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? null : JsonNode.Parse(await request.Content.ReadAsStringAsync(cancellationToken));
        var headers = request.Headers.ToDictionary(header => header.Key, header => string.Join(",", header.Value), StringComparer.OrdinalIgnoreCase);
        var captured = new CapturedRequest(request.Method, request.RequestUri!.PathAndQuery.TrimStart('/'), headers, body);
        Requests.Add(captured);
        if (_replies.TryGetValue($"{request.Method} {captured.Path}", out var queue) && queue.Count > 0)
        {
            var reply = queue.Count > 1 ? queue.Dequeue() : queue.Peek();
            return reply();
        }

        return Json(HttpStatusCode.OK, DefaultResult(request.Method, captured.Path, body));
    }

    private JsonNode DefaultResult(HttpMethod method, string path, JsonNode? body)
    {
        if (path.EndsWith("/exists", StringComparison.Ordinal))
        {
            return new JsonObject { ["exists"] = CollectionExists };
        }

        if (path.EndsWith("/points/query/batch", StringComparison.Ordinal))
        {
            return new JsonArray(body!["searches"]!.AsArray().Select(_ => (JsonNode)new JsonObject { ["points"] = new JsonArray() }).ToArray());
        }

        if (path.EndsWith("/points/query", StringComparison.Ordinal))
        {
            return new JsonObject { ["points"] = new JsonArray() };
        }

        if (path.EndsWith("/points/count", StringComparison.Ordinal))
        {
            return new JsonObject { ["count"] = 0 };
        }

        return method == HttpMethod.Put && !path.Contains("/points", StringComparison.Ordinal) && !path.EndsWith("/index", StringComparison.Ordinal)
            ? JsonValue.Create(true)
            : new JsonObject { ["operation_id"] = 1, ["status"] = "completed" };
    }
}
