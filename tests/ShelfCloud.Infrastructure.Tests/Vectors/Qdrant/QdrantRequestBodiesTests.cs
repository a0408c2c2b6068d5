using System.Text.Json.Nodes;
using ShelfCloud.Infrastructure.Vectors.Qdrant;
using ShelfCloud.Vision.Search;

namespace ShelfCloud.Infrastructure.Tests.Vectors.Qdrant;

/// <summary>Every body the Qdrant adapter builds validates against the schema the spec gives its endpoint.</summary>
public sealed class QdrantRequestBodiesTests
{
    private static readonly Guid Tenant = Guid.NewGuid();

    private static readonly VectorFilter FullFilter = new(Tenant)
    {
        StoreId = Guid.NewGuid(),
        Category = "dairy",
        SkuId = Guid.NewGuid(),
        Source = VectorSource.Annotation,
    };

    [Fact]
    public async Task Create_collection_asks_for_cosine_vectors_of_the_models_dimension()
    {
        var body = QdrantCollectionRequests.CreateCollection(512);

        await QdrantSpecSchemas.ShouldMatchAsync(body, "CreateCollection");
        body["vectors"]!["size"]!.GetValue<int>().ShouldBe(512);
        body["vectors"]!["distance"]!.GetValue<string>().ShouldBe("Cosine");
    }

    [Fact]
    public async Task The_tenant_field_index_is_a_keyword_index_marked_is_tenant()
    {
        var body = QdrantCollectionRequests.CreateTenantIndex();

        await QdrantSpecSchemas.ShouldMatchAsync(body, "CreateFieldIndex");
        await QdrantSpecSchemas.ShouldMatchAsync(body["field_schema"]!, "KeywordIndexParams");
        body["field_name"]!.GetValue<string>().ShouldBe("tenant_id");
        body["field_schema"]!["is_tenant"]!.GetValue<bool>().ShouldBeTrue();
    }

    [Fact]
    public async Task Other_filtered_fields_get_plain_keyword_indexes()
    {
        foreach (var field in new[] { "sku_id", "store_id", "category", "source" })
        {
            await QdrantSpecSchemas.ShouldMatchAsync(QdrantCollectionRequests.CreateKeywordIndex(field), "CreateFieldIndex");
        }
    }

    [Fact]
    public async Task Upsert_sends_uuid_ids_vectors_and_the_full_payload()
    {
        var store = Guid.NewGuid();
        var points = new[]
        {
            new VectorPoint(Guid.NewGuid(), [0.6f, 0.8f], new VectorPayload(Tenant, Guid.NewGuid(), store, "dairy", VectorSource.Annotation)),
            new VectorPoint(Guid.NewGuid(), [1f, 0f], new VectorPayload(Tenant, Guid.NewGuid(), null, null, VectorSource.Reference)),
        };

        var body = QdrantPointRequests.Upsert(points);

        await QdrantSpecSchemas.ShouldMatchAsync(body, "PointInsertOperations");
        await QdrantSpecSchemas.ShouldMatchAsync(body, "PointsList");
        var first = body["points"]![0]!;
        first["id"]!.GetValue<string>().ShouldBe(points[0].Id.ToString());
        first["payload"]!["tenant_id"]!.GetValue<string>().ShouldBe(Tenant.ToString());
        first["payload"]!["store_id"]!.GetValue<string>().ShouldBe(store.ToString());
        first["payload"]!["source"]!.GetValue<string>().ShouldBe("annotation");
        body["points"]![1]!["payload"]!.AsObject().ContainsKey("store_id").ShouldBeFalse();
    }

    [Fact]
    public async Task Query_filters_on_the_tenant_first_and_on_every_set_field()
    {
        var body = QdrantQueryRequests.Query([0.6f, 0.8f], QdrantFilterBuilder.Build(FullFilter), 7);

        await QdrantSpecSchemas.ShouldMatchAsync(body, "QueryRequest");
        var must = body["filter"]!["must"]!.AsArray();
        must[0]!["key"]!.GetValue<string>().ShouldBe("tenant_id");
        must[0]!["match"]!["value"]!.GetValue<string>().ShouldBe(Tenant.ToString());
        must.Select(condition => condition!["key"]!.GetValue<string>()).ShouldBe(["tenant_id", "store_id", "category", "sku_id", "source"]);
        body["limit"]!.GetValue<int>().ShouldBe(7);
    }

    [Fact]
    public async Task Query_with_only_a_tenant_has_a_single_condition()
    {
        var body = QdrantQueryRequests.Query([1f], QdrantFilterBuilder.Build(new VectorFilter(Tenant)), 1);

        await QdrantSpecSchemas.ShouldMatchAsync(body, "QueryRequest");
        body["filter"]!["must"]!.AsArray().Count.ShouldBe(1);
    }

    [Fact]
    public async Task Batch_query_has_one_search_per_query_vector()
    {
        var body = QdrantQueryRequests.QueryBatch([[1f, 0f], [0f, 1f], [0.6f, 0.8f]], FullFilter, 3);

        await QdrantSpecSchemas.ShouldMatchAsync(body, "QueryRequestBatch");
        body["searches"]!.AsArray().Count.ShouldBe(3);
    }

    [Fact]
    public async Task Best_per_sku_asks_for_the_nearest_point_of_each_sku()
    {
        var skus = new[] { Guid.NewGuid(), Guid.NewGuid() };

        var body = QdrantQueryRequests.BestPerSku([1f, 0f], new VectorFilter(Tenant) { StoreId = Guid.NewGuid() }, skus);

        await QdrantSpecSchemas.ShouldMatchAsync(body, "QueryRequestBatch");
        var searches = body["searches"]!.AsArray();
        searches.Count.ShouldBe(2);
        searches[1]!["limit"]!.GetValue<int>().ShouldBe(1);
        searches[1]!["filter"]!["must"]!.AsArray().ShouldContain(condition => condition!["key"]!.GetValue<string>() == "sku_id"
            && condition["match"]!["value"]!.GetValue<string>() == skus[1].ToString());
    }

    [Fact]
    public async Task Delete_by_filter_is_a_filter_selector()
    {
        var body = QdrantPointRequests.DeleteByFilter(FullFilter);

        await QdrantSpecSchemas.ShouldMatchAsync(body, "PointsSelector");
        await QdrantSpecSchemas.ShouldMatchAsync(body, "FilterSelector");
    }

    [Fact]
    public async Task Delete_by_ids_is_scoped_to_the_tenant_with_a_has_id_condition()
    {
        var ids = new[] { Guid.NewGuid(), Guid.NewGuid() };

        var body = QdrantPointRequests.DeleteByIds(Tenant, ids);

        await QdrantSpecSchemas.ShouldMatchAsync(body, "PointsSelector");
        var must = body["filter"]!["must"]!.AsArray();
        must[0]!["key"]!.GetValue<string>().ShouldBe("tenant_id");
        must[1]!["has_id"]!.AsArray().Select(id => id!.GetValue<string>()).ShouldBe(ids.Select(id => id.ToString()));
        await QdrantSpecSchemas.ShouldMatchAsync(must[1]!, "HasIdCondition");
    }

    [Fact]
    public async Task Count_is_exact_and_filtered()
    {
        var body = QdrantPointRequests.Count(FullFilter);

        await QdrantSpecSchemas.ShouldMatchAsync(body, "CountRequest");
        body["exact"]!.GetValue<bool>().ShouldBeTrue();
    }

    [Theory]
    [InlineData("QueryRequest", """{"query":[1.0],"limit":"ten"}""")]
    [InlineData("QueryRequest", """{"query":[1.0],"limt":3}""")]
    [InlineData("CreateFieldIndex", """{"field_schema":{"type":"keyword"}}""")]
    [InlineData("CountRequest", """{"filter":{"must":[{"key":"tenant_id","match":{"value":"a"}}],"mustnt":[]}}""")]
    [InlineData("PointInsertOperations", """{"points":[{"id":"not-a-uuid","vector":[1.0]}]}""")]
    [InlineData("CreateCollection", """{"vectors":{"size":4,"distance":"Cosinus"}}""")]
    public async Task The_schema_check_rejects_bodies_that_break_the_spec(string schema, string json)
    {
        var errors = await QdrantSpecSchemas.ErrorsAsync(schema, JsonNode.Parse(json)!);

        errors.ShouldNotBeEmpty();
    }
}
