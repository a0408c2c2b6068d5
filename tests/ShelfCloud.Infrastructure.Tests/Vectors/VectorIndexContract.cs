using ShelfCloud.Vision.Search;

namespace ShelfCloud.Infrastructure.Tests.Vectors;

/// <summary>
/// What every <see cref="IVectorIndex"/> must do. Each implementation derives a test class that says
/// how to create an index; every test uses fresh tenants, so implementations may share storage.
/// </summary>
public abstract class VectorIndexContract
{
    public const int Dimension = 16;

    private readonly TestVectors _vectors = new(seed: 7);

    /// <summary>How far a returned score may be from the exact cosine (half-precision storage needs more).</summary>
    protected virtual float ScoreTolerance => 1e-4f;

    /// <summary>An index for vectors of <see cref="Dimension"/>; may call <c>Assert.Skip</c> when the backend is unavailable.</summary>
    protected abstract Task<IVectorIndex> CreateIndexAsync();

    [Fact]
    public async Task Search_returns_the_nearest_points_best_first_with_their_cosine()
    {
        var index = await CreateIndexAsync();
        var tenant = Guid.NewGuid();
        var points = Enumerable.Range(0, 40).Select(_ => Point(tenant, _vectors.Unit(Dimension))).ToList();
        await index.UpsertAsync(points, Token);
        var query = _vectors.Unit(Dimension);

        var matches = await index.SearchAsync(query, new VectorFilter(tenant), 5, Token);

        var expected = TestVectors.ExactTopK(points, query, 5);
        matches.Select(match => match.PointId).ShouldBe(expected.Select(hit => hit.Id));
        for (var i = 0; i < expected.Count; i++)
        {
            matches[i].Score.ShouldBe(expected[i].Score, ScoreTolerance);
            matches[i].SkuId.ShouldBe(points.Single(point => point.Id == expected[i].Id).Payload.SkuId);
        }
    }

    [Fact]
    public async Task A_tenants_query_never_returns_another_tenants_points_even_with_identical_vectors()
    {
        var index = await CreateIndexAsync();
        var (tenantA, tenantB) = (Guid.NewGuid(), Guid.NewGuid());
        var shared = Enumerable.Range(0, 10).Select(_ => _vectors.Unit(Dimension)).ToList();
        var pointsA = shared.Select(vector => Point(tenantA, vector)).ToList();
        var pointsB = shared.Select(vector => Point(tenantB, (float[])vector.Clone())).ToList();
        await index.UpsertAsync([.. pointsA, .. pointsB], Token);

        var results = await index.SearchAsync(shared.ToArray(), new VectorFilter(tenantA), 20, Token);

        var idsOfA = pointsA.Select(point => point.Id).ToHashSet();
        foreach (var matches in results)
        {
            matches.Count.ShouldBe(10);
            matches.ShouldAllBe(match => idsOfA.Contains(match.PointId));
        }

        (await index.CountAsync(new VectorFilter(tenantB), Token)).ShouldBe(10);
    }

    [Fact]
    public async Task A_filter_or_payload_without_a_tenant_is_refused()
    {
        var index = await CreateIndexAsync();

        Should.Throw<ArgumentException>(() => new VectorFilter(Guid.Empty));
        Should.Throw<ArgumentException>(() => new VectorFilter(Guid.NewGuid()) with { TenantId = Guid.Empty });
        Should.Throw<ArgumentException>(() => new VectorPayload(Guid.Empty, Guid.NewGuid(), null, null, VectorSource.Reference));
        await Should.ThrowAsync<ArgumentException>(() => index.DeleteAsync(Guid.Empty, [Guid.NewGuid()], Token));
    }

    [Fact]
    public async Task Search_filtered_by_store_returns_only_that_stores_points()
    {
        var (index, tenant, query, _) = await SeedFilterCaseAsync();
        var store = _storeA;

        var matches = await index.SearchAsync(query, new VectorFilter(tenant) { StoreId = store }, 50, Token);

        matches.Select(match => match.PointId).ShouldBe(ExpectedIds(query, point => point.Payload.StoreId == store), ignoreOrder: false);
    }

    [Fact]
    public async Task Search_filtered_by_category_returns_only_that_categorys_points()
    {
        var (index, tenant, query, _) = await SeedFilterCaseAsync();

        var matches = await index.SearchAsync(query, new VectorFilter(tenant) { Category = "dairy" }, 50, Token);

        matches.Select(match => match.PointId).ShouldBe(ExpectedIds(query, point => point.Payload.Category == "dairy"));
        (await index.SearchAsync(query, new VectorFilter(tenant) { Category = "frozen" }, 50, Token)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Search_filtered_by_sku_returns_only_that_skus_points()
    {
        var (index, tenant, query, sku) = await SeedFilterCaseAsync();

        var matches = await index.SearchAsync(query, new VectorFilter(tenant) { SkuId = sku }, 50, Token);

        matches.ShouldNotBeEmpty();
        matches.ShouldAllBe(match => match.SkuId == sku);
        matches.Select(match => match.PointId).ShouldBe(ExpectedIds(query, point => point.Payload.SkuId == sku));
    }

    [Fact]
    public async Task Search_filtered_by_source_and_store_returns_points_matching_both()
    {
        var (index, tenant, query, _) = await SeedFilterCaseAsync();
        var filter = new VectorFilter(tenant) { Source = VectorSource.Annotation, StoreId = _storeA };

        var matches = await index.SearchAsync(query, filter, 50, Token);

        var expected = ExpectedIds(query, point => point.Payload.Source == VectorSource.Annotation && point.Payload.StoreId == _storeA);
        expected.ShouldNotBeEmpty();
        matches.Select(match => match.PointId).ShouldBe(expected);
    }

    [Fact]
    public async Task Delete_by_ids_removes_those_points_and_nothing_else()
    {
        var index = await CreateIndexAsync();
        var tenant = Guid.NewGuid();
        var points = Enumerable.Range(0, 12).Select(_ => Point(tenant, _vectors.Unit(Dimension))).ToList();
        await index.UpsertAsync(points, Token);
        var doomed = points.Take(4).Select(point => point.Id).ToList();

        await index.DeleteAsync(tenant, doomed, Token);

        (await index.CountAsync(new VectorFilter(tenant), Token)).ShouldBe(8);
        var everything = await index.SearchAsync(points[0].Vector, new VectorFilter(tenant), 20, Token);
        everything.Select(match => match.PointId).ShouldBe(points.Skip(4).Select(point => point.Id), ignoreOrder: true);
    }

    [Fact]
    public async Task Delete_by_ids_through_another_tenant_leaves_the_points()
    {
        var index = await CreateIndexAsync();
        var (owner, other) = (Guid.NewGuid(), Guid.NewGuid());
        var points = Enumerable.Range(0, 3).Select(_ => Point(owner, _vectors.Unit(Dimension))).ToList();
        await index.UpsertAsync([.. points, Point(other, _vectors.Unit(Dimension))], Token);

        await index.DeleteAsync(other, points.Select(point => point.Id).ToList(), Token);

        (await index.CountAsync(new VectorFilter(owner), Token)).ShouldBe(3);
    }

    [Fact]
    public async Task Delete_by_filter_removes_only_matching_points_of_that_tenant()
    {
        var (index, tenant, query, _) = await SeedFilterCaseAsync();
        var bystander = Guid.NewGuid();
        await index.UpsertAsync([Point(bystander, _vectors.Unit(Dimension), store: _storeA)], Token);

        await index.DeleteAsync(new VectorFilter(tenant) { StoreId = _storeA }, Token);

        (await index.CountAsync(new VectorFilter(tenant) { StoreId = _storeA }, Token)).ShouldBe(0);
        (await index.CountAsync(new VectorFilter(tenant), Token)).ShouldBe(_seeded.Count(point => point.Payload.StoreId != _storeA));
        (await index.CountAsync(new VectorFilter(bystander), Token)).ShouldBe(1);
        var remaining = await index.SearchAsync(query, new VectorFilter(tenant), 50, Token);
        remaining.Select(match => match.PointId).ShouldBe(ExpectedIds(query, point => point.Payload.StoreId != _storeA));
    }

    [Fact]
    public async Task Count_counts_the_points_matching_each_filter()
    {
        var (index, tenant, _, sku) = await SeedFilterCaseAsync();

        (await index.CountAsync(new VectorFilter(tenant), Token)).ShouldBe(_seeded.Count);
        (await index.CountAsync(new VectorFilter(tenant) { StoreId = _storeA }, Token)).ShouldBe(_seeded.Count(point => point.Payload.StoreId == _storeA));
        (await index.CountAsync(new VectorFilter(tenant) { SkuId = sku }, Token)).ShouldBe(_seeded.Count(point => point.Payload.SkuId == sku));
        (await index.CountAsync(new VectorFilter(tenant) { Source = VectorSource.Reference }, Token))
            .ShouldBe(_seeded.Count(point => point.Payload.Source == VectorSource.Reference));
        (await index.CountAsync(new VectorFilter(Guid.NewGuid()), Token)).ShouldBe(0);
    }

    [Fact]
    public async Task Upserting_an_existing_id_replaces_its_vector_and_payload()
    {
        var index = await CreateIndexAsync();
        var tenant = Guid.NewGuid();
        var original = Point(tenant, _vectors.Unit(Dimension), category: "old");
        await index.UpsertAsync([original, Point(tenant, _vectors.Unit(Dimension))], Token);
        var moved = _vectors.Unit(Dimension);
        var newSku = Guid.NewGuid();

        await index.UpsertAsync([original with { Vector = moved, Payload = original.Payload with { SkuId = newSku, Category = "new" } }], Token);

        (await index.CountAsync(new VectorFilter(tenant), Token)).ShouldBe(2);
        var top = (await index.SearchAsync(moved, new VectorFilter(tenant), 1, Token)).Single();
        top.PointId.ShouldBe(original.Id);
        top.SkuId.ShouldBe(newSku);
        top.Score.ShouldBe(1f, ScoreTolerance * 10);
        (await index.CountAsync(new VectorFilter(tenant) { Category = "old" }, Token)).ShouldBe(0);
        (await index.CountAsync(new VectorFilter(tenant) { Category = "new" }, Token)).ShouldBe(1);
    }

    [Fact]
    public async Task Batched_search_returns_what_each_single_query_returns()
    {
        var index = await CreateIndexAsync();
        var tenant = Guid.NewGuid();
        await index.UpsertAsync(Enumerable.Range(0, 60).Select(_ => Point(tenant, _vectors.Unit(Dimension))).ToList(), Token);
        var queries = Enumerable.Range(0, 7).Select(_ => _vectors.Unit(Dimension)).ToArray();

        var batched = await index.SearchAsync(queries, new VectorFilter(tenant), 6, Token);

        batched.Count.ShouldBe(queries.Length);
        for (var q = 0; q < queries.Length; q++)
        {
            var single = await index.SearchAsync(queries[q], new VectorFilter(tenant), 6, Token);
            batched[q].Select(match => match.PointId).ShouldBe(single.Select(match => match.PointId));
            batched[q].Select(match => match.Score).ShouldBe(single.Select(match => match.Score), ScoreTolerance);
        }
    }

    [Fact]
    public async Task Best_similarity_by_sku_scores_a_sku_that_is_outside_the_top_k()
    {
        var index = await CreateIndexAsync();
        var tenant = Guid.NewGuid();
        var query = _vectors.Unit(Dimension);
        var nearSku = Guid.NewGuid();
        var farSku = Guid.NewGuid();
        var near = Enumerable.Range(0, 5).Select(_ => Point(tenant, _vectors.Near(query, 0.2f), sku: nearSku)).ToList();
        var far = Enumerable.Range(0, 3).Select(_ => Point(tenant, _vectors.Near(Negated(query), 1f), sku: farSku)).ToList();
        await index.UpsertAsync([.. near, .. far], Token);

        var topTwo = await index.SearchAsync(query, new VectorFilter(tenant), 2, Token);
        var best = await index.BestSimilarityBySkuAsync(query, new VectorFilter(tenant), [farSku, nearSku, Guid.NewGuid()], Token);

        topTwo.ShouldAllBe(match => match.SkuId == nearSku);
        best.Keys.ShouldBe([farSku, nearSku], ignoreOrder: true);
        best[farSku].ShouldBe(far.Max(point => TestVectors.Cosine(point.Vector, query)), ScoreTolerance);
        best[nearSku].ShouldBe(topTwo[0].Score, ScoreTolerance);
    }

    [Fact]
    public async Task Search_of_a_tenant_without_points_returns_one_empty_list_per_query()
    {
        var index = await CreateIndexAsync();

        var results = await index.SearchAsync([_vectors.Unit(Dimension), _vectors.Unit(Dimension)], new VectorFilter(Guid.NewGuid()), 5, Token);

        results.Count.ShouldBe(2);
        results.ShouldAllBe(matches => matches.Count == 0);
    }

    [Fact]
    public async Task A_query_of_the_wrong_dimension_is_refused()
    {
        var index = await CreateIndexAsync();
        var tenant = Guid.NewGuid();
        await index.UpsertAsync([Point(tenant, _vectors.Unit(Dimension))], Token);

        await Should.ThrowAsync<ArgumentException>(() => index.SearchAsync(_vectors.Unit(Dimension + 1), new VectorFilter(tenant), 1, Token));
    }

    protected static CancellationToken Token => TestContext.Current.CancellationToken;

    protected static VectorPoint Point(
        Guid tenant, float[] vector, Guid? sku = null, Guid? store = null, string? category = null, VectorSource source = VectorSource.Reference) =>
        new(Guid.NewGuid(), vector, new VectorPayload(tenant, sku ?? Guid.NewGuid(), store, category, source));

    private readonly Guid _storeA = Guid.NewGuid();
    private readonly Guid _storeB = Guid.NewGuid();
    private List<VectorPoint> _seeded = [];

    /// <summary>30 points over two stores, two categories, three SKUs and both sources, near one query.</summary>
    private async Task<(IVectorIndex Index, Guid Tenant, float[] Query, Guid Sku)> SeedFilterCaseAsync()
    {
        var index = await CreateIndexAsync();
        var tenant = Guid.NewGuid();
        var skus = new[] { Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid() };
        var query = _vectors.Unit(Dimension);
        _seeded = Enumerable.Range(0, 30).Select(i => Point(
            tenant,
            _vectors.Near(query, 0.5f + (i * 0.05f)),
            sku: skus[i % 3],
            store: (i % 5) switch { 0 or 1 => _storeA, 2 or 3 => _storeB, _ => null },
            category: i % 2 == 0 ? "dairy" : "bakery",
            source: i % 4 == 0 ? VectorSource.Annotation : VectorSource.Reference)).ToList();
        await index.UpsertAsync(_seeded, Token);
        return (index, tenant, query, skus[1]);
    }

    private List<Guid> ExpectedIds(float[] query, Func<VectorPoint, bool> predicate) =>
        TestVectors.ExactTopK(_seeded.Where(predicate), query, 50).Select(hit => hit.Id).ToList();

    private static float[] Negated(float[] vector) => vector.Select(value => -value).ToArray();
}
