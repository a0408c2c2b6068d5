using System.Globalization;
using System.Text.Json;
using ShelfCloud.Benchmarks;
using ShelfCloud.Domain.Captures;

// shelfcloud-bench ingest [--url URL --key KEY] [--concurrency N] [--requests N] [--rounds N] [--json FILE]
// shelfcloud-bench recognition [--captures N] [--json FILE]   backlog of N ~300 KB photos, then a portal with jobs
// shelfcloud-bench all [--json FILE]              both, self-hosted (see docs/benchmarks.md)
var command = args.FirstOrDefault() ?? "all";
var options = Options.Parse(args.Skip(1).ToArray());
var image = BenchmarkImages.ShelfJpeg();
Console.Error.WriteLine($"image: {image.Length / 1024} KB JPEG, {Environment.ProcessorCount} cores, load average {LoadAverage()}");

var report = new Dictionary<string, object?>
{
    ["machine"] = new { cores = Environment.ProcessorCount, os = Environment.OSVersion.ToString(), runtime = Environment.Version.ToString(), load_average_at_start = LoadAverage() },
    ["image_bytes"] = image.Length,
};
if (command is "ingest" or "all")
{
    var concurrency = options.Int("concurrency", 32);
    var requests = options.Int("requests", 2000);
    if (options.Get("url") is { } url)
    {
        var key = options.Get("key") ?? throw new ArgumentException("--key is required with --url.");
        report["ingest"] = await new LoadGenerator(new Uri(url), key, image).RunAsync(concurrency, requests);
    }
    else
    {
        // One run measures SQLite without ("before") and with ("after") the write gate and busy timeout, a fresh portal
        // process each, alternating so that the machine's other load hits both alike; a 20 KB photo shows the database's
        // share, whose decode costs next to nothing.
        var small = BenchmarkImages.SmallJpeg();
        var runs = new List<object>();
        for (var round = 1; round <= options.Int("rounds", 2); round++)
        {
            foreach (var (name, bytes) in new[] { ("300KB", image), ("20KB", small) })
            {
                foreach (var gate in new[] { false, true })
                {
                    var result = await IngestSelfHostedAsync(bytes, concurrency, requests, gate);
                    runs.Add(new { round, image = name, sqlite = gate ? "after" : "before", result });
                }
            }
        }

        report["ingest"] = runs;
    }
}

if (command is "recognition" or "all")
    report["recognition"] = await RecognitionSelfHostedAsync(image, options.Int("captures", 300));

var json = JsonSerializer.Serialize(report, new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower });
Console.WriteLine(json);
if (options.Get("json") is { } file)
    await File.WriteAllTextAsync(file, json);
return 0;

static async Task<LoadResult> IngestSelfHostedAsync(byte[] image, int concurrency, int requests, bool serializeWrites)
{
    using var data = await BenchmarkData.CreateAsync();
    await using var portal = await PortalProcess.StartAsync(new Dictionary<string, string>
    {
        ["SHELFCLOUD_DATA"] = data.Folder,
        ["Ingestion__PermitsPerWindow"] = "10000000",
        ["Jobs__RunServer"] = "false",
        ["Database__Sqlite__SerializeWrites"] = serializeWrites ? "true" : "false",
        ["Database__Sqlite__BusyTimeoutMilliseconds"] = serializeWrites ? "5000" : "0",
    });
    var result = await new LoadGenerator(portal.Address, data.ApiKey, image).RunAsync(concurrency, requests);
    Console.Error.WriteLine($"ingest {image.Length / 1024} KB {(serializeWrites ? "after (gate + busy_timeout)" : "before")}: {result}");
    return result;
}

static async Task<object> RecognitionSelfHostedAsync(byte[] image, int captures)
{
    using var data = await BenchmarkData.CreateAsync();
    var environment = new Dictionary<string, string>
    {
        ["SHELFCLOUD_DATA"] = data.Folder,
        ["Ingestion__PermitsPerWindow"] = "10000000",
        ["Jobs__RunServer"] = "false",
    };

    // A backlog first (a portal that runs no jobs), then a portal that does: its rate is the recognition's own.
    await using (var ingestOnly = await PortalProcess.StartAsync(environment))
        await new LoadGenerator(ingestOnly.Address, data.ApiKey, image).RunAsync(concurrency: 8, requests: captures);

    var assets = Path.Combine(RepositoryRoot(), "tests", "ShelfCloud.Vision.Tests", "Assets");
    environment["Jobs__RunServer"] = "true";
    environment["Models__Detector"] = Path.Combine(assets, "detector.onnx");
    environment["Models__Embedder"] = Path.Combine(assets, "embedder.onnx");
    await using var portal = await PortalProcess.StartAsync(environment);
    var start = System.Diagnostics.Stopwatch.StartNew();
    Dictionary<CaptureStatus, int> counts;
    while (true)
    {
        counts = await data.CountByStatusAsync();
        // The backlog includes the load generator's warm-up uploads.
        if (counts.GetValueOrDefault(CaptureStatus.Recognized) + counts.GetValueOrDefault(CaptureStatus.Failed) >= counts.Values.Sum()
            || start.Elapsed > TimeSpan.FromMinutes(20))
            break;
        await Task.Delay(100);
    }

    var seconds = start.Elapsed.TotalSeconds;
    var recognized = counts.GetValueOrDefault(CaptureStatus.Recognized);
    var result = new
    {
        captures = counts.Values.Sum(),
        recognized,
        failed = counts.GetValueOrDefault(CaptureStatus.Failed),
        seconds_until_all_recognised = Math.Round(seconds, 2),
        captures_recognised_per_minute = Math.Round(recognized / seconds * 60, 1),
        models = "tests/ShelfCloud.Vision.Tests/Assets detector.onnx + embedder.onnx",
    };
    Console.Error.WriteLine($"recognition: {result}");
    return result;
}

static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

static string RepositoryRoot()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
    {
        if (File.Exists(Path.Combine(dir.FullName, "ShelfCloud.sln")))
            return dir.FullName;
    }

    for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
    {
        if (File.Exists(Path.Combine(dir.FullName, "ShelfCloud.sln")))
            return dir.FullName;
    }

    throw new InvalidOperationException("Run from inside the repository: the test models are read from tests/ShelfCloud.Vision.Tests/Assets.");
}

/// <summary>The <c>--name value</c> pairs of the command line.</summary>
internal sealed class Options(Dictionary<string, string> values)
{
    public static Options Parse(string[] args)
    {
        var values = new Dictionary<string, string>();
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
                throw new ArgumentException($"Expected --name value, got '{args[i]}'.");
            values[args[i][2..]] = args[i + 1];
        }

        return new Options(values);
    }

    public string? Get(string name) => values.GetValueOrDefault(name);

    public int Int(string name, int fallback) => Get(name) is { } value ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;
}
