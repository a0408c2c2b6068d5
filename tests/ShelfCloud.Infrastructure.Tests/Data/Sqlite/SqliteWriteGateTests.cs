using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ShelfCloud.Domain.Tenancy;
using ShelfCloud.Infrastructure.Data;

namespace ShelfCloud.Infrastructure.Tests.Data.Sqlite;

/// <summary>The SQLite write gate serialises saves without ever keeping the gate after a save ends, however it ends.</summary>
public sealed class SqliteWriteGateTests
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_save_that_loses_an_optimistic_concurrency_race_lets_the_next_save_through()
    {
        await using var database = await TestDatabase.CreateAsync();
        var factory = database.Services.GetRequiredService<IDbContextFactory<SqliteShelfCloudDbContext>>();
        await using (var seed = await factory.CreateDbContextAsync())
        {
            seed.Tenants.Add(new Tenant { Slug = "gate", Name = "Gate" });
            await seed.SaveChangesAsync();
        }

        await using var first = await factory.CreateDbContextAsync();
        await using var second = await factory.CreateDbContextAsync();
        var stale = await first.Tenants.SingleAsync();
        await second.Tenants.ExecuteDeleteAsync();
        stale.Name = "Renamed";
        await Should.ThrowAsync<DbUpdateConcurrencyException>(() => first.SaveChangesAsync());

        await using var third = await factory.CreateDbContextAsync();
        third.Tenants.Add(new Tenant { Slug = "after", Name = "After" });
        (await third.SaveChangesAsync().WaitAsync(HangGuard)).ShouldBe(1);
    }

    [Fact]
    public async Task Concurrent_saves_all_succeed()
    {
        await using var database = await TestDatabase.CreateAsync();
        var factory = database.Services.GetRequiredService<IDbContextFactory<SqliteShelfCloudDbContext>>();

        await Task.WhenAll(Enumerable.Range(0, 32).Select(async i =>
        {
            await using var db = await factory.CreateDbContextAsync();
            db.Tenants.Add(new Tenant { Slug = $"t-{i}", Name = $"Tenant {i}" });
            await db.SaveChangesAsync();
        })).WaitAsync(HangGuard);

        await using var check = await factory.CreateDbContextAsync();
        (await check.Tenants.CountAsync()).ShouldBe(32);
    }
}
