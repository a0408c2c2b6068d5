using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ShelfCloud.Domain.Recognition;
using ShelfCloud.Domain.Recognition.Ranking;

namespace ShelfCloud.Infrastructure.Data.Configuration;

internal sealed class TenantRankerModelConfiguration : IEntityTypeConfiguration<TenantRankerModel>
{
    public void Configure(EntityTypeBuilder<TenantRankerModel> b)
    {
        b.Property(m => m.Version).HasMaxLength(64);
        b.Property(m => m.BaselineVersion).HasMaxLength(64);
        b.HasIndex(m => new { m.TenantId, m.TrainedAt });
    }
}

internal sealed class RealgramTuningRunConfiguration : IEntityTypeConfiguration<RealgramTuningRun>
{
    public void Configure(EntityTypeBuilder<RealgramTuningRun> b)
    {
        b.Property(r => r.Before).HasMaxLength(200);
        b.Property(r => r.After).HasMaxLength(200);
        b.HasIndex(r => new { r.TenantId, r.RanAt });
    }
}
