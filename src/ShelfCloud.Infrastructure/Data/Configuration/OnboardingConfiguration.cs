using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ShelfCloud.Domain.Onboarding;

namespace ShelfCloud.Infrastructure.Data.Configuration;

internal sealed class StoreConfiguration : IEntityTypeConfiguration<Store>
{
    public void Configure(EntityTypeBuilder<Store> b)
    {
        b.Property(s => s.Name).HasMaxLength(200);
        b.Property(s => s.Address).HasMaxLength(400);
        b.Property(s => s.TimeZone).HasMaxLength(64);
        b.HasIndex(s => new { s.TenantId, s.Name }).IsUnique();
        b.HasMany(s => s.Shelves).WithOne(s => s.Store).HasForeignKey(s => s.StoreId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ShelfConfiguration : IEntityTypeConfiguration<Shelf>
{
    public void Configure(EntityTypeBuilder<Shelf> b)
    {
        b.Property(s => s.Name).HasMaxLength(200);
        b.Property(s => s.Aisle).HasMaxLength(100);
        b.Property(s => s.Category).HasMaxLength(200);
        b.HasIndex(s => new { s.TenantId, s.StoreId, s.Name }).IsUnique();
        b.HasMany(s => s.Cameras).WithOne(c => c.Shelf).HasForeignKey(c => c.ShelfId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class CameraConfiguration : IEntityTypeConfiguration<Camera>
{
    public void Configure(EntityTypeBuilder<Camera> b)
    {
        b.Property(c => c.Name).HasMaxLength(200);
        b.Property(c => c.ApiKeyHash).HasMaxLength(64).IsUnicode(false);
        b.Property(c => c.ApiKeyPrefix).HasMaxLength(16).IsUnicode(false);
        b.HasIndex(c => c.ApiKeyHash).IsUnique();
        b.HasIndex(c => new { c.TenantId, c.ShelfId, c.Name }).IsUnique();
    }
}
