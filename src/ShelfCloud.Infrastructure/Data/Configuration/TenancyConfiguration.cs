using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ShelfCloud.Domain.Tenancy;

namespace ShelfCloud.Infrastructure.Data.Configuration;

internal sealed class TenantConfiguration : IEntityTypeConfiguration<Tenant>
{
    public void Configure(EntityTypeBuilder<Tenant> b)
    {
        b.Property(t => t.Slug).HasMaxLength(40);
        b.Property(t => t.Name).HasMaxLength(200);
        b.HasIndex(t => t.Slug).IsUnique();
        b.OwnsOne(t => t.Realgram, r => r.Property(x => x.Overlap).HasConversion<string>().HasMaxLength(20));
    }
}

internal sealed class SupplierScopeConfiguration : IEntityTypeConfiguration<SupplierScope>
{
    public void Configure(EntityTypeBuilder<SupplierScope> b)
    {
        b.Property(s => s.UserId).HasMaxLength(450);
        b.Property(s => s.Value).HasMaxLength(200);
        b.Property(s => s.Kind).HasConversion<string>().HasMaxLength(20);
        b.HasIndex(s => new { s.TenantId, s.UserId, s.Kind, s.Value }).IsUnique();
        b.HasOne<ApplicationUser>().WithMany().HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ApplicationUserConfiguration : IEntityTypeConfiguration<ApplicationUser>
{
    public void Configure(EntityTypeBuilder<ApplicationUser> b)
    {
        b.Property(u => u.DisplayName).HasMaxLength(200);
        b.HasIndex(u => u.TenantId);
    }
}

internal sealed class ApiTokenConfiguration : IEntityTypeConfiguration<Domain.Access.ApiToken>
{
    public void Configure(EntityTypeBuilder<Domain.Access.ApiToken> b)
    {
        b.Property(t => t.Name).HasMaxLength(100);
        b.Property(t => t.Hash).HasMaxLength(64);
        b.Property(t => t.Scopes).HasMaxLength(100);
        b.HasIndex(t => t.Hash).IsUnique();
        b.HasIndex(t => new { t.TenantId, t.Name });
    }
}
