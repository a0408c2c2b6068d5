using Microsoft.Extensions.DependencyInjection;
using ShelfCloud.Domain.Alerts;
using ShelfCloud.Domain.Analytics;
using ShelfCloud.Domain.Availability;
using ShelfCloud.Domain.Captures;
using ShelfCloud.Domain.Captures.Quality;
using ShelfCloud.Domain.Catalog;
using ShelfCloud.Domain.Inbox;
using ShelfCloud.Domain.Recognition;
using ShelfCloud.Domain.Recognition.Ranking;
using ShelfCloud.Domain.Tenancy;
using ShelfCloud.Infrastructure.Data;
using ShelfCloud.Infrastructure.Identity;
using ShelfCloud.Infrastructure.Onboarding;

namespace ShelfCloud.Infrastructure.Tests;

/// <summary>The ids of one seeded tenant: one row of every tenant-owned entity type.</summary>
public sealed record SeededTenant(
    Guid TenantId, Guid StoreId, Guid ShelfId, Guid CameraId, string CameraKey, Guid SkuId, Guid CaptureId, long DetectionId, string SupplierUserId);

/// <summary>Two tenants, A and B, seeded alike, so every test can try to reach B while working as A.</summary>
public sealed class TwoTenants : IAsyncLifetime
{
    public TestDatabase Database { get; private set; } = null!;
    public SeededTenant A { get; private set; } = null!;
    public SeededTenant B { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync();
        A = await SeedAsync("tenant-a", "Tenant A");
        B = await SeedAsync("tenant-b", "Tenant B");
    }

    public ValueTask DisposeAsync() => Database.DisposeAsync();

    private async Task<SeededTenant> SeedAsync(string slug, string name)
    {
        Guid tenantId;
        await using (var platform = Database.WithoutTenant())
            tenantId = (await platform.ServiceProvider.GetRequiredService<TenantProvisioning>().CreateAsync(slug, name)).Id;

        await using var scope = Database.InTenant(tenantId);
        var sp = scope.ServiceProvider;
        var storeId = await sp.GetRequiredService<StoreOnboarding>().CreateAsync(new StoreInput($"{name} Store"));
        var shelfId = await sp.GetRequiredService<ShelfOnboarding>().CreateAsync(new ShelfInput(storeId, "Dairy 1"));
        var camera = await sp.GetRequiredService<CameraOnboarding>().CreateAsync(new CameraInput(shelfId, "cam-1"));
        var supplierId = await sp.GetRequiredService<TenantUsers>().CreateAsync(
            new NewTenantUser($"supplier@{slug}.test", "Supplier", "Supplier!234", Roles.Supplier, ["Brand " + slug]));

        var db = sp.GetRequiredService<ShelfCloudDbContext>();
        var now = DateTimeOffset.UtcNow;
        var sku = new Sku { Code = "SKU-1", Name = $"{name} Milk", Brand = "Brand " + slug, Category = "Dairy", CreatedAt = now };
        var capture = new Capture
        {
            CameraId = camera.CameraId, ShelfId = shelfId, StoreId = storeId, BlobName = $"{tenantId}/captures/1.jpg",
            Width = 640, Height = 480, TakenAt = now, ReceivedAt = now, Status = CaptureStatus.Recognized,
        };
        var detection = new Detection
        {
            X1 = 1, Y1 = 2, X2 = 30, Y2 = 60, DetectorScore = 0.9f, PredictedSkuId = sku.Id, FinalScore = 0.8f,
            Candidates = [new DetectionCandidate { SkuId = sku.Id, VisualScore = 0.7f, RealgramCoefficient = 0.5f, FinalScore = 0.8f }],
        };
        capture.Detections.Add(detection);
        var webhookId = Guid.NewGuid();
        var subscriptionId = Guid.NewGuid();
        var ruleId = Guid.NewGuid();
        db.AddRange(sku, capture,
            new ReferenceImage { SkuId = sku.Id, BlobName = $"{tenantId}/references/1.png", Width = 10, Height = 10, UploadedAt = now },
            new Annotation { ShelfId = shelfId, CaptureId = capture.Id, SkuId = sku.Id, X1 = 1, Y1 = 2, X2 = 30, Y2 = 60, CapturedAt = now, AnnotatedAt = now },
            new OutOfStockEvent { StoreId = storeId, ShelfId = shelfId, SkuId = sku.Id, Kind = OutOfStockKind.MissingSku, StartedAt = now },
            new CaptureShelfStats { CaptureId = capture.Id, StoreId = storeId, ShelfId = shelfId, TakenAt = now, Day = DateOnly.FromDateTime(now.UtcDateTime), Products = 1 },
            new CaptureSkuFacings
            {
                CaptureId = capture.Id, SkuId = sku.Id, StoreId = storeId, ShelfId = shelfId, TakenAt = now, Day = DateOnly.FromDateTime(now.UtcDateTime),
                Facings = 1, LinearWidth = 29,
            },
            new CameraTrackState { CameraId = camera.CameraId, CaptureId = capture.Id, CapturedAt = now },
            new CameraQualityBaseline { CameraId = camera.CameraId, GoodCaptures = 1, Brightness = 120, LastTakenAt = now },
            new TenantRankerModel { Version = "tenant-" + slug, ModelJson = "{}", TrainedAt = now },
            new RealgramTuningRun { RanAt = now, Before = "before", After = "after" },
            new Webhook { Id = webhookId, Url = $"https://hooks.{slug}.test/", Secret = "secret-" + slug, Events = WebhookEvents.OutOfStock, CreatedAt = now },
            new WebhookDelivery { WebhookId = webhookId, Event = WebhookEvents.OutOfStock, Body = "{}", CreatedAt = now, NextAttemptAt = now.AddDays(1) },
            new Notification { CreatedAt = now, Kind = WebhookEvents.OutOfStock, Title = $"{name} Milk is missing", CaptureId = capture.Id },
            new UnknownProductGroup { Centroid = "AAAA", Members = 1, FirstSeenAt = now, LastSeenAt = now },
            new BackfillRun { Trigger = "cli", Days = 14, StartedAt = now, CapturesTotal = 1 },
            new AlertRule { Id = ruleId, Name = $"{name} milk watch", Kind = AlertRuleKind.OutOfStock, MinMinutes = 60, CreatedAt = now },
            new AlertRuleFiring { RuleId = ruleId, Key = "oos:" + slug, FiredAt = now },
            new ShelfCloud.Domain.Access.ApiToken { Name = "erp", Hash = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(Guid.NewGuid().ToByteArray())), Scopes = "read", CreatedAt = now },
            new AlertSubscription { Id = subscriptionId, UserId = supplierId, Email = $"alerts@{slug}.test", StoreId = storeId, CreatedAt = now },
            new EmailMessage
            {
                SubscriptionId = subscriptionId, To = $"alerts@{slug}.test", Event = WebhookEvents.OutOfStock, Key = "oos", Subject = $"{name} Milk is missing",
                Body = "-", CreatedAt = now, NextAttemptAt = now.AddDays(1),
            });
        await db.SaveChangesAsync();
        db.NotificationReceipts.Add(new NotificationReceipt { NotificationId = db.Notifications.Local.Single().Id, UserId = supplierId, ReadAt = now });
        await db.SaveChangesAsync();
        return new SeededTenant(tenantId, storeId, shelfId, camera.CameraId, camera.ApiKey, sku.Id, capture.Id, detection.Id, supplierId);
    }
}
