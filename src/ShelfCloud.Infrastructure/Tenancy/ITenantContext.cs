namespace ShelfCloud.Infrastructure.Tenancy;

/// <summary>
/// The tenant the current operation works in: from the signed-in user, a camera key or a job's argument.
/// Never from a route or query parameter.
/// </summary>
public interface ITenantContext
{
    Guid? TenantId { get; }
}

/// <summary>The scoped, settable tenant context. Only composition code (middleware, circuit handler, jobs, CLI) sets it.</summary>
public sealed class TenantContext : ITenantContext
{
    public Guid? TenantId { get; private set; }

    public void Enter(Guid tenantId)
    {
        if (tenantId == Guid.Empty)
            throw new ArgumentException("A tenant id is required.", nameof(tenantId));
        if (TenantId is { } current && current != tenantId)
            throw new InvalidOperationException("This scope already works in another tenant; create a new scope to switch.");
        TenantId = tenantId;
    }
}
