using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ShelfCloud.Domain.Alerts;

namespace ShelfCloud.Infrastructure.Data.Configuration;

internal sealed class WebhookConfiguration : IEntityTypeConfiguration<Webhook>
{
    public void Configure(EntityTypeBuilder<Webhook> b)
    {
        b.Property(w => w.Url).HasMaxLength(2000);
        b.Property(w => w.Secret).HasMaxLength(100);
        b.Property(w => w.Events).HasMaxLength(200);
        b.HasIndex(w => w.TenantId);
    }
}

internal sealed class WebhookDeliveryConfiguration : IEntityTypeConfiguration<WebhookDelivery>
{
    public void Configure(EntityTypeBuilder<WebhookDelivery> b)
    {
        b.Property(d => d.Event).HasMaxLength(50);
        b.Property(d => d.LastError).HasMaxLength(500);
        b.HasIndex(d => new { d.DeliveredAt, d.NextAttemptAt });
        b.HasIndex(d => new { d.TenantId, d.WebhookId, d.CreatedAt });
    }
}

internal sealed class NotificationConfiguration : IEntityTypeConfiguration<Notification>
{
    public void Configure(EntityTypeBuilder<Notification> b)
    {
        b.Property(n => n.Kind).HasMaxLength(50);
        b.Property(n => n.Title).HasMaxLength(300);
        b.HasIndex(n => new { n.TenantId, n.CreatedAt });
    }
}

internal sealed class NotificationReceiptConfiguration : IEntityTypeConfiguration<NotificationReceipt>
{
    public void Configure(EntityTypeBuilder<NotificationReceipt> b)
    {
        b.Property(r => r.UserId).HasMaxLength(450);
        b.HasIndex(r => new { r.TenantId, r.UserId, r.NotificationId }).IsUnique();
    }
}

internal sealed class AlertSubscriptionConfiguration : IEntityTypeConfiguration<AlertSubscription>
{
    public void Configure(EntityTypeBuilder<AlertSubscription> b)
    {
        b.Property(s => s.UserId).HasMaxLength(450);
        b.Property(s => s.Email).HasMaxLength(256);
        b.Property(s => s.MinSeverity).HasConversion<string>().HasMaxLength(20);
        b.HasIndex(s => new { s.TenantId, s.UserId });
    }
}

internal sealed class EmailMessageConfiguration : IEntityTypeConfiguration<EmailMessage>
{
    public void Configure(EntityTypeBuilder<EmailMessage> b)
    {
        b.Property(m => m.To).HasMaxLength(256);
        b.Property(m => m.Event).HasMaxLength(50);
        b.Property(m => m.Severity).HasConversion<string>().HasMaxLength(20);
        b.Property(m => m.Key).HasMaxLength(300);
        b.Property(m => m.Subject).HasMaxLength(300);
        b.Property(m => m.LastError).HasMaxLength(500);
        b.HasIndex(m => new { m.SentAt, m.NextAttemptAt });
        b.HasIndex(m => new { m.TenantId, m.CreatedAt });
    }
}

internal sealed class AlertRuleConfiguration : IEntityTypeConfiguration<AlertRule>
{
    public void Configure(EntityTypeBuilder<AlertRule> b)
    {
        b.Property(r => r.Name).HasMaxLength(200);
        b.Property(r => r.Kind).HasConversion<string>().HasMaxLength(20);
        b.Property(r => r.Severity).HasConversion<string>().HasMaxLength(20);
        b.HasIndex(r => new { r.TenantId, r.Enabled });
    }
}

internal sealed class AlertRuleFiringConfiguration : IEntityTypeConfiguration<AlertRuleFiring>
{
    public void Configure(EntityTypeBuilder<AlertRuleFiring> b)
    {
        b.Property(f => f.Key).HasMaxLength(200);
        b.HasIndex(f => new { f.TenantId, f.RuleId, f.Key }).IsUnique();
        b.HasIndex(f => new { f.TenantId, f.FiredAt });
    }
}
