using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using ShelfCloud.Domain.Captures;

namespace ShelfCloud.Benchmarks;

/// <summary>One kill of the portal and what the restart made of it.</summary>
public sealed record CrashRound(
    int Round, int Acknowledged, int ProcessingAtKill, int RecognisedBeforeKill, double SecondsFromRestartToAllRecognised,
    int Lost, int RecognisedTwice);

/// <summary>
/// The embedded default (one portal process taking uploads and recognising, the shipped models) killed with SIGKILL while
/// cameras upload and captures are being recognised, then restarted: every upload that was acknowledged (202) must be
/// Recognized, once, and how long after the restart that took is the figure. All captures are the same photo, so a
/// capture recognised twice would stand out with twice the detections of the others.
/// </summary>
public static class CrashRun
{
    public static async Task<IReadOnlyList<CrashRound>> RunAsync(byte[] image, int rounds, int uploadsPerRound)
    {
        using var data = await BenchmarkData.CreateAsync();
        var environment = data.PortalEnvironment();
        environment["Jobs__RunServer"] = "true";
        var acknowledged = new ConcurrentDictionary<Guid, bool>();
        var results = new List<CrashRound>();
        for (var round = 1; round <= rounds; round++)
        {
            var before = acknowledged.Count;
            int processing, recognisedBefore;
            await using (var portal = await PortalProcess.StartAsync(environment))
            {
                using var stop = new CancellationTokenSource();
                var cameras = Enumerable.Range(0, 8).Select(_ => UploadUntilStoppedAsync(portal.Address, data.ApiKey, image, acknowledged, stop.Token)).ToList();
                // Kill once this round's uploads are in and recognition is busy with some of them.
                var deadline = Stopwatch.StartNew();
                Dictionary<CaptureStatus, int> counts;
                do
                {
                    await Task.Delay(50);
                    counts = await data.CountByStatusAsync();
                }
                while ((acknowledged.Count - before < uploadsPerRound || counts.GetValueOrDefault(CaptureStatus.Processing) == 0)
                       && deadline.Elapsed < TimeSpan.FromMinutes(2));
                portal.Kill();
                await stop.CancelAsync();
                await Task.WhenAll(cameras);
                counts = await data.CountByStatusAsync();
                processing = counts.GetValueOrDefault(CaptureStatus.Processing);
                recognisedBefore = counts.GetValueOrDefault(CaptureStatus.Recognized);
            }

            var restart = Stopwatch.StartNew();
            await using (var restarted = await PortalProcess.StartAsync(environment))
            {
                while (await data.CountAsync(acknowledged.Keys, CaptureStatus.Recognized) < acknowledged.Count && restart.Elapsed < TimeSpan.FromMinutes(5))
                    await Task.Delay(100);
                var seconds = restart.Elapsed.TotalSeconds;
                var lost = acknowledged.Count - await data.CountAsync(acknowledged.Keys, CaptureStatus.Recognized);
                var detections = await data.DetectionCountsAsync();
                var usual = detections.Values.GroupBy(n => n).MaxBy(g => g.Count())?.Key ?? 0;
                var twice = detections.Values.Count(n => n >= 2 * usual && usual > 0);
                var result = new CrashRound(round, acknowledged.Count, processing, recognisedBefore, Math.Round(seconds, 1), lost, twice);
                Console.Error.WriteLine($"crash {result}");
                results.Add(result);
            }
        }

        return results;
    }

    private static async Task UploadUntilStoppedAsync(Uri portal, string apiKey, byte[] image, ConcurrentDictionary<Guid, bool> acknowledged, CancellationToken stop)
    {
        using var client = new HttpClient { BaseAddress = portal, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        while (!stop.IsCancellationRequested)
        {
            try
            {
                using var content = new ByteArrayContent(image) { Headers = { ContentType = new("image/jpeg") } };
                using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/captures") { Content = content };
                request.Headers.Add("Idempotency-Key", "crash-" + Guid.NewGuid().ToString("N"));
                using var response = await client.SendAsync(request, stop);
                if (response.StatusCode == HttpStatusCode.Accepted)
                    acknowledged[(await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>(stop)).GetProperty("id").GetGuid()] = true;
                await Task.Delay(100, stop); // cameras upload now and then, not in a tight loop
            }
            catch (Exception e) when (e is HttpRequestException or OperationCanceledException or TaskCanceledException)
            {
                // The portal was killed mid-request: that upload was never acknowledged.
                if (!stop.IsCancellationRequested)
                    await Task.Delay(50, CancellationToken.None);
            }
        }
    }
}
