using Microsoft.EntityFrameworkCore;
using ShelfCloud.Domain.Audit;
using ShelfCloud.Domain.Onboarding;
using ShelfCloud.Infrastructure.Audit;
using ShelfCloud.Infrastructure.Data;

namespace ShelfCloud.Infrastructure.Onboarding;

public sealed record StoreSummary(Guid Id, string Name, string? Address, string TimeZone, int ShelfCount, int CameraCount);

public sealed record StoreInput(string? Name, string? Address = null, string? TimeZone = null);

/// <summary>Stores of the current tenant: list, create, rename, delete.</summary>
public sealed class StoreOnboarding(IDbContextFactory<ShelfCloudDbContext> dbFactory, AuditLog audit, TimeProvider clock)
{
    public async Task<IReadOnlyList<StoreSummary>> ListAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await Project(db.Stores.OrderBy(s => s.Name)).ToListAsync(ct);
    }

    public async Task<StoreSummary> GetAsync(Guid id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await Project(db.Stores.Where(s => s.Id == id)).SingleOrDefaultAsync(ct)
            ?? throw new NotFoundInTenantException("Store");
    }

    public async Task<Guid> CreateAsync(StoreInput input, CancellationToken ct = default)
    {
        var name = InputRules.RequiredName(input.Name, "Store name");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await db.Stores.AnyAsync(s => s.Name == name, ct))
            throw new OnboardingException($"A store named '{name}' already exists.");
        var store = new Store
        {
            Name = name,
            Address = InputRules.Optional(input.Address, "Address", 400),
            TimeZone = InputRules.Optional(input.TimeZone, "Time zone", 64) ?? "UTC",
            CreatedAt = clock.GetUtcNow(),
        };
        db.Stores.Add(store);
        audit.Record(db, AuditActions.StoreCreated, name);
        await db.SaveChangesAsync(ct);
        return store.Id;
    }

    public async Task UpdateAsync(Guid id, StoreInput input, CancellationToken ct = default)
    {
        var name = InputRules.RequiredName(input.Name, "Store name");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var store = await db.Stores.SingleOrDefaultAsync(s => s.Id == id, ct) ?? throw new NotFoundInTenantException("Store");
        if (await db.Stores.AnyAsync(s => s.Name == name && s.Id != id, ct))
            throw new OnboardingException($"A store named '{name}' already exists.");
        store.Name = name;
        store.Address = InputRules.Optional(input.Address, "Address", 400);
        store.TimeZone = InputRules.Optional(input.TimeZone, "Time zone", 64) ?? store.TimeZone;
        audit.Record(db, AuditActions.StoreUpdated, name);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Deletes the store with its shelves and cameras (their keys stop working at once).</summary>
    public async Task DeleteAsync(Guid id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var store = await db.Stores.Include(s => s.Shelves).ThenInclude(s => s.Cameras)
            .SingleOrDefaultAsync(s => s.Id == id, ct) ?? throw new NotFoundInTenantException("Store");
        db.Stores.Remove(store);
        audit.Record(db, AuditActions.StoreDeleted, store.Name);
        await db.SaveChangesAsync(ct);
    }

    private static IQueryable<StoreSummary> Project(IQueryable<Store> stores) =>
        stores.Select(s => new StoreSummary(s.Id, s.Name, s.Address, s.TimeZone, s.Shelves.Count, s.Shelves.SelectMany(sh => sh.Cameras).Count()));
}
