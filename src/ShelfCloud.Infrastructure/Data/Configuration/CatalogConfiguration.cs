using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ShelfCloud.Domain.Catalog;

namespace ShelfCloud.Infrastructure.Data.Configuration;

internal sealed class SkuConfiguration : IEntityTypeConfiguration<Sku>
{
    public void Configure(EntityTypeBuilder<Sku> b)
    {
        b.Property(s => s.Code).HasMaxLength(64);
        b.Property(s => s.Gtin).HasMaxLength(14).IsUnicode(false);
        b.Property(s => s.Name).HasMaxLength(300);
        b.Property(s => s.Brand).HasMaxLength(200);
        b.Property(s => s.Manufacturer).HasMaxLength(200);
        b.Property(s => s.Category).HasMaxLength(200);
        b.Property(s => s.Size).HasMaxLength(64);
        b.Property(s => s.Flavor).HasMaxLength(200);
        b.Property(s => s.Shape).HasConversion<string>().HasMaxLength(20);
        b.HasIndex(s => new { s.TenantId, s.Code }).IsUnique();
        b.HasIndex(s => new { s.TenantId, s.Gtin });
        b.HasIndex(s => new { s.TenantId, s.Brand });
        b.HasIndex(s => new { s.TenantId, s.Category });
        b.HasMany(s => s.ReferenceImages).WithOne().HasForeignKey(r => r.SkuId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ReferenceImageConfiguration : IEntityTypeConfiguration<ReferenceImage>
{
    public void Configure(EntityTypeBuilder<ReferenceImage> b)
    {
        b.Property(r => r.BlobName).HasMaxLength(400);
        b.Property(r => r.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(r => r.FailureReason).HasMaxLength(1000);
        b.HasIndex(r => new { r.TenantId, r.Status });
        b.HasIndex(r => new { r.TenantId, r.EmbedderModelId });
    }
}
