using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using ShelfCloud.Infrastructure.Catalog;
using ShelfCloud.Infrastructure.Tenancy;
using ShelfCloud.Web.Tests.Support;

namespace ShelfCloud.Web.Tests.Catalog;

public sealed class CatalogApiTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    private const string Csv = "code,gtin,name,brand,category,shape\nW-1,,Web Milk 1 L,Nordkind,Dairy,bottle\nW-2,,Web Cola 33 cl,Polar Fizz,Drinks,can\n";

    private static StringContent CsvBody(string csv) => new(csv, Encoding.UTF8, "text/csv");

    [Fact]
    public async Task Dry_run_previews_and_import_applies_idempotently()
    {
        var admin = await portal.SignedInClientAsync(DemoUsers.TenantAdmin);
        var preview = await admin.PostAsync("/api/v1/skus/import?dryRun=true", CsvBody(Csv));
        preview.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await preview.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("creates").GetInt32().ShouldBe(2);
        (await admin.GetFromJsonAsync<JsonElement>("/api/v1/skus?search=Web")).GetProperty("total").GetInt32().ShouldBe(0);

        (await admin.PostAsync("/api/v1/skus/import", CsvBody(Csv))).StatusCode.ShouldBe(HttpStatusCode.OK);
        var again = await admin.PostAsync("/api/v1/skus/import", CsvBody(Csv));
        (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("unchanged").GetInt32().ShouldBe(2);

        var page = await admin.GetFromJsonAsync<JsonElement>("/api/v1/skus?search=Web&brand=Nordkind");
        page.GetProperty("total").GetInt32().ShouldBe(1);
        page.GetProperty("items")[0].GetProperty("code").GetString().ShouldBe("W-1");
    }

    [Fact]
    public async Task A_file_with_errors_gets_400_with_row_errors_and_writes_nothing()
    {
        var admin = await portal.SignedInClientAsync(DemoUsers.TenantAdmin);
        var response = await admin.PostAsync("/api/v1/skus/import", CsvBody("code,name,shape\nE-1,Fine,box\nE-2,,box\n"));
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var body = await response.Content.ReadAsStringAsync();
        body.ShouldContain("name is required.");
        body.ShouldContain("\"line\":3");
        (await admin.GetFromJsonAsync<JsonElement>("/api/v1/skus?search=E-1")).GetProperty("total").GetInt32().ShouldBe(0);
    }

    [Fact]
    public async Task Another_tenants_sku_is_not_found_and_not_listed()
    {
        await using var platform = portal.Services.CreateAsyncScope();
        var other = await platform.ServiceProvider.GetRequiredService<ShelfCloud.Infrastructure.Onboarding.TenantProvisioning>().CreateAsync("cat-other", "Catalog other");
        Guid otherSku;
        await using (var scope = portal.Services.GetRequiredService<TenantScopeFactory>().CreateScope(other.Id))
        {
            await scope.ServiceProvider.GetRequiredService<CatalogImport>().ApplyAsync("code,name,brand\nSECRET-1,Secret product,Secret brand\n");
            otherSku = (await scope.ServiceProvider.GetRequiredService<SkuCatalog>().SearchAsync(new SkuQuery())).Items.Single().Id;
        }

        var manager = await portal.SignedInClientAsync(DemoUsers.StoreManager);
        (await manager.GetAsync($"/api/v1/skus/{otherSku}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await manager.GetStringAsync("/api/v1/skus?search=Secret")).ShouldContain("\"total\":0");
        (await manager.GetStringAsync($"/catalog/{otherSku}")).ShouldContain("does not exist in your catalog");
    }

    [Fact]
    public async Task Only_tenant_admins_import_and_suppliers_do_not_read_the_catalog()
    {
        var manager = await portal.SignedInClientAsync(DemoUsers.StoreManager);
        (await manager.PostAsync("/api/v1/skus/import", CsvBody(Csv))).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await manager.GetAsync("/api/v1/skus")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var supplier = await portal.SignedInClientAsync(DemoUsers.Supplier);
        (await supplier.GetAsync("/api/v1/skus")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Non_csv_content_is_refused()
    {
        var admin = await portal.SignedInClientAsync(DemoUsers.TenantAdmin);
        var response = await admin.PostAsync("/api/v1/skus/import", new ByteArrayContent([0xFF, 0xD8, 0xFF]) { Headers = { ContentType = new("image/jpeg") } });
        response.StatusCode.ShouldBe(HttpStatusCode.UnsupportedMediaType);
    }

    [Theory]
    [InlineData(12)]
    [InlineData(40)]
    public async Task A_chunked_body_over_10_mb_is_refused_with_413_while_reading_and_imports_nothing(int megabytes)
    {
        var admin = await portal.SignedInClientAsync(DemoUsers.TenantAdmin);
        var rows = new StringBuilder("code,name\n");
        for (var i = 0; rows.Length < megabytes * 1024 * 1024; i++)
            rows.Append("BIG-").Append(i).Append(",Chunked product ").Append(i).Append('\n');
        var content = new StreamContent(new UnseekableStream(Encoding.UTF8.GetBytes(rows.ToString())));
        content.Headers.ContentType = new("text/csv");
        content.Headers.ContentLength.ShouldBeNull("a chunked body has no length to check up front");

        var response = await admin.PostAsync("/api/v1/skus/import", content);

        response.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("reason").GetString().ShouldBe("request_too_large");
        problem.ToString().ShouldNotContain("Exception");
        (await admin.GetFromJsonAsync<JsonElement>("/api/v1/skus?search=BIG-")).GetProperty("total").GetInt32().ShouldBe(0);
    }

    [Fact]
    public async Task A_latin1_file_imports_with_a_warning_in_the_preview()
    {
        var admin = await portal.SignedInClientAsync(DemoUsers.TenantAdmin);
        var latin1 = new ByteArrayContent([.. "code,name\nLAT-1,Caf"u8, 0xE9, .. "\n"u8]) { Headers = { ContentType = new("text/csv") } };

        var preview = await (await admin.PostAsync("/api/v1/skus/import?dryRun=true", latin1)).Content.ReadFromJsonAsync<JsonElement>();

        preview.GetProperty("warnings")[0].GetString()!.ShouldContain("Windows-1252");
        preview.GetProperty("creates").GetInt32().ShouldBe(1);
    }

    /// <summary>A body stream with no length, so HttpClient sends it chunked.</summary>
    private sealed class UnseekableStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
