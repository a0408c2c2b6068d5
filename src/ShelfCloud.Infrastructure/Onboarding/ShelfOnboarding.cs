using Microsoft.EntityFrameworkCore;
using ShelfCloud.Domain.Audit;
using ShelfCloud.Domain.Onboarding;
using ShelfCloud.Infrastructure.Audit;
using ShelfCloud.Infrastructure.Data;

namespace ShelfCloud.Infrastructure.Onboarding;

public sealed record ShelfSummary(Guid Id, Guid StoreId, string StoreName, string Name, string? Aisle, string? Category, int CameraCount);

public sealed record ShelfInput(Guid StoreId, string? Name, string? Aisle = null, string? Category = null);

/// <summary>Shelves of the current tenant's stores.</summary>
public sealed class ShelfOnboarding(IDbContextFactory<ShelfCloudDbContext> dbFactory, AuditLog audit, TimeProvider clock)
{
    public async Task<IReadOnlyList<ShelfSummary>> ListAsync(Guid? storeId = null, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var shelves = storeId is { } id ? db.Shelves.Where(s => s.StoreId == id) : db.Shelves;
        return await Project(shelves.OrderBy(s => s.Store!.Name).ThenBy(s => s.Name)).ToListAsync(ct);
    }

    public async Task<ShelfSummary> GetAsync(Guid id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await Project(db.Shelves.Where(s => s.Id == id)).SingleOrDefaultAsync(ct)
            ?? throw new NotFoundInTenantException("Shelf");
    }

    public async Task<Guid> CreateAsync(ShelfInput input, CancellationToken ct = default)
    {
        var name = InputRules.RequiredName(input.Name, "Shelf name");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var store = await db.Stores.SingleOrDefaultAsync(s => s.Id == input.StoreId, ct) ?? throw new NotFoundInTenantException("Store");
        var shelf = await AddShelfAsync(db, store, name, input.Aisle, input.Category, ct);
        await db.SaveChangesAsync(ct);
        return shelf.Id;
    }

    internal async Task<Shelf> AddShelfAsync(ShelfCloudDbContext db, Store store, string name, string? aisle, string? category, CancellationToken ct)
    {
        if (await db.Shelves.AnyAsync(s => s.StoreId == store.Id && s.Name == name, ct))
            throw new OnboardingException($"Store '{store.Name}' already has a shelf named '{name}'.");
        var shelf = new Shelf
        {
            StoreId = store.Id,
            Name = name,
            Aisle = InputRules.Optional(aisle, "Aisle", 100),
            Category = InputRules.Optional(category, "Category", 200),
            CreatedAt = clock.GetUtcNow(),
        };
        db.Shelves.Add(shelf);
        audit.Record(db, AuditActions.ShelfCreated, $"{store.Name} / {name}");
        return shelf;
    }

    public async Task DeleteAsync(Guid id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var shelf = await db.Shelves.Include(s => s.Cameras).SingleOrDefaultAsync(s => s.Id == id, ct)
            ?? throw new NotFoundInTenantException("Shelf");
        db.Shelves.Remove(shelf);
        audit.Record(db, AuditActions.ShelfDeleted, shelf.Name);
        await db.SaveChangesAsync(ct);
    }

    private static IQueryable<ShelfSummary> Project(IQueryable<Shelf> shelves) =>
        shelves.Select(s => new ShelfSummary(s.Id, s.StoreId, s.Store!.Name, s.Name, s.Aisle, s.Category, s.Cameras.Count));
}
