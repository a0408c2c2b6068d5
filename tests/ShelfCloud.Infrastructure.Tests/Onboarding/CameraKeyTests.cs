using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using ShelfCloud.Infrastructure.Onboarding;

namespace ShelfCloud.Infrastructure.Tests.Onboarding;

public sealed class CameraKeyTests(TwoTenants tenants) : IClassFixture<TwoTenants>
{
    [Fact]
    public async Task The_database_never_holds_a_raw_key()
    {
        await using var scope = tenants.Database.InTenant(tenants.A.TenantId);
        var issued = await scope.ServiceProvider.GetRequiredService<CameraOnboarding>().CreateAsync(new CameraInput(tenants.A.ShelfId, "cam-raw-check"));
        issued.ApiKey.ShouldStartWith(CameraApiKey.Prefix);
        issued.ApiKey.Length.ShouldBeGreaterThan(40);

        var fileBytes = await ReadWholeDatabaseAsync();
        fileBytes.ShouldNotContain(issued.ApiKey);
        fileBytes.ShouldNotContain(tenants.A.CameraKey);
        fileBytes.ShouldContain(CameraApiKey.Hash(issued.ApiKey));
    }

    [Fact]
    public async Task Listing_shows_only_the_key_prefix()
    {
        await using var scope = tenants.Database.InTenant(tenants.A.TenantId);
        var camera = await scope.ServiceProvider.GetRequiredService<CameraOnboarding>().GetAsync(tenants.A.CameraId);
        camera.KeyPrefix.Length.ShouldBeLessThan(12);
        tenants.A.CameraKey.ShouldStartWith(camera.KeyPrefix);
    }

    [Fact]
    public async Task Regenerate_invalidates_the_old_key()
    {
        await using var scope = tenants.Database.InTenant(tenants.A.TenantId);
        var cameras = scope.ServiceProvider.GetRequiredService<CameraOnboarding>();
        var resolver = scope.ServiceProvider.GetRequiredService<CameraKeyResolver>();
        var first = await cameras.CreateAsync(new CameraInput(tenants.A.ShelfId, "cam-regen"));
        (await resolver.ResolveAsync(first.ApiKey)).ShouldNotBeNull();

        var second = await cameras.RegenerateKeyAsync(first.CameraId);

        second.ApiKey.ShouldNotBe(first.ApiKey);
        (await resolver.ResolveAsync(first.ApiKey)).ShouldBeNull();
        (await resolver.ResolveAsync(second.ApiKey))!.CameraId.ShouldBe(first.CameraId);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not-a-key")]
    [InlineData("sc_forged-key-that-was-never-issued")]
    public async Task Unknown_keys_resolve_to_nothing(string? key)
    {
        await using var scope = tenants.Database.WithoutTenant();
        (await scope.ServiceProvider.GetRequiredService<CameraKeyResolver>().ResolveAsync(key)).ShouldBeNull();
    }

    [Fact]
    public async Task Scripted_onboarding_creates_missing_store_and_shelf_once()
    {
        await using var scope = tenants.Database.InTenant(tenants.A.TenantId);
        var cameras = scope.ServiceProvider.GetRequiredService<CameraOnboarding>();
        var first = await cameras.CreateWithPlacementAsync("Scripted Store", "Aisle 9", "cam-a");
        var second = await cameras.CreateWithPlacementAsync("Scripted Store", "Aisle 9", "cam-b");
        var stores = await scope.ServiceProvider.GetRequiredService<StoreOnboarding>().ListAsync();
        stores.Count(s => s.Name == "Scripted Store").ShouldBe(1);
        stores.Single(s => s.Name == "Scripted Store").CameraCount.ShouldBe(2);
        first.CameraId.ShouldNotBe(second.CameraId);
        await Should.ThrowAsync<OnboardingException>(() => cameras.CreateWithPlacementAsync("Scripted Store", "Aisle 9", "cam-a"));
    }

    private async Task<string> ReadWholeDatabaseAsync()
    {
        SqliteConnection.ClearAllPools();
        var path = Path.Combine(tenants.Database.Folder, "shelfcloud.db");
        // WAL mode: recent writes may still live in the -wal file.
        var text = await File.ReadAllTextAsync(path);
        var wal = path + "-wal";
        return File.Exists(wal) ? text + await File.ReadAllTextAsync(wal) : text;
    }
}
