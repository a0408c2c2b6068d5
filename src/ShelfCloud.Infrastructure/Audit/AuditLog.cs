using ShelfCloud.Domain.Audit;
using ShelfCloud.Infrastructure.Data;
using ShelfCloud.Infrastructure.Tenancy;

namespace ShelfCloud.Infrastructure.Audit;

/// <summary>Adds audit entries to the same unit of work as the change they describe.</summary>
public sealed class AuditLog(CurrentActor actor, TimeProvider clock)
{
    public void Record(ShelfCloudDbContext db, string action, string detail, Guid? tenantId = null) =>
        db.AuditEntries.Add(new AuditEntry
        {
            TenantId = tenantId ?? Guid.Empty,
            At = clock.GetUtcNow(),
            UserId = actor.UserId,
            UserName = actor.UserName,
            Action = action,
            Detail = detail,
        });
}
