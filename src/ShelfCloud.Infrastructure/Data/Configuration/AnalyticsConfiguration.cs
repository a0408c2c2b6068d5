using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ShelfCloud.Domain.Analytics;
using ShelfCloud.Domain.Captures;

namespace ShelfCloud.Infrastructure.Data.Configuration;

internal sealed class CaptureShelfStatsConfiguration : IEntityTypeConfiguration<CaptureShelfStats>
{
    public void Configure(EntityTypeBuilder<CaptureShelfStats> b)
    {
        b.HasKey(s => s.CaptureId);
        b.Ignore(s => s.Availability);
        b.HasOne<Capture>().WithOne().HasForeignKey<CaptureShelfStats>(s => s.CaptureId).OnDelete(DeleteBehavior.Cascade);
        b.OwnsMany(s => s.Gaps, g => g.ToJson());
        // Store heatmaps and the dashboard's latest capture per shelf read ranges of these; none reads the detections.
        b.HasIndex(s => new { s.TenantId, s.StoreId, s.TakenAt });
        b.HasIndex(s => new { s.TenantId, s.ShelfId, s.TakenAt });
        b.HasIndex(s => new { s.TenantId, s.TakenAt });
    }
}

internal sealed class CaptureSkuFacingsConfiguration : IEntityTypeConfiguration<CaptureSkuFacings>
{
    public void Configure(EntityTypeBuilder<CaptureSkuFacings> b)
    {
        b.HasKey(f => new { f.CaptureId, f.SkuId });
        b.HasOne<Capture>().WithMany().HasForeignKey(f => f.CaptureId).OnDelete(DeleteBehavior.Cascade);
        // Covers share of shelf's only query (sum per day and SKU over a date range, optionally one store) in the order
        // it groups by, so SQLite aggregates while it reads instead of sorting a few hundred thousand rows first.
        b.HasIndex(f => new { f.TenantId, f.Day, f.SkuId, f.StoreId, f.Facings, f.LinearWidth });
        // Re-analysis and out-of-stock tracking read one capture's rows; without this SQLite's planner prefers the
        // index above (equal on TenantId) to the key and scans the whole tenant.
        b.HasIndex(f => new { f.TenantId, f.CaptureId });
    }
}
