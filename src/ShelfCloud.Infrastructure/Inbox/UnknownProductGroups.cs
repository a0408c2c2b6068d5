using Microsoft.EntityFrameworkCore;
using ShelfCloud.Domain.Captures;
using ShelfCloud.Domain.Catalog;
using ShelfCloud.Domain.Inbox;
using ShelfCloud.Infrastructure.Data;
using ShelfCloud.Infrastructure.Onboarding;
using ShelfCloud.Infrastructure.Review;

namespace ShelfCloud.Infrastructure.Inbox;

/// <summary>One crop of a group, to show it.</summary>
public sealed record InboxCrop(long DetectionId, Guid CaptureId, BoundingBox Box, int PhotoWidth);

/// <summary>An open group as the inbox shows it: a few of its latest crops, where and since when it appears, how many facings.</summary>
public sealed record InboxGroupView(
    Guid Id, int Facings, DateTimeOffset FirstSeenAt, DateTimeOffset LastSeenAt, IReadOnlyList<string> Shelves, IReadOnlyList<InboxCrop> Crops);

/// <summary>A new SKU named from a group.</summary>
public sealed record NewSkuInput(string Code, string Name, string Brand = "", string Category = "", string Manufacturer = "", string Size = "");

/// <summary>Refused inbox input, with the reason.</summary>
public sealed class InboxInputException(string message) : Exception(message);

/// <summary>
/// The unknown-product inbox of the current tenant: its open groups, and what a tenant admin decides about one — a new
/// SKU, an existing SKU, or not a product. A decision goes through <see cref="ReviewDecisions"/> for the group's crops
/// (the latest <see cref="MaxCropsDecided"/>), so they become annotations and reference vectors at once and their
/// captures' figures are analysed again.
/// </summary>
public sealed class UnknownProductGroups(IDbContextFactory<ShelfCloudDbContext> dbFactory, ReviewDecisions decisions, TimeProvider clock)
{
    public const int CropsShown = 8;
    public const int MaxCropsDecided = 200;

    public async Task<IReadOnlyList<InboxGroupView>> ListOpenAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var groups = await db.UnknownProductGroups.AsNoTracking().Where(g => g.Status == UnknownGroupStatus.Open)
            .OrderByDescending(g => g.Members).ThenByDescending(g => g.LastSeenAt).Take(100).ToListAsync(ct);
        var ids = groups.Select(g => g.Id).ToList();
        var crops = await (from d in db.Detections.AsNoTracking()
                           where d.UnknownGroupId != null && ids.Contains(d.UnknownGroupId.Value) && d.ReviewStatus == ReviewStatus.Unreviewed
                           join c in db.Captures on d.CaptureId equals c.Id
                           join s in db.Shelves on c.ShelfId equals s.Id
                           orderby c.TakenAt descending
                           select new { GroupId = d.UnknownGroupId!.Value, d.Id, d.CaptureId, d.X1, d.Y1, d.X2, d.Y2, c.Width, Shelf = s.Name })
            .Take(5000).ToListAsync(ct);
        return groups.Select(g =>
        {
            var own = crops.Where(c => c.GroupId == g.Id).ToList();
            return new InboxGroupView(g.Id, g.Members, g.FirstSeenAt, g.LastSeenAt, own.Select(c => c.Shelf).Distinct().Order().ToList(),
                own.Take(CropsShown).Select(c => new InboxCrop(c.Id, c.CaptureId, new BoundingBox(c.X1, c.Y1, c.X2, c.Y2), c.Width)).ToList());
        }).Where(g => g.Crops.Count > 0).ToList();
    }

    /// <summary>Creates the SKU and names the group's crops with it.</summary>
    /// <exception cref="InboxInputException">No code or name, or the code is taken.</exception>
    public async Task<Guid> NameAsync(Guid groupId, NewSkuInput input, string? userId, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var code = input.Code.Trim();
        var name = input.Name.Trim();
        if (code.Length == 0 || name.Length == 0)
            throw new InboxInputException("A new SKU needs a code and a name.");
        Guid skuId;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            await OpenGroupAsync(db, groupId, ct);
            if (await db.Skus.AnyAsync(s => s.Code == code, ct))
                throw new InboxInputException($"The catalog already has a SKU with code '{code}': assign the group to it instead.");
            var sku = new Sku
            {
                Code = code, Name = name, Brand = input.Brand.Trim(), Category = input.Category.Trim(), Manufacturer = input.Manufacturer.Trim(),
                Size = input.Size.Trim(), CreatedAt = clock.GetUtcNow(),
            };
            db.Skus.Add(sku);
            await db.SaveChangesAsync(ct);
            skuId = sku.Id;
        }

        await DecideAsync(groupId, UnknownGroupStatus.Named, skuId, userId, ct);
        return skuId;
    }

    /// <summary>Names the group's crops with an existing SKU (found by its code).</summary>
    /// <exception cref="InboxInputException">No SKU has that code.</exception>
    public async Task<Guid> AssignAsync(Guid groupId, string skuCode, string? userId, CancellationToken ct = default)
    {
        Guid skuId;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            await OpenGroupAsync(db, groupId, ct);
            var code = skuCode.Trim();
            skuId = await db.Skus.Where(s => s.Code == code).Select(s => (Guid?)s.Id).SingleOrDefaultAsync(ct)
                ?? throw new InboxInputException($"No SKU has the code '{code}'.");
        }

        await DecideAsync(groupId, UnknownGroupStatus.Assigned, skuId, userId, ct);
        return skuId;
    }

    /// <summary>Not a product: the group's crops are rejected (they count for nothing) and the group leaves the inbox.</summary>
    public Task DismissAsync(Guid groupId, string? userId, CancellationToken ct = default) =>
        DecideAsync(groupId, UnknownGroupStatus.Dismissed, null, userId, ct);

    private async Task DecideAsync(Guid groupId, UnknownGroupStatus status, Guid? skuId, string? userId, CancellationToken ct)
    {
        List<long> crops;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            var group = await OpenGroupAsync(db, groupId, ct);
            crops = await db.Detections.Where(d => d.UnknownGroupId == groupId && d.ReviewStatus == ReviewStatus.Unreviewed)
                .OrderByDescending(d => d.Id).Select(d => d.Id).Take(MaxCropsDecided).ToListAsync(ct);
            (group.Status, group.SkuId, group.DecidedAt, group.DecidedBy) = (status, skuId, clock.GetUtcNow(), userId);
            await db.SaveChangesAsync(ct);
        }

        var verdict = skuId is null ? ReviewVerdict.Reject : ReviewVerdict.Correct;
        await decisions.DecideAsync(crops.Select(id => new ReviewDecision(id, verdict, skuId)).ToList(), userId, ct);
    }

    private static async Task<UnknownProductGroup> OpenGroupAsync(ShelfCloudDbContext db, Guid groupId, CancellationToken ct)
    {
        var group = await db.UnknownProductGroups.SingleOrDefaultAsync(g => g.Id == groupId, ct) ?? throw new NotFoundInTenantException("Inbox group");
        return group.Status == UnknownGroupStatus.Open ? group : throw new InboxInputException("This group was already decided.");
    }
}
