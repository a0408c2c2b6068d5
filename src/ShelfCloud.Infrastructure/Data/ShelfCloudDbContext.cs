using System.Reflection;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using ShelfCloud.Domain.Alerts;
using ShelfCloud.Domain.Analytics;
using ShelfCloud.Domain.Audit;
using ShelfCloud.Domain.Availability;
using ShelfCloud.Domain.Captures;
using ShelfCloud.Domain.Captures.Quality;
using ShelfCloud.Domain.Catalog;
using ShelfCloud.Domain.Models;
using ShelfCloud.Domain.Onboarding;
using ShelfCloud.Domain.Recognition;
using ShelfCloud.Domain.Recognition.Ranking;
using ShelfCloud.Domain.Tenancy;
using ShelfCloud.Infrastructure.Tenancy;

namespace ShelfCloud.Infrastructure.Data;

/// <summary>
/// The one database of record. Provider-specific siblings (<see cref="SqliteShelfCloudDbContext"/>,
/// <see cref="SqlServerShelfCloudDbContext"/>) own their migrations; this base owns the model and tenancy:
/// every <see cref="ITenantOwned"/> entity gets the named query filter <see cref="TenantFilter"/>, and
/// <c>SaveChanges</c> refuses rows of any tenant but the current one.
/// </summary>
public abstract class ShelfCloudDbContext : IdentityDbContext<ApplicationUser>
{
    /// <summary>Name of the tenant query filter, for the rare platform query that must see all tenants.</summary>
    public const string TenantFilter = "Tenant";

    private readonly ITenantContext _tenant;

    protected ShelfCloudDbContext(DbContextOptions options, ITenantContext tenant) : base(options) => _tenant = tenant;

    /// <summary>Read by the query filters on every query; <see cref="Guid.Empty"/> (no tenant) matches no row.</summary>
    public Guid CurrentTenantId => _tenant.TenantId ?? Guid.Empty;

    public DbSet<Tenant> Tenants => Set<Tenant>();
    public DbSet<Store> Stores => Set<Store>();
    public DbSet<Shelf> Shelves => Set<Shelf>();
    public DbSet<Camera> Cameras => Set<Camera>();
    public DbSet<Sku> Skus => Set<Sku>();
    public DbSet<ReferenceImage> ReferenceImages => Set<ReferenceImage>();
    public DbSet<Capture> Captures => Set<Capture>();
    public DbSet<Detection> Detections => Set<Detection>();
    public DbSet<Annotation> Annotations => Set<Annotation>();
    public DbSet<OutOfStockEvent> OutOfStockEvents => Set<OutOfStockEvent>();
    public DbSet<CaptureShelfStats> CaptureShelfStats => Set<CaptureShelfStats>();
    public DbSet<CaptureSkuFacings> CaptureSkuFacings => Set<CaptureSkuFacings>();
    public DbSet<ModelVersion> ModelVersions => Set<ModelVersion>();
    public DbSet<SupplierScope> SupplierScopes => Set<SupplierScope>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<CameraTrackState> CameraTrackStates => Set<CameraTrackState>();
    public DbSet<CameraQualityBaseline> CameraQualityBaselines => Set<CameraQualityBaseline>();
    public DbSet<Webhook> Webhooks => Set<Webhook>();
    public DbSet<WebhookDelivery> WebhookDeliveries => Set<WebhookDelivery>();
    public DbSet<Notification> Notifications => Set<Notification>();
    public DbSet<NotificationReceipt> NotificationReceipts => Set<NotificationReceipt>();
    public DbSet<AlertSubscription> AlertSubscriptions => Set<AlertSubscription>();
    public DbSet<EmailMessage> EmailMessages => Set<EmailMessage>();
    public DbSet<AlertRule> AlertRules => Set<AlertRule>();
    public DbSet<Domain.Access.ApiToken> ApiTokens => Set<Domain.Access.ApiToken>();
    public DbSet<AlertRuleFiring> AlertRuleFirings => Set<AlertRuleFiring>();
    public DbSet<Domain.Inbox.UnknownProductGroup> UnknownProductGroups => Set<Domain.Inbox.UnknownProductGroup>();
    public DbSet<BackfillRun> BackfillRuns => Set<BackfillRun>();
    public DbSet<TenantRankerModel> TenantRankerModels => Set<TenantRankerModel>();
    public DbSet<RealgramTuningRun> RealgramTuningRuns => Set<RealgramTuningRun>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(ShelfCloudDbContext).Assembly, t => t.Namespace == typeof(ShelfCloudDbContext).Namespace + ".Configuration");
        ApplyTenantFilters(builder);
    }

    private void ApplyTenantFilters(ModelBuilder builder)
    {
        var apply = typeof(ShelfCloudDbContext).GetMethod(nameof(ApplyTenantFilter), BindingFlags.NonPublic | BindingFlags.Instance)!;
        foreach (var entityType in builder.Model.GetEntityTypes().Where(e => !e.IsOwned() && typeof(ITenantOwned).IsAssignableFrom(e.ClrType)))
            apply.MakeGenericMethod(entityType.ClrType).Invoke(this, [builder]);
    }

    private void ApplyTenantFilter<TEntity>(ModelBuilder builder) where TEntity : class, ITenantOwned =>
        builder.Entity<TEntity>().HasQueryFilter(TenantFilter, e => e.TenantId == CurrentTenantId);

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        GuardTenantWrites();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        GuardTenantWrites();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    private void GuardTenantWrites()
    {
        foreach (var entry in ChangeTracker.Entries<ITenantOwned>())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified or EntityState.Deleted))
                continue;
            if (_tenant.TenantId is not { } current)
                throw new TenantAccessViolationException($"Cannot write {entry.Metadata.ClrType.Name}: no tenant is selected.");
            if (entry.State == EntityState.Added && entry.Entity.TenantId == Guid.Empty)
                entry.Entity.TenantId = current;
            var original = entry.State == EntityState.Added ? entry.Entity.TenantId : entry.OriginalValues.GetValue<Guid>(nameof(ITenantOwned.TenantId));
            if (entry.Entity.TenantId != current || original != current)
                throw new TenantAccessViolationException($"Refused to write {entry.Metadata.ClrType.Name} of another tenant.");
        }
    }
}
