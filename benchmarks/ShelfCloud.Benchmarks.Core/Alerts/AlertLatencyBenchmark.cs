using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ShelfCloud.Domain.Alerts;
using ShelfCloud.Domain.Captures;
using ShelfCloud.Domain.Catalog;
using ShelfCloud.Infrastructure.Alerts;
using ShelfCloud.Infrastructure.Availability;
using ShelfCloud.Infrastructure.Data;
using ShelfCloud.Infrastructure.Onboarding;
using ShelfCloud.Infrastructure.Tenancy;

namespace ShelfCloud.Benchmarks.Core.Alerts;

/// <summary>Latencies from the analysis of the capture that confirms an out-of-stock to the webhook's receipt.</summary>
public sealed record AlertLatencyResult(int Events, int Delivered, double P50Ms, double P95Ms, double MaxMs);

/// <summary>
/// Out-of-stock events made the way the product makes them — a shelf's annotated capture, then captures without one of its
/// SKUs, each analysed by the real <see cref="CaptureAnalyzer"/> — with a webhook subscribed and the real
/// <see cref="WebhookSender"/> loop running against a receiver on a loopback port. Each figure runs from the start of the
/// confirming capture's analysis to the moment the receiver holds the signed request. Recognition of the photo comes
/// before that (docs/benchmarks.md has its figures) and is not included.
/// </summary>
public sealed class AlertLatencyBenchmark(IServiceProvider services)
{
    public async Task<AlertLatencyResult> RunAsync(int events, CancellationToken ct)
    {
        var port = FreePort();
        using var receiver = new HttpListener();
        receiver.Prefixes.Add($"http://127.0.0.1:{port}/alerts/");
        receiver.Start();
        var received = new ConcurrentDictionary<string, long>();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var receiving = ReceiveAsync(receiver, received, stop.Token);
        var sender = services.GetRequiredService<WebhookSender>();
        var sending = SendLoopAsync(sender, stop.Token);

        var tenantId = (await services.GetRequiredService<TenantProvisioning>().CreateAsync("alerts-bench-" + Guid.NewGuid().ToString("N")[..6], "Alerts bench", ct)).Id;
        await using (var scope = services.GetRequiredService<TenantScopeFactory>().CreateScope(tenantId, "bench"))
            await scope.ServiceProvider.GetRequiredService<WebhookRegistry>().AddAsync($"http://127.0.0.1:{port}/alerts/", [WebhookEvents.OutOfStock], ct);

        var started = new Dictionary<Guid, long>();
        for (var i = 0; i < events; i++)
        {
            var confirming = await ShelfAboutToMissAsync(tenantId, i, ct);
            started[confirming] = Stopwatch.GetTimestamp();
            await AnalyzeAsync(tenantId, confirming, ct);
        }

        var deadline = Stopwatch.StartNew();
        while (received.Count < events && deadline.Elapsed < TimeSpan.FromSeconds(30))
            await Task.Delay(20, ct);
        await stop.CancelAsync();
        receiver.Stop();
        await Task.WhenAll(receiving, sending);

        var byCapture = await DeliveredCapturesAsync(tenantId, received, ct);
        var latencies = byCapture.Where(r => started.ContainsKey(r.CaptureId))
            .Select(r => Stopwatch.GetElapsedTime(started[r.CaptureId], r.ReceivedAt).TotalMilliseconds).Order().ToList();
        return latencies.Count == 0
            ? new AlertLatencyResult(events, 0, double.NaN, double.NaN, double.NaN)
            : new AlertLatencyResult(events, latencies.Count, Percentile(latencies, 0.5), Percentile(latencies, 0.95), latencies[^1]);
    }

    /// <summary>A new shelf whose first capture shows milk and oat and is annotated, then two without oat, analysed; returns a third one, not analysed.</summary>
    private async Task<Guid> ShelfAboutToMissAsync(Guid tenantId, int index, CancellationToken ct)
    {
        await using var scope = services.GetRequiredService<TenantScopeFactory>().CreateScope(tenantId, "bench");
        var sp = scope.ServiceProvider;
        var issued = await sp.GetRequiredService<CameraOnboarding>().CreateWithPlacementAsync("Bench store", $"Shelf {index}", $"cam-{index}", ct);
        var camera = (await sp.GetRequiredService<CameraKeyResolver>().ResolveAsync(issued.ApiKey, ct))!;
        var db = sp.GetRequiredService<ShelfCloudDbContext>();
        var milk = new Sku { Code = $"MILK-{index}", Name = "Milk", Brand = "Bench", Category = "Dairy" };
        var oat = new Sku { Code = $"OAT-{index}", Name = "Oat drink", Brand = "Bench", Category = "Dairy" };
        db.Skus.AddRange(milk, oat);
        var start = DateTimeOffset.UtcNow.AddHours(-3);
        var captures = Enumerable.Range(0, 4).Select(i => Capture(camera, start.AddMinutes(30 * i), i == 0 ? [milk.Id, oat.Id] : [milk.Id])).ToList();
        db.Captures.AddRange(captures);
        await db.SaveChangesAsync(ct);
        foreach (var detection in captures[0].Detections)
        {
            db.Annotations.Add(new Annotation
            {
                ShelfId = camera.ShelfId, CaptureId = captures[0].Id, DetectionId = detection.Id, SkuId = detection.PredictedSkuId!.Value,
                X1 = detection.X1, Y1 = detection.Y1, X2 = detection.X2, Y2 = detection.Y2, CapturedAt = start, AnnotatedAt = start, AcceptedPrediction = true,
            });
            detection.ReviewStatus = ReviewStatus.Accepted;
        }

        await db.SaveChangesAsync(ct);
        var analyzer = sp.GetRequiredService<CaptureAnalyzer>();
        for (var i = 0; i < 3; i++)
            await analyzer.AnalyzeAsync(captures[i].Id, ct);
        return captures[3].Id;
    }

    private static Capture Capture(CameraIdentity camera, DateTimeOffset takenAt, Guid[] skus)
    {
        var capture = new Capture
        {
            CameraId = camera.CameraId, ShelfId = camera.ShelfId, StoreId = camera.StoreId, BlobName = $"{camera.TenantId}/captures/{Guid.NewGuid():N}.jpg",
            Width = 400, Height = 300, TakenAt = takenAt, ReceivedAt = takenAt, RecognizedAt = takenAt, Status = CaptureStatus.Recognized,
        };
        for (var i = 0; i < skus.Length; i++)
        {
            capture.Detections.Add(new Detection
            {
                X1 = 50 * i, Y1 = 100, X2 = 50 * (i + 1), Y2 = 200, DetectorScore = 0.9f, FinalScore = 0.8f, PredictedSkuId = skus[i], DetectorClass = "product",
            });
        }

        return capture;
    }

    private async Task AnalyzeAsync(Guid tenantId, Guid captureId, CancellationToken ct)
    {
        await using var scope = services.GetRequiredService<TenantScopeFactory>().CreateScope(tenantId, "bench");
        await scope.ServiceProvider.GetRequiredService<CaptureAnalyzer>().AnalyzeAsync(captureId, ct);
    }

    private async Task<List<(Guid CaptureId, long ReceivedAt)>> DeliveredCapturesAsync(Guid tenantId, ConcurrentDictionary<string, long> received, CancellationToken ct)
    {
        await using var scope = services.GetRequiredService<TenantScopeFactory>().CreateScope(tenantId, "bench");
        var deliveries = await scope.ServiceProvider.GetRequiredService<ShelfCloudDbContext>().WebhookDeliveries.AsNoTracking().ToListAsync(ct);
        return deliveries
            .Where(d => received.ContainsKey(d.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)))
            .Select(d => (System.Text.Json.JsonDocument.Parse(d.Body).RootElement.GetProperty("capture_id").GetGuid(), received[d.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            .ToList();
    }

    private static async Task SendLoopAsync(WebhookSender sender, CancellationToken ct)
    {
        try
        {
            while (!ct.IsCancellationRequested)
            {
                await sender.SendDueAsync(ct);
                await sender.WakeUp.WaitAsync(TimeSpan.FromSeconds(1), ct);
            }
        }
        catch (OperationCanceledException)
        {
            // Done.
        }
    }

    private static async Task ReceiveAsync(HttpListener listener, ConcurrentDictionary<string, long> received, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync().WaitAsync(ct);
            }
            catch (Exception e) when (e is OperationCanceledException or HttpListenerException or ObjectDisposedException)
            {
                return;
            }

            received[context.Request.Headers["X-ShelfCloud-Delivery"] ?? ""] = Stopwatch.GetTimestamp();
            context.Response.StatusCode = 204;
            context.Response.Close();
        }
    }

    private static double Percentile(List<double> sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }
}
