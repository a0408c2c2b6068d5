using ShelfCloud.Infrastructure.Vectors;
using ShelfCloud.Vision.Search;

namespace ShelfCloud.Infrastructure.Tests.Vectors;

/// <summary>Behaviour specific to the embedded index: persistence, concurrency, the int8 first pass, half precision.</summary>
public sealed class EmbeddedVectorIndexTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("shelfcloud-vectors-").FullName;
    private readonly TestVectors _vectors = new(seed: 11);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Points_payloads_and_deletes_survive_a_restart(bool compactEveryWrite)
    {
        var options = Persisted(compactEveryWrite ? 1 : long.MaxValue);
        var tenant = Guid.NewGuid();
        var store = Guid.NewGuid();
        var points = Enumerable.Range(0, 50).Select(i => Point(tenant, 32, store: i % 2 == 0 ? store : null, category: i % 3 == 0 ? "tea" : null)).ToList();
        var query = _vectors.Unit(32);
        IReadOnlyList<VectorMatch> before;
        using (var index = new EmbeddedVectorIndex(options))
        {
            await index.UpsertAsync(points.Take(40).ToList(), Token);
            await index.UpsertAsync(points.Skip(40).ToList(), Token);
            await index.DeleteAsync(tenant, points.Take(5).Select(point => point.Id).ToList(), Token);
            await index.DeleteAsync(new VectorFilter(tenant) { Category = "tea", StoreId = store }, Token);
            before = await index.SearchAsync(query, new VectorFilter(tenant), 50, Token);
        }

        using var reopened = new EmbeddedVectorIndex(options);
        var after = await reopened.SearchAsync(query, new VectorFilter(tenant), 50, Token);

        var survivors = points.Skip(5).Where(point => !(point.Payload.Category == "tea" && point.Payload.StoreId == store)).ToList();
        after.Count.ShouldBe(survivors.Count);
        after.ShouldBe(before);
        (await reopened.CountAsync(new VectorFilter(tenant) { StoreId = store }, Token)).ShouldBe(survivors.Count(point => point.Payload.StoreId == store));
        (await reopened.CountAsync(new VectorFilter(tenant) { Category = "tea" }, Token)).ShouldBe(survivors.Count(point => point.Payload.Category == "tea"));
    }

    [Fact]
    public async Task Compaction_replaces_the_log_with_a_snapshot_and_later_writes_go_to_a_new_log()
    {
        var options = Persisted(compactionThreshold: 1);
        var tenant = Guid.NewGuid();
        using (var index = new EmbeddedVectorIndex(options))
        {
            await index.UpsertAsync(Enumerable.Range(0, 20).Select(_ => Point(tenant, 8)).ToList(), Token);
            Files("*.segment").Length.ShouldBe(1);
            Files("*.log").ShouldBeEmpty();

            await index.UpsertAsync([Point(tenant, 8)], Token);
            Files("*.log").Length.ShouldBe(1);
        }

        using var reopened = new EmbeddedVectorIndex(options);
        (await reopened.CountAsync(new VectorFilter(tenant), Token)).ShouldBe(21);
        Files("*.tmp").ShouldBeEmpty();
    }

    [Fact]
    public async Task A_torn_record_at_the_end_of_the_log_is_dropped_and_the_index_keeps_working()
    {
        var options = Persisted(long.MaxValue);
        var tenant = Guid.NewGuid();
        var points = Enumerable.Range(0, 10).Select(_ => Point(tenant, 8)).ToList();
        using (var index = new EmbeddedVectorIndex(options))
        {
            await index.UpsertAsync(points, Token);
        }

        var log = Files("*.log").Single();
        var whole = new FileInfo(log).Length;
        await File.AppendAllBytesAsync(log, [200, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10], Token);

        using (var index = new EmbeddedVectorIndex(options))
        {
            (await index.CountAsync(new VectorFilter(tenant), Token)).ShouldBe(10);
            new FileInfo(log).Length.ShouldBe(whole);
            await index.UpsertAsync([Point(tenant, 8)], Token);
        }

        using var reopened = new EmbeddedVectorIndex(options);
        (await reopened.CountAsync(new VectorFilter(tenant), Token)).ShouldBe(11);
    }

    [Fact]
    public async Task Each_tenant_is_stored_in_its_own_files()
    {
        var options = Persisted(long.MaxValue);
        using var index = new EmbeddedVectorIndex(options);

        await index.UpsertAsync([Point(Guid.NewGuid(), 8), Point(Guid.NewGuid(), 8)], Token);

        Files("*.log").Length.ShouldBe(2);
    }

    [Fact]
    public async Task Searches_running_during_writes_never_fail_and_only_see_stored_points_of_their_tenant()
    {
        using var index = new EmbeddedVectorIndex(new EmbeddedVectorIndexOptions { ExactScanMaxRows = 256 });
        var tenant = Guid.NewGuid();
        var neighbour = Guid.NewGuid();
        await index.UpsertAsync(Enumerable.Range(0, 500).Select(_ => Point(neighbour, 32)).ToList(), Token);
        var written = new System.Collections.Concurrent.ConcurrentDictionary<Guid, bool>();
        var initial = Enumerable.Range(0, 1000).Select(_ => Point(tenant, 32)).ToList();
        initial.ForEach(point => written[point.Id] = true);
        await index.UpsertAsync(initial, Token);
        var queries = _vectors.Units(8, 32);
        using var stop = new CancellationTokenSource();

        var writer = Task.Run(
            async () =>
            {
                var random = new Random(3);
                for (var round = 0; round < 200; round++)
                {
                    var batch = Enumerable.Range(0, 20).Select(_ => Point(tenant, 32)).ToList();
                    batch.ForEach(point => written[point.Id] = true);
                    await index.UpsertAsync(batch, Token);
                    await index.DeleteAsync(tenant, [initial[random.Next(initial.Count)].Id], Token);
                }

                await stop.CancelAsync();
            },
            Token);
        var readers = Enumerable.Range(0, 2).Select(_ => Task.Run(
            async () =>
            {
                var searches = 0;
                while (!stop.IsCancellationRequested || searches == 0)
                {
                    var results = await index.SearchAsync(queries, new VectorFilter(tenant), 10, Token);
                    foreach (var matches in results)
                    {
                        matches.Count.ShouldBe(10);
                        matches.ShouldAllBe(match => written.ContainsKey(match.PointId));
                        matches.Select(match => match.Score).ShouldBeInOrder(SortDirection.Descending);
                    }

                    searches++;
                }

                return searches;
            },
            Token)).ToArray();

        await writer;
        var searchCounts = await Task.WhenAll(readers);

        searchCounts.ShouldAllBe(count => count > 0);
        (await index.CountAsync(new VectorFilter(neighbour), Token)).ShouldBe(500);
    }

    [Fact]
    public async Task The_int8_first_pass_finds_the_exact_top1_and_top10_on_random_data()
    {
        const int dimension = 128;
        using var index = new EmbeddedVectorIndex(new EmbeddedVectorIndexOptions { ExactScanMaxRows = 0 });
        var tenant = Guid.NewGuid();
        var points = Enumerable.Range(0, 12_000).Select(_ => Point(tenant, dimension)).ToList();
        await index.UpsertAsync(points, Token);
        var queries = _vectors.Units(40, dimension);

        var results = await index.SearchAsync(queries, new VectorFilter(tenant), 10, Token);

        var found = 0;
        for (var q = 0; q < queries.Length; q++)
        {
            var exact = TestVectors.ExactTopK(points, queries[q], 10);
            results[q][0].PointId.ShouldBe(exact[0].Id);
            results[q][0].Score.ShouldBe(exact[0].Score, 1e-5f);
            found += results[q].Count(match => exact.Any(hit => hit.Id == match.PointId));
        }

        ((double)found / (queries.Length * 10)).ShouldBeGreaterThanOrEqualTo(0.99);
    }

    [Fact]
    public async Task Float16_storage_keeps_rankings_and_scores_close_to_fp32_in_less_memory()
    {
        const int dimension = 64;
        using var single = new EmbeddedVectorIndex(new EmbeddedVectorIndexOptions());
        using var half = new EmbeddedVectorIndex(new EmbeddedVectorIndexOptions { Float16Storage = true });
        var tenant = Guid.NewGuid();
        var points = Enumerable.Range(0, 2000).Select(_ => Point(tenant, dimension)).ToList();
        await single.UpsertAsync(points, Token);
        await half.UpsertAsync(points, Token);
        var queries = points.Take(20).Select(point => _vectors.Near(point.Vector, 0.3f)).ToArray();

        var exact = await single.SearchAsync(queries, new VectorFilter(tenant), 5, Token);
        var approximate = await half.SearchAsync(queries, new VectorFilter(tenant), 5, Token);

        for (var q = 0; q < queries.Length; q++)
        {
            approximate[q][0].PointId.ShouldBe(exact[q][0].PointId);
            approximate[q].Select(match => match.Score).ShouldBe(exact[q].Select(match => match.Score), 2e-3);
        }

        half.GetStatistics(tenant).BytesPerVector.ShouldBe(single.GetStatistics(tenant).BytesPerVector - (dimension * 2));
    }

    [Fact]
    public async Task A_snapshot_written_in_float16_reopens_in_fp32_and_back()
    {
        var tenant = Guid.NewGuid();
        var points = Enumerable.Range(0, 30).Select(_ => Point(tenant, 16)).ToList();
        var halfOptions = new EmbeddedVectorIndexOptions { Directory = _directory, Float16Storage = true, LogCompactionThresholdBytes = 1 };
        using (var half = new EmbeddedVectorIndex(halfOptions))
        {
            await half.UpsertAsync(points, Token);
        }

        using var single = new EmbeddedVectorIndex(Persisted(long.MaxValue));
        var top = (await single.SearchAsync(points[3].Vector, new VectorFilter(tenant), 1, Token)).Single();

        top.PointId.ShouldBe(points[3].Id);
        top.Score.ShouldBe(1f, 2e-3f);
    }

    [Fact]
    public async Task A_tenants_vectors_keep_the_dimension_of_its_first_vector()
    {
        using var index = new EmbeddedVectorIndex(new EmbeddedVectorIndexOptions());
        var tenant = Guid.NewGuid();
        await index.UpsertAsync([Point(tenant, 8)], Token);

        await Should.ThrowAsync<ArgumentException>(() => index.UpsertAsync([Point(tenant, 9)], Token));
        await index.UpsertAsync([Point(Guid.NewGuid(), 9)], Token);
        (await index.CountAsync(new VectorFilter(tenant), Token)).ShouldBe(1);
    }

    [Fact]
    public async Task Vectors_with_nan_are_refused()
    {
        using var index = new EmbeddedVectorIndex(new EmbeddedVectorIndexOptions());
        var point = Point(Guid.NewGuid(), 8);
        point.Vector[2] = float.NaN;

        await Should.ThrowAsync<ArgumentException>(() => index.UpsertAsync([point], Token));
    }

    private EmbeddedVectorIndexOptions Persisted(long compactionThreshold) =>
        new() { Directory = _directory, LogCompactionThresholdBytes = compactionThreshold };

    private string[] Files(string pattern) => Directory.GetFiles(_directory, pattern);

    private VectorPoint Point(Guid tenant, int dimension, Guid? store = null, string? category = null) =>
        new(Guid.NewGuid(), _vectors.Unit(dimension), new VectorPayload(tenant, Guid.NewGuid(), store, category, VectorSource.Reference));
}
