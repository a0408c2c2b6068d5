using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ShelfCloud.Domain.Catalog;
using ShelfCloud.Infrastructure.Catalog;
using ShelfCloud.Infrastructure.Data;
using ShelfCloud.Infrastructure.Onboarding;
using ShelfCloud.Infrastructure.Tests.Availability;

namespace ShelfCloud.Infrastructure.Tests.Catalog;

/// <summary>One SKU added and edited by hand, with the import's rules, in one tenant only.</summary>
public sealed class SkuEditorTests(AnalysisDatabase fixture) : IClassFixture<AnalysisDatabase>
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_sku_is_created_and_edited_with_unique_code_and_gtin_and_a_valid_gtin()
    {
        var tenant = await ShelfScenario.CreateTenantAsync(fixture.Database, "sku-form");
        var other = await ShelfScenario.CreateTenantAsync(fixture.Database, "sku-form-other");
        Guid foreignId;
        await using (var scope = fixture.Database.InTenant(other))
            foreignId = await scope.ServiceProvider.GetRequiredService<SkuEditor>().CreateAsync(new SkuInput("JAM-1", "Their jam"), Token);

        await using var mine = fixture.Database.InTenant(tenant);
        var editor = mine.ServiceProvider.GetRequiredService<SkuEditor>();
        var id = await editor.CreateAsync(new SkuInput(" JAM-1 ", "Strawberry jam", "4006381333931", "Bonne", Category: "Spreads", Shape: ProductShape.Jar), Token);

        (await Should.ThrowAsync<SkuInputException>(() => editor.CreateAsync(new SkuInput("JAM-1", "Again"), Token))).Message.ShouldContain("code 'JAM-1'");
        (await Should.ThrowAsync<SkuInputException>(() => editor.CreateAsync(new SkuInput("JAM-2", "Same GTIN", "4006381333931"), Token))).Message.ShouldContain("GTIN");
        (await Should.ThrowAsync<SkuInputException>(() => editor.CreateAsync(new SkuInput("JAM-3", "Bad GTIN", "4006381333932"), Token))).Message.ShouldContain("not a valid GTIN");
        (await Should.ThrowAsync<SkuInputException>(() => editor.CreateAsync(new SkuInput("", "No code"), Token))).Message.ShouldContain("code and a name");
        await Should.ThrowAsync<NotFoundInTenantException>(() => editor.UpdateAsync(foreignId, new SkuInput("X", "Taken over"), Token));

        await editor.UpdateAsync(id, new SkuInput("JAM-1", "Strawberry jam 400 g", "4006381333931", "Bonne", Category: "Spreads", Size: "400 g", Shape: ProductShape.Jar), Token);

        var db = mine.ServiceProvider.GetRequiredService<ShelfCloudDbContext>();
        var sku = (await db.Skus.AsNoTracking().ToListAsync(Token)).ShouldHaveSingleItem("the failed ones left nothing behind; the other tenant's jam is theirs");
        (sku.Code, sku.Name, sku.Gtin, sku.Brand, sku.Size, sku.Shape).ShouldBe(("JAM-1", "Strawberry jam 400 g", "4006381333931", "Bonne", "400 g", ProductShape.Jar));
        (await db.AuditEntries.AsNoTracking().Where(a => a.Action.StartsWith("sku.")).Select(a => a.Action).ToListAsync(Token)).ShouldBe(["sku.created", "sku.updated"], ignoreOrder: true);
    }
}
