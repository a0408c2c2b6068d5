using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;

namespace ShelfCloud.Benchmarks;

/// <summary>Throughput and latency of one load run.</summary>
public sealed record LoadResult(int Requests, int Concurrency, int Errors, double Seconds, double UploadsPerSecond, double P50Ms, double P99Ms, double MaxMs);

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

    private HttpClient NewClient()
    {
        var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1 }) { BaseAddress = portal, Timeout = TimeSpan.FromMinutes(2) };
        client.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        return client;
    }

    private async Task<bool> UploadAsync(HttpClient client, CancellationToken ct)
    {
        using var response = await client.PostAsync("/api/v1/captures", Content(), ct);
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
