using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;

namespace ShelfCloud.Benchmarks;

/// <summary>Throughput and latency of one load run.</summary>
public sealed record LoadResult(int Requests, int Concurrency, int Errors, double Seconds, double UploadsPerSecond, double P50Ms, double P99Ms, double MaxMs);

/// <summary>
/// Latency of uploads sent at a fixed rate (open loop): each request's latency counts from when it was due, so a
/// portal that falls behind is charged for the wait too. <see cref="MostInFlight"/> is the largest number of uploads
/// that were under way at once.
/// </summary>
public sealed record RateResult(double OfferedPerSecond, int Requests, int Errors, double Seconds, double UploadsPerSecond, double P50Ms, double P99Ms, double MaxMs, int MostInFlight);

/// <summary>
/// Uploads one image many times from N concurrent clients, each with its own connection pool, as N cameras would,
/// and measures every request from send to response.
/// </summary>
public sealed class LoadGenerator(Uri portal, string apiKey, byte[] image)
{
    /// <summary>Runs <paramref name="requests"/> uploads from <paramref name="concurrency"/> clients after a short warm-up.</summary>
    public async Task<LoadResult> RunAsync(int concurrency, int requests, CancellationToken ct = default)
    {
        var clients = Enumerable.Range(0, concurrency).Select(_ => NewClient()).ToArray();
        try
        {
            await Task.WhenAll(clients.Select(client => UploadAsync(client, ct)));
            var latencies = new double[requests];
            var errors = 0;
            var next = -1;
            var wall = Stopwatch.StartNew();
            await Task.WhenAll(clients.Select(async client =>
            {
                int i;
                while ((i = Interlocked.Increment(ref next)) < requests)
                {
                    var start = Stopwatch.GetTimestamp();
                    var ok = await UploadAsync(client, ct);
                    latencies[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                    if (!ok)
                        Interlocked.Increment(ref errors);
                }
            }));
            wall.Stop();
            Array.Sort(latencies);
            return new LoadResult(requests, concurrency, errors, wall.Elapsed.TotalSeconds, requests / wall.Elapsed.TotalSeconds,
                Percentile(latencies, 0.50), Percentile(latencies, 0.99), latencies[^1]);
        }
        finally
        {
            foreach (var client in clients)
                client.Dispose();
        }
    }

    /// <summary>
    /// Sends <paramref name="requests"/> uploads at <paramref name="perSecond"/> (open loop, as a fleet of cameras on
    /// their schedules: an upload does not wait for the previous one), each on a free connection of a shared pool.
    /// </summary>
    public async Task<RateResult> RunAtRateAsync(double perSecond, int requests, CancellationToken ct = default)
    {
        using var client = NewClient(maxConnections: 1024);
        await Task.WhenAll(Enumerable.Range(0, 32).Select(_ => UploadAsync(client, ct)));
        var latencies = new double[requests];
        var errors = 0;
        var inFlight = 0;
        var mostInFlight = 0;
        var uploads = new Task[requests];
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < requests; i++)
        {
            var due = start + (long)(i * Stopwatch.Frequency / perSecond);
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
            if (wait > TimeSpan.FromMilliseconds(1))
                await Task.Delay(wait, ct);
            var index = i;
            uploads[i] = Task.Run(async () =>
            {
                var now = Interlocked.Increment(ref inFlight);
                InterlockedMax(ref mostInFlight, now);
                var ok = await UploadAsync(client, ct);
                Interlocked.Decrement(ref inFlight);
                latencies[index] = Stopwatch.GetElapsedTime(due).TotalMilliseconds;
                if (!ok)
                    Interlocked.Increment(ref errors);
            }, ct);
        }

        await Task.WhenAll(uploads);
        var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        Array.Sort(latencies);
        return new RateResult(perSecond, requests, errors, seconds, requests / seconds,
            Percentile(latencies, 0.50), Percentile(latencies, 0.99), latencies[^1], mostInFlight);
    }

    /// <summary>Uploads the image <paramref name="count"/> times, one after the other; returns the capture ids.</summary>
    public async Task<List<Guid>> UploadSequentiallyAsync(int count, CancellationToken ct = default)
    {
        using var client = NewClient();
        var ids = new List<Guid>();
        for (var i = 0; i < count; i++)
        {
            using var response = await client.PostAsync("/api/v1/captures", Content(), ct);
            response.EnsureSuccessStatusCode();
            var body = await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>(ct);
            ids.Add(body.GetProperty("id").GetGuid());
        }

        return ids;
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while (value > (seen = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }

    private HttpClient NewClient(int maxConnections = 1)
    {
        var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = maxConnections }) { BaseAddress = portal, Timeout = TimeSpan.FromMinutes(2) };
        client.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        return client;
    }

    // Each upload carries its own Idempotency-Key, as the README's camera script does: the portal looks it up on the way in.
    private async Task<bool> UploadAsync(HttpClient client, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/captures") { Content = Content() };
        request.Headers.Add("Idempotency-Key", "bench-" + Guid.NewGuid().ToString("N"));
        using var response = await client.SendAsync(request, ct);
        return response.StatusCode == HttpStatusCode.Accepted;
    }

    private ByteArrayContent Content()
    {
        var content = new ByteArrayContent(image);
        content.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
        return content;
    }

    private static double Percentile(double[] sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
}
