using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ShelfCloud.Domain.Audit;
using ShelfCloud.Domain.Models;

namespace ShelfCloud.Infrastructure.Data.Configuration;

internal sealed class ModelVersionConfiguration : IEntityTypeConfiguration<ModelVersion>
{
    public void Configure(EntityTypeBuilder<ModelVersion> b)
    {
        b.Property(m => m.Kind).HasConversion<string>().HasMaxLength(20);
        b.Property(m => m.Name).HasMaxLength(200);
        b.Property(m => m.Version).HasMaxLength(64);
        b.Property(m => m.Sha256).HasMaxLength(64).IsUnicode(false);
        b.HasIndex(m => new { m.Kind, m.Sha256 }).IsUnique();
    }
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> b)
    {
        b.Property(a => a.UserId).HasMaxLength(450);
        b.Property(a => a.UserName).HasMaxLength(256);
        b.Property(a => a.Action).HasMaxLength(64);
        b.Property(a => a.Detail).HasMaxLength(2000);
        b.HasIndex(a => new { a.TenantId, a.At });
    }
}
