using System.Net;
using System.Text.Json.Nodes;
using ShelfCloud.Infrastructure.Vectors.Qdrant;
using ShelfCloud.Vision.Search;

namespace ShelfCloud.Infrastructure.Tests.Vectors.Qdrant;

/// <summary>The Qdrant adapter against a fake server: what it sends, how it reads replies, how it retries.</summary>
public sealed class QdrantVectorIndexTests : IDisposable
{
    private const string Collection = "embedder-v3";
    private const string Points = $"collections/{Collection}/points";

    private readonly FakeQdrantHandler _qdrant = new();
    private readonly HttpClient _http;
    private readonly Guid _tenant = Guid.NewGuid();

    public QdrantVectorIndexTests() => _http = new HttpClient(_qdrant);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public void Dispose() => _http.Dispose();

    [Fact]
    public async Task First_use_creates_the_missing_collection_and_its_tenant_index()
    {
        _qdrant.CollectionExists = false;
        var index = Index();

        await index.CountAsync(new VectorFilter(_tenant), Token);

        _qdrant.Requests.Select(request => $"{request.Method} {request.Path}").Take(3).ShouldBe(
            [$"GET collections/{Collection}/exists", $"PUT collections/{Collection}", $"PUT collections/{Collection}/index"]);
        var create = _qdrant.To(HttpMethod.Put, $"collections/{Collection}").Single();
        await QdrantSpecSchemas.ShouldMatchAsync(create.Body!, "CreateCollection");
        create.Body!["vectors"]!["size"]!.GetValue<int>().ShouldBe(4);
        var indexes = _qdrant.To(HttpMethod.Put, $"collections/{Collection}/index").ToList();
        foreach (var request in indexes)
        {
            await QdrantSpecSchemas.ShouldMatchAsync(request.Body!, "CreateFieldIndex");
            request.PathAndQuery.ShouldEndWith("?wait=true");
        }

        indexes[0].Body!["field_name"]!.GetValue<string>().ShouldBe("tenant_id");
        indexes[0].Body!["field_schema"]!["is_tenant"]!.GetValue<bool>().ShouldBeTrue();
    }

    [Fact]
    public async Task An_existing_collection_is_not_created_again_and_set_up_happens_once()
    {
        var index = Index();

        await index.CountAsync(new VectorFilter(_tenant), Token);
        await index.CountAsync(new VectorFilter(_tenant), Token);

        _qdrant.To(HttpMethod.Put, $"collections/{Collection}").ShouldBeEmpty();
        _qdrant.To(HttpMethod.Get, $"collections/{Collection}/exists").Count().ShouldBe(1);
        _qdrant.To(HttpMethod.Post, $"{Points}/count").Count().ShouldBe(2);
    }

    [Fact]
    public async Task A_collection_created_concurrently_elsewhere_is_fine()
    {
        _qdrant.CollectionExists = false;
        _qdrant.Reply(HttpMethod.Put, $"collections/{Collection}", HttpStatusCode.Conflict);

        await Index().CountAsync(new VectorFilter(_tenant), Token);

        _qdrant.To(HttpMethod.Post, $"{Points}/count").Count().ShouldBe(1);
    }

    [Fact]
    public async Task The_api_key_header_is_sent_on_every_request_when_configured()
    {
        await Index(apiKey: "s3cret").CountAsync(new VectorFilter(_tenant), Token);

        _qdrant.Requests.ShouldAllBe(request => request.Headers.ContainsKey("api-key") && request.Headers["api-key"] == "s3cret");
    }

    [Fact]
    public async Task No_api_key_header_is_sent_without_a_key()
    {
        await Index().CountAsync(new VectorFilter(_tenant), Token);

        _qdrant.Requests.ShouldAllBe(request => !request.Headers.ContainsKey("api-key"));
    }

    [Fact]
    public async Task Upserts_wait_for_the_write_and_are_split_into_batches()
    {
        var points = Enumerable.Range(0, 5).Select(i => Point(i)).ToList();

        await Index(upsertBatchSize: 2).UpsertAsync(points, Token);

        var upserts = _qdrant.To(HttpMethod.Put, Points).ToList();
        upserts.Count.ShouldBe(3);
        foreach (var upsert in upserts)
        {
            upsert.PathAndQuery.ShouldBe($"{Points}?wait=true");
            await QdrantSpecSchemas.ShouldMatchAsync(upsert.Body!, "PointInsertOperations");
        }

        upserts.SelectMany(upsert => upsert.Body!["points"]!.AsArray()).Select(point => point!["id"]!.GetValue<string>())
            .ShouldBe(points.Select(point => point.Id.ToString()));
    }

    [Fact]
    public async Task A_single_search_uses_the_query_endpoint_and_reads_scored_points()
    {
        var (pointId, skuId) = (Guid.NewGuid(), Guid.NewGuid());
        var reply = ScoredPoints((pointId, skuId, 0.93f), (Guid.NewGuid(), Guid.NewGuid(), 0.5f));
        await QdrantSpecSchemas.ShouldMatchAsync(reply, "QueryResponse");
        _qdrant.Reply(HttpMethod.Post, $"{Points}/query", HttpStatusCode.OK, reply);

        var matches = await Index().SearchAsync([1f, 0f, 0f, 0f], new VectorFilter(_tenant) { Category = "tea" }, 2, Token);

        matches.Count.ShouldBe(2);
        matches[0].ShouldBe(new VectorMatch(pointId, skuId, 0.93f));
        var query = _qdrant.To(HttpMethod.Post, $"{Points}/query").Single();
        await QdrantSpecSchemas.ShouldMatchAsync(query.Body!, "QueryRequest");
        query.Body!["filter"]!["must"]![0]!["match"]!["value"]!.GetValue<string>().ShouldBe(_tenant.ToString());
    }

    [Fact]
    public async Task A_batched_search_uses_the_batch_endpoint_and_keeps_the_query_order()
    {
        var first = ScoredPoints((Guid.NewGuid(), Guid.NewGuid(), 0.9f));
        var second = ScoredPoints((Guid.NewGuid(), Guid.NewGuid(), 0.8f), (Guid.NewGuid(), Guid.NewGuid(), 0.7f));
        _qdrant.Reply(HttpMethod.Post, $"{Points}/query/batch", HttpStatusCode.OK, new JsonArray(first, second));

        var results = await Index().SearchAsync([[1f, 0f, 0f, 0f], [0f, 1f, 0f, 0f]], new VectorFilter(_tenant), 2, Token);

        results.Select(matches => matches.Count).ShouldBe([1, 2]);
        results[1][1].Score.ShouldBe(0.7f);
        var batch = _qdrant.To(HttpMethod.Post, $"{Points}/query/batch").Single();
        await QdrantSpecSchemas.ShouldMatchAsync(batch.Body!, "QueryRequestBatch");
        batch.Body!["searches"]!.AsArray().Count.ShouldBe(2);
    }

    [Fact]
    public async Task Best_similarity_by_sku_reads_one_search_per_sku_and_leaves_out_skus_without_points()
    {
        var (present, absent) = (Guid.NewGuid(), Guid.NewGuid());
        _qdrant.Reply(
            HttpMethod.Post,
            $"{Points}/query/batch",
            HttpStatusCode.OK,
            new JsonArray(ScoredPoints((Guid.NewGuid(), present, 0.42f)), ScoredPoints()));

        var best = await Index().BestSimilarityBySkuAsync([1f, 0f, 0f, 0f], new VectorFilter(_tenant), [present, absent], Token);

        best.ShouldBe(new Dictionary<Guid, float> { [present] = 0.42f });
        await QdrantSpecSchemas.ShouldMatchAsync(_qdrant.To(HttpMethod.Post, $"{Points}/query/batch").Single().Body!, "QueryRequestBatch");
    }

    [Fact]
    public async Task Deletes_wait_and_are_always_filtered_by_tenant()
    {
        var index = Index();
        var ids = new[] { Guid.NewGuid() };

        await index.DeleteAsync(_tenant, ids, Token);
        await index.DeleteAsync(new VectorFilter(_tenant) { SkuId = Guid.NewGuid() }, Token);

        var deletes = _qdrant.To(HttpMethod.Post, $"{Points}/delete").ToList();
        deletes.Count.ShouldBe(2);
        foreach (var delete in deletes)
        {
            delete.PathAndQuery.ShouldEndWith("?wait=true");
            await QdrantSpecSchemas.ShouldMatchAsync(delete.Body!, "PointsSelector");
            delete.Body!["filter"]!["must"]![0]!["match"]!["value"]!.GetValue<string>().ShouldBe(_tenant.ToString());
        }
    }

    [Fact]
    public async Task Count_reads_the_count_result()
    {
        var result = new JsonObject { ["count"] = 17 };
        await QdrantSpecSchemas.ShouldMatchAsync(result, "CountResult");
        _qdrant.Reply(HttpMethod.Post, $"{Points}/count", HttpStatusCode.OK, result);

        (await Index().CountAsync(new VectorFilter(_tenant), Token)).ShouldBe(17);
        await QdrantSpecSchemas.ShouldMatchAsync(_qdrant.To(HttpMethod.Post, $"{Points}/count").Single().Body!, "CountRequest");
    }

    [Theory]
    [InlineData(HttpStatusCode.ServiceUnavailable)]
    [InlineData(HttpStatusCode.TooManyRequests)]
    [InlineData(HttpStatusCode.InternalServerError)]
    public async Task Transient_statuses_are_retried_until_success(HttpStatusCode status)
    {
        _qdrant.Reply(HttpMethod.Post, $"{Points}/count", status)
            .Reply(HttpMethod.Post, $"{Points}/count", status)
            .Reply(HttpMethod.Post, $"{Points}/count", HttpStatusCode.OK, new JsonObject { ["count"] = 3 });

        (await Index().CountAsync(new VectorFilter(_tenant), Token)).ShouldBe(3);
        _qdrant.To(HttpMethod.Post, $"{Points}/count").Count().ShouldBe(3);
    }

    [Fact]
    public async Task Connection_failures_are_retried()
    {
        _qdrant.Fail(HttpMethod.Post, $"{Points}/count", () => throw new HttpRequestException("connection refused"))
            .Reply(HttpMethod.Post, $"{Points}/count", HttpStatusCode.OK, new JsonObject { ["count"] = 1 });

        (await Index().CountAsync(new VectorFilter(_tenant), Token)).ShouldBe(1);
    }

    [Fact]
    public async Task Retries_stop_after_the_configured_attempts()
    {
        _qdrant.Reply(HttpMethod.Post, $"{Points}/count", HttpStatusCode.BadGateway);

        var failure = await Should.ThrowAsync<QdrantException>(() => Index(maxAttempts: 3).CountAsync(new VectorFilter(_tenant), Token));

        failure.StatusCode.ShouldBe(HttpStatusCode.BadGateway);
        _qdrant.To(HttpMethod.Post, $"{Points}/count").Count().ShouldBe(3);
    }

    [Fact]
    public async Task A_bad_request_is_not_retried()
    {
        _qdrant.Reply(HttpMethod.Post, $"{Points}/count", HttpStatusCode.BadRequest);

        var failure = await Should.ThrowAsync<QdrantException>(() => Index().CountAsync(new VectorFilter(_tenant), Token));

        failure.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        _qdrant.To(HttpMethod.Post, $"{Points}/count").Count().ShouldBe(1);
    }

    [Fact]
    public async Task Tenantless_or_misshapen_calls_are_refused_before_anything_is_sent()
    {
        var index = Index();

        await Should.ThrowAsync<ArgumentException>(() => index.DeleteAsync(Guid.Empty, [Guid.NewGuid()], Token));
        await Should.ThrowAsync<ArgumentException>(() => index.SearchAsync([1f, 0f], new VectorFilter(_tenant), 3, Token));
        await Should.ThrowAsync<ArgumentException>(() => index.UpsertAsync([Point(0) with { Vector = [1f] }], Token));

        _qdrant.Requests.ShouldBeEmpty();
    }

    [Fact]
    public void The_backoff_grows_exponentially_within_bounds_and_honours_retry_after()
    {
        var policy = new QdrantRetryPolicy(5, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1));

        policy.DelayBeforeRetry(1, null).TotalMilliseconds.ShouldBeInRange(50, 100);
        policy.DelayBeforeRetry(3, null).TotalMilliseconds.ShouldBeInRange(200, 400);
        policy.DelayBeforeRetry(10, null).TotalMilliseconds.ShouldBeInRange(500, 1000);
        policy.DelayBeforeRetry(1, TimeSpan.FromMilliseconds(700)).TotalMilliseconds.ShouldBe(700);
        policy.DelayBeforeRetry(1, TimeSpan.FromMinutes(1)).TotalMilliseconds.ShouldBe(1000);
    }

    private QdrantVectorIndex Index(string? apiKey = null, int upsertBatchSize = 256, int maxAttempts = 5) => new(
        _http,
        new QdrantOptions
        {
            Url = new Uri("http://qdrant.test:6333"),
            ApiKey = apiKey,
            Collection = Collection,
            Dimension = 4,
            InitialBackoff = TimeSpan.FromMilliseconds(1),
            MaxBackoff = TimeSpan.FromMilliseconds(5),
            MaxAttempts = maxAttempts,
            UpsertBatchSize = upsertBatchSize,
        });

    private VectorPoint Point(int i) =>
        new(Guid.NewGuid(), [1f, i, 0f, 0f], new VectorPayload(_tenant, Guid.NewGuid(), null, "tea", VectorSource.Reference));

    private static JsonObject ScoredPoints(params (Guid Id, Guid Sku, float Score)[] hits) => new()
    {
        ["points"] = new JsonArray(hits.Select(hit => (JsonNode)new JsonObject
        {
            ["id"] = hit.Id.ToString(),
            ["version"] = 1,
            ["score"] = hit.Score,
            ["payload"] = new JsonObject { ["sku_id"] = hit.Sku.ToString() },
        }).ToArray()),
    };
}
