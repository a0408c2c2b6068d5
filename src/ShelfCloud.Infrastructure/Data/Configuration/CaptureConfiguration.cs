using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ShelfCloud.Domain.Availability;
using ShelfCloud.Domain.Captures;
using ShelfCloud.Domain.Captures.Quality;

namespace ShelfCloud.Infrastructure.Data.Configuration;

internal sealed class CaptureConfiguration : IEntityTypeConfiguration<Capture>
{
    public void Configure(EntityTypeBuilder<Capture> b)
    {
        b.Property(c => c.BlobName).HasMaxLength(400);
        b.Property(c => c.IdempotencyKey).HasMaxLength(128);
        b.Property(c => c.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(c => c.FailureReason).HasMaxLength(2000);
        b.Property(c => c.QualityStatus).HasConversion<string>().HasMaxLength(20);
        b.Property(c => c.QualityIssues).HasMaxLength(200);
        b.Property(c => c.QualityFigures).HasMaxLength(400);
        b.Property(c => c.Version).IsConcurrencyToken();
        b.HasIndex(c => new { c.TenantId, c.CameraId, c.IdempotencyKey }).IsUnique().HasFilter("\"IdempotencyKey\" IS NOT NULL");
        b.HasIndex(c => new { c.Status, c.LeaseUntil });
        b.HasIndex(c => new { c.TenantId, c.ShelfId, c.TakenAt });
        b.HasIndex(c => new { c.TenantId, c.StoreId, c.TakenAt });
        b.HasMany(c => c.Detections).WithOne().HasForeignKey(d => d.CaptureId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class DetectionConfiguration : IEntityTypeConfiguration<Detection>
{
    public void Configure(EntityTypeBuilder<Detection> b)
    {
        b.Ignore(d => d.Box);
        b.Property(d => d.DetectorClass).HasMaxLength(64);
        b.Property(d => d.RankerVersion).HasMaxLength(64);
        b.Property(d => d.Embedding).HasMaxLength(4000);
        b.Property(d => d.ReviewStatus).HasConversion<string>().HasMaxLength(20);
        b.HasIndex(d => new { d.TenantId, d.CaptureId });
        b.HasIndex(d => new { d.TenantId, d.ReviewStatus });
        b.HasIndex(d => new { d.TenantId, d.UnknownGroupId });
        b.OwnsMany(d => d.Candidates, c => c.ToJson());
    }
}

internal sealed class CameraTrackStateConfiguration : IEntityTypeConfiguration<CameraTrackState>
{
    public void Configure(EntityTypeBuilder<CameraTrackState> b)
    {
        b.HasKey(s => s.CameraId);
        b.HasIndex(s => s.TenantId);
    }
}

internal sealed class CameraQualityBaselineConfiguration : IEntityTypeConfiguration<CameraQualityBaseline>
{
    public void Configure(EntityTypeBuilder<CameraQualityBaseline> b)
    {
        b.HasKey(q => q.CameraId);
        b.HasIndex(q => q.TenantId);
        b.Property(q => q.Reference).HasMaxLength(Thumbnails.Width * Thumbnails.Height);
        b.Property(q => q.Last).HasMaxLength(Thumbnails.Width * Thumbnails.Height);
        b.Property(q => q.LastStatus).HasConversion<string>().HasMaxLength(20);
    }
}

internal sealed class AnnotationConfiguration : IEntityTypeConfiguration<Annotation>
{
    public void Configure(EntityTypeBuilder<Annotation> b)
    {
        b.Ignore(a => a.Box);
        b.Property(a => a.AnnotatorUserId).HasMaxLength(450);
        b.HasIndex(a => new { a.TenantId, a.ShelfId, a.CapturedAt });
        b.HasIndex(a => new { a.TenantId, a.CaptureId });
    }
}

internal sealed class OutOfStockEventConfiguration : IEntityTypeConfiguration<OutOfStockEvent>
{
    public void Configure(EntityTypeBuilder<OutOfStockEvent> b)
    {
        b.Property(e => e.Kind).HasConversion<string>().HasMaxLength(20);
        b.HasIndex(e => new { e.TenantId, e.StoreId, e.StartedAt });
        b.HasIndex(e => new { e.TenantId, e.ShelfId, e.ClearedAt });
    }
}

internal sealed class UnknownProductGroupConfiguration : IEntityTypeConfiguration<Domain.Inbox.UnknownProductGroup>
{
    public void Configure(EntityTypeBuilder<Domain.Inbox.UnknownProductGroup> b)
    {
        b.Property(g => g.Centroid).HasMaxLength(4000);
        b.Property(g => g.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(g => g.DecidedBy).HasMaxLength(450);
        b.HasIndex(g => new { g.TenantId, g.Status });
    }
}

internal sealed class BackfillRunConfiguration : IEntityTypeConfiguration<BackfillRun>
{
    public void Configure(EntityTypeBuilder<BackfillRun> b)
    {
        b.Property(r => r.Trigger).HasMaxLength(20);
        b.Property(r => r.Error).HasMaxLength(500);
        b.HasIndex(r => new { r.TenantId, r.StartedAt });
    }
}
