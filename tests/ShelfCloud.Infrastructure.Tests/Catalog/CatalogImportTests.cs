using Microsoft.Extensions.DependencyInjection;
using ShelfCloud.Domain.Catalog;
using ShelfCloud.Infrastructure.Catalog;
using ShelfCloud.Infrastructure.Onboarding;

namespace ShelfCloud.Infrastructure.Tests.Catalog;

public sealed class CatalogImportTests : IAsyncLifetime
{
    private TestDatabase _database = null!;
    private Guid _tenantA;
    private Guid _tenantB;

    public async ValueTask InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        await using var platform = _database.WithoutTenant();
        var tenants = platform.ServiceProvider.GetRequiredService<TenantProvisioning>();
        _tenantA = (await tenants.CreateAsync("cat-a", "Catalog A")).Id;
        _tenantB = (await tenants.CreateAsync("cat-b", "Catalog B")).Id;
    }

    public ValueTask DisposeAsync() => _database.DisposeAsync();

    private const string Csv = """
        code,gtin,name,brand,manufacturer,category,size,flavor,shape
        M-1,4006381333931,Nordkind Whole 1 L,Nordkind,Nordkind Dairies,Dairy,1 L,Whole,bottle
        M-2,,Nordkind Oat 1 L,Nordkind,Nordkind Dairies,Dairy,1 L,Oat,box
        C-1,,Polar Fizz Cola 33 cl,Polar Fizz,Arctic Beverages,Drinks,33 cl,Cola,can
        """;

    [Fact]
    public async Task Preview_writes_nothing_and_apply_creates_the_rows()
    {
        await using var scope = _database.InTenant(_tenantA);
        var import = scope.ServiceProvider.GetRequiredService<CatalogImport>();
        var catalog = scope.ServiceProvider.GetRequiredService<SkuCatalog>();

        var preview = await import.PreviewAsync(Csv);
        preview.Creates.ShouldBe(3);
        (await catalog.SearchAsync(new SkuQuery())).Total.ShouldBe(0);

        var result = await import.ApplyAsync(Csv);
        result.ShouldBe(new ImportResult(3, 0, 0));
        var page = await catalog.SearchAsync(new SkuQuery());
        page.Items.Select(s => s.Code).ShouldBe(["M-2", "M-1", "C-1"]);
        page.Items.Single(s => s.Code == "C-1").Shape.ShouldBe(ProductShape.Can);
    }

    [Fact]
    public async Task Importing_the_same_file_twice_changes_nothing_the_second_time()
    {
        await using var scope = _database.InTenant(_tenantA);
        var import = scope.ServiceProvider.GetRequiredService<CatalogImport>();
        await import.ApplyAsync(Csv);
        (await import.ApplyAsync(Csv)).ShouldBe(new ImportResult(0, 0, 3));
        (await scope.ServiceProvider.GetRequiredService<SkuCatalog>().SearchAsync(new SkuQuery())).Total.ShouldBe(3);
    }

    [Fact]
    public async Task A_row_matches_by_code_or_else_by_gtin_and_updates_it()
    {
        await using var scope = _database.InTenant(_tenantA);
        var import = scope.ServiceProvider.GetRequiredService<CatalogImport>();
        await import.ApplyAsync(Csv);
        var changed = "code,gtin,name,brand\nM-1-NEW,4006381333931,Nordkind Whole 1 L (new label),Nordkind\nM-2,,Nordkind Oat 1 L,Nordkind\n";

        var preview = await import.PreviewAsync(changed);
        preview.Rows.Select(r => r.Action).ShouldBe([ImportAction.Update, ImportAction.Update]);
        await import.ApplyAsync(changed);

        var skus = (await scope.ServiceProvider.GetRequiredService<SkuCatalog>().SearchAsync(new SkuQuery())).Items;
        skus.Count.ShouldBe(3);
        skus.Single(s => s.Gtin == "4006381333931").Code.ShouldBe("M-1-NEW");
        skus.Single(s => s.Code == "M-2").Category.ShouldBe("", "the file is the source of truth: a column it leaves out is cleared");
    }

    [Fact]
    public async Task Two_rows_matching_one_sku_by_code_and_by_gtin_are_row_errors_not_a_silent_merge()
    {
        await using var scope = _database.InTenant(_tenantA);
        var import = scope.ServiceProvider.GetRequiredService<CatalogImport>();
        await import.ApplyAsync(Csv);
        var doubled = "code,gtin,name\nM-1,,Nordkind Whole 1 L\nM-1-RELABEL,4006381333931,Nordkind Whole relabelled\n";

        var error = await Should.ThrowAsync<CatalogImportException>(() => import.ApplyAsync(doubled));

        error.Preview.Invalid.ShouldBe(2);
        error.Preview.Rows.ShouldAllBe(r => r.Row.Errors.Any(e => e.Contains("lines 2 and 3 all match SKU 'M-1'")));
        var m1 = (await scope.ServiceProvider.GetRequiredService<SkuCatalog>().SearchAsync(new SkuQuery { Search = "Whole" })).Items.Single();
        (m1.Code, m1.Gtin).ShouldBe(("M-1", "4006381333931"), "nothing merged, the GTIN kept");
    }

    [Fact]
    public async Task A_row_whose_code_and_gtin_name_different_skus_is_a_row_error()
    {
        await using var scope = _database.InTenant(_tenantA);
        var import = scope.ServiceProvider.GetRequiredService<CatalogImport>();
        await import.ApplyAsync(Csv);

        var preview = await import.PreviewAsync("code,gtin,name\nM-2,4006381333931,Nordkind Oat 1 L\n");

        preview.Rows.Single().Action.ShouldBe(ImportAction.Invalid);
        preview.Rows.Single().Row.Errors.ShouldContain("gtin '4006381333931' belongs to SKU 'M-1', not to 'M-2'.");
    }

    [Fact]
    public async Task A_latin1_file_is_read_as_windows_1252_with_a_warning()
    {
        await using var scope = _database.InTenant(_tenantA);
        var import = scope.ServiceProvider.GetRequiredService<CatalogImport>();
        byte[] latin1 = [.. "code,name\nL-1,Caf"u8, 0xE9, .. " cr"u8, 0xE8, .. "me\n"u8];

        var file = CatalogText.Decode(latin1);
        var preview = await import.PreviewAsync(file);

        preview.Rows.Single().Row.Name.ShouldBe("Café crème");
        preview.Warnings.ShouldHaveSingleItem().ShouldContain("not UTF-8");
        (await import.PreviewAsync(CatalogText.Decode("code,name\nL-1,Café crème\n"u8))).Warnings.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_file_with_any_error_imports_nothing()
    {
        await using var scope = _database.InTenant(_tenantA);
        var import = scope.ServiceProvider.GetRequiredService<CatalogImport>();
        var bad = Csv + "\nX-1,123,Broken GTIN,Brand,,,,,box\n";

        var error = await Should.ThrowAsync<CatalogImportException>(() => import.ApplyAsync(bad));
        error.Preview.Invalid.ShouldBe(1);
        error.Preview.Rows.Single(r => r.Action == ImportAction.Invalid).Row.Line.ShouldBe(5);
        (await scope.ServiceProvider.GetRequiredService<SkuCatalog>().SearchAsync(new SkuQuery())).Total.ShouldBe(0);
    }

    [Fact]
    public async Task Same_codes_in_another_tenant_are_separate_skus()
    {
        await using (var a = _database.InTenant(_tenantA))
            await a.ServiceProvider.GetRequiredService<CatalogImport>().ApplyAsync(Csv);
        await using var b = _database.InTenant(_tenantB);
        var preview = await b.ServiceProvider.GetRequiredService<CatalogImport>().PreviewAsync(Csv);
        preview.Creates.ShouldBe(3, "tenant B cannot match or update tenant A's SKUs");
        (await b.ServiceProvider.GetRequiredService<SkuCatalog>().SearchAsync(new SkuQuery())).Total.ShouldBe(0);
    }

    [Fact]
    public async Task Search_filters_and_pages_in_the_database()
    {
        await using var scope = _database.InTenant(_tenantA);
        var rows = Enumerable.Range(1, 120).Select(i =>
            $"S-{i:D4},,{(i % 2 == 0 ? "Polar Fizz" : "Nordkind")} item {i:D4},{(i % 2 == 0 ? "Polar Fizz" : "Nordkind")},,{(i % 3 == 0 ? "Drinks" : "Dairy")},,,{(i % 7 == 0 ? "jar" : "box")}");
        await scope.ServiceProvider.GetRequiredService<CatalogImport>().ApplyAsync("code,gtin,name,brand,manufacturer,category,size,flavor,shape\n" + string.Join("\n", rows));
        var catalog = scope.ServiceProvider.GetRequiredService<SkuCatalog>();

        (await catalog.SearchAsync(new SkuQuery(Brand: "Polar Fizz"))).Total.ShouldBe(60);
        (await catalog.SearchAsync(new SkuQuery(Brand: "Polar Fizz", Category: "Drinks"))).Total.ShouldBe(20);
        (await catalog.SearchAsync(new SkuQuery(Shape: ProductShape.Jar))).Total.ShouldBe(17);
        (await catalog.SearchAsync(new SkuQuery(Search: "item 011"))).Items.Select(s => s.Code).ShouldBe(["S-0110", "S-0111", "S-0112", "S-0113", "S-0114", "S-0115", "S-0116", "S-0117", "S-0118", "S-0119"], ignoreOrder: true);
        (await catalog.SearchAsync(new SkuQuery(Search: "100%"))).Total.ShouldBe(0, "like-wildcards in the search text are literal");

        var page2 = await catalog.SearchAsync(new SkuQuery(PageSize: 50, Page: 2));
        page2.Items.Count.ShouldBe(20);
        page2.Total.ShouldBe(120);
        (await catalog.FacetsAsync()).Brands.ShouldBe(["Nordkind", "Polar Fizz"]);
    }
}
