using Microsoft.EntityFrameworkCore;
using ShelfCloud.Domain.Audit;
using ShelfCloud.Domain.Onboarding;
using ShelfCloud.Infrastructure.Audit;
using ShelfCloud.Infrastructure.Data;

namespace ShelfCloud.Infrastructure.Onboarding;

public sealed record CameraSummary(
    Guid Id, Guid ShelfId, string ShelfName, Guid StoreId, string StoreName, string Name,
    string KeyPrefix, DateTimeOffset KeyIssuedAt, DateTimeOffset? LastSeenAt, int CaptureIntervalMinutes);

public sealed record CameraInput(Guid ShelfId, string? Name, int CaptureIntervalMinutes = 30);

/// <summary>A camera and its raw API key. The only moment the raw key exists outside the camera.</summary>
public sealed record IssuedCameraKey(Guid CameraId, string ApiKey);

/// <summary>Cameras of the current tenant and their API keys (stored hashed, shown once).</summary>
public sealed class CameraOnboarding(
    IDbContextFactory<ShelfCloudDbContext> dbFactory, ShelfOnboarding shelves, AuditLog audit, TimeProvider clock)
{
    public async Task<IReadOnlyList<CameraSummary>> ListAsync(Guid? shelfId = null, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var cameras = shelfId is { } id ? db.Cameras.Where(c => c.ShelfId == id) : db.Cameras;
        return await Project(cameras.OrderBy(c => c.Shelf!.Store!.Name).ThenBy(c => c.Shelf!.Name).ThenBy(c => c.Name)).ToListAsync(ct);
    }

    public async Task<CameraSummary> GetAsync(Guid id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await Project(db.Cameras.Where(c => c.Id == id)).SingleOrDefaultAsync(ct)
            ?? throw new NotFoundInTenantException("Camera");
    }

    public async Task<IssuedCameraKey> CreateAsync(CameraInput input, CancellationToken ct = default)
    {
        var name = InputRules.RequiredName(input.Name, "Camera name");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var shelf = await db.Shelves.SingleOrDefaultAsync(s => s.Id == input.ShelfId, ct) ?? throw new NotFoundInTenantException("Shelf");
        var issued = await AddCameraAsync(db, shelf, name, input.CaptureIntervalMinutes, ct);
        await db.SaveChangesAsync(ct);
        return issued;
    }

    /// <summary>Scripted onboarding: creates the store and the shelf when they do not exist yet, then the camera.</summary>
    public async Task<IssuedCameraKey> CreateWithPlacementAsync(string? storeName, string? shelfName, string? cameraName, CancellationToken ct = default)
    {
        var store = InputRules.RequiredName(storeName, "Store name");
        var shelfLabel = InputRules.RequiredName(shelfName, "Shelf name");
        var name = InputRules.RequiredName(cameraName, "Camera name");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var storeRow = await db.Stores.SingleOrDefaultAsync(s => s.Name == store, ct);
        if (storeRow is null)
        {
            storeRow = new Store { Name = store, CreatedAt = clock.GetUtcNow() };
            db.Stores.Add(storeRow);
            audit.Record(db, AuditActions.StoreCreated, store);
        }
        var shelf = await db.Shelves.SingleOrDefaultAsync(s => s.StoreId == storeRow.Id && s.Name == shelfLabel, ct)
            ?? await shelves.AddShelfAsync(db, storeRow, shelfLabel, null, null, ct);
        var issued = await AddCameraAsync(db, shelf, name, 30, ct);
        await db.SaveChangesAsync(ct);
        return issued;
    }

    /// <summary>Issues a new key; the old one stops working immediately.</summary>
    public async Task<IssuedCameraKey> RegenerateKeyAsync(Guid id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var camera = await db.Cameras.SingleOrDefaultAsync(c => c.Id == id, ct) ?? throw new NotFoundInTenantException("Camera");
        var key = CameraApiKey.Generate();
        camera.ApiKeyHash = CameraApiKey.Hash(key);
        camera.ApiKeyPrefix = CameraApiKey.DisplayPrefix(key);
        camera.KeyIssuedAt = clock.GetUtcNow();
        audit.Record(db, AuditActions.CameraKeyRegenerated, camera.Name);
        await db.SaveChangesAsync(ct);
        return new IssuedCameraKey(camera.Id, key);
    }

    public async Task DeleteAsync(Guid id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var camera = await db.Cameras.SingleOrDefaultAsync(c => c.Id == id, ct) ?? throw new NotFoundInTenantException("Camera");
        db.Cameras.Remove(camera);
        audit.Record(db, AuditActions.CameraDeleted, camera.Name);
        await db.SaveChangesAsync(ct);
    }

    private async Task<IssuedCameraKey> AddCameraAsync(ShelfCloudDbContext db, Shelf shelf, string name, int intervalMinutes, CancellationToken ct)
    {
        if (intervalMinutes is < 1 or > 24 * 60)
            throw new OnboardingException("Capture interval must be between 1 and 1440 minutes.");
        if (await db.Cameras.AnyAsync(c => c.ShelfId == shelf.Id && c.Name == name, ct))
            throw new OnboardingException($"Shelf '{shelf.Name}' already has a camera named '{name}'.");
        var key = CameraApiKey.Generate();
        var now = clock.GetUtcNow();
        var camera = new Camera
        {
            ShelfId = shelf.Id,
            Name = name,
            ApiKeyHash = CameraApiKey.Hash(key),
            ApiKeyPrefix = CameraApiKey.DisplayPrefix(key),
            KeyIssuedAt = now,
            CaptureIntervalMinutes = intervalMinutes,
            CreatedAt = now,
        };
        db.Cameras.Add(camera);
        audit.Record(db, AuditActions.CameraCreated, $"{shelf.Name} / {name}");
        return new IssuedCameraKey(camera.Id, key);
    }

    private static IQueryable<CameraSummary> Project(IQueryable<Camera> cameras) =>
        cameras.Select(c => new CameraSummary(
            c.Id, c.ShelfId, c.Shelf!.Name, c.Shelf.StoreId, c.Shelf.Store!.Name, c.Name,
            c.ApiKeyPrefix, c.KeyIssuedAt, c.LastSeenAt, c.CaptureIntervalMinutes));
}
