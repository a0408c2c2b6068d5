using System.Globalization;
using System.Text.Json;
using ShelfCloud.Benchmarks;
using ShelfCloud.Domain.Captures;

// shelfcloud-bench ingest [--url URL --key KEY] [--concurrency N] [--requests N] [--rounds N] [--json FILE]
//                         [--photos 300KB,20KB] [--sqlite before,after] [--rates 200] [--portal-env Name=value;Name=value]
//   closed loop: N clients each upload, wait for the answer, upload again (the portal's most uploads/s);
//   --rates: uploads sent at that fixed rate (open loop, as cameras on their schedules), with the default settings.
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
        var load = new LoadGenerator(new Uri(url), key, image);
        var measured = new List<object> { await load.RunAsync(concurrency, requests) };
        foreach (var rate in options.List("rates", "none").Where(r => r != "none"))
            measured.Add(await load.RunAtRateAsync(double.Parse(rate, CultureInfo.InvariantCulture), requests));
        report["ingest"] = measured;
    }
    else
    {
        // One run measures SQLite without ("before") and with ("after") the write gate and busy timeout, a fresh portal
        // process each, alternating so that the machine's other load hits both alike; a 20 KB photo shows the database's
        // share, whose decode costs next to nothing.
        var small = BenchmarkImages.SmallJpeg();
        var photos = options.List("photos", "300KB,20KB");
        var sqlite = options.List("sqlite", "before,after");
        var rates = options.List("rates", "200").Where(r => r != "none").Select(r => double.Parse(r, CultureInfo.InvariantCulture)).ToList();
        var portalEnvironment = options.Pairs("portal-env");
        var runs = new List<object>();
        for (var round = 1; round <= options.Int("rounds", 2); round++)
        {
            foreach (var (name, bytes) in new[] { ("300KB", image), ("20KB", small) }.Where(p => photos.Contains(p.Item1)))
            {
                foreach (var gate in new[] { false, true }.Where(g => sqlite.Contains(g ? "after" : "before")))
                {
                    var result = await IngestSelfHostedAsync(bytes, gate, portalEnvironment, async load =>
                    {
                        var measured = await load.RunAsync(concurrency, requests);
                        Console.Error.WriteLine($"ingest {bytes.Length / 1024} KB {(gate ? "after (gate + busy_timeout)" : "before")}: {measured}");
                        return measured;
                    });
                    runs.Add(new { round, image = name, sqlite = gate ? "after" : "before", result });
                }

                foreach (var rate in rates)
                {
                    var result = await IngestSelfHostedAsync(bytes, serializeWrites: true, portalEnvironment, async load =>
                    {
                        var measured = await load.RunAtRateAsync(rate, requests);
                        Console.Error.WriteLine($"ingest {bytes.Length / 1024} KB at {rate}/s: {measured}");
                        return measured;
                    });
                    runs.Add(new { round, image = name, sqlite = "after", offered_per_second = rate, result });
                }
            }
        }

        report["ingest"] = runs;
    }
}

if (command is "recognition" or "all")
    report["recognition"] = await RecognitionSelfHostedAsync(image, options.Int("captures", 300));

BenchmarkData.DeleteAll();
var json = JsonSerializer.Serialize(report, new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower });
Console.WriteLine(json);
if (options.Get("json") is { } file)
    await File.WriteAllTextAsync(file, json);
return 0;

static async Task<object> IngestSelfHostedAsync(
    byte[] image, bool serializeWrites, IReadOnlyDictionary<string, string> portalEnvironment, Func<LoadGenerator, Task<object>> measure)
{
    using var data = await BenchmarkData.CreateAsync();
    var environment = new Dictionary<string, string>
    {
        ["SHELFCLOUD_DATA"] = data.Folder,
        ["Ingestion__PermitsPerWindow"] = "10000000",
        ["Jobs__RunServer"] = "false",
        ["Database__Sqlite__SerializeWrites"] = serializeWrites ? "true" : "false",
        ["Database__Sqlite__BusyTimeoutMilliseconds"] = serializeWrites ? "5000" : "0",
    };
    foreach (var (name, value) in portalEnvironment)
        environment[name] = value;
    await using var portal = await PortalProcess.StartAsync(environment);
    return await measure(new LoadGenerator(portal.Address, data.ApiKey, image));
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

    /// <summary>A comma-separated list, e.g. <c>--photos 300KB,20KB</c>.</summary>
    public IReadOnlySet<string> List(string name, string fallback) =>
        (Get(name) ?? fallback).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.OrdinalIgnoreCase);

    /// <summary><c>Name=value</c> pairs separated by ';', e.g. extra environment variables for the portal process.</summary>
    public IReadOnlyDictionary<string, string> Pairs(string name) =>
        (Get(name) ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(pair => pair.Split('=', 2))
            .ToDictionary(
                parts => parts[0],
                parts => parts.Length == 2 ? parts[1] : throw new ArgumentException($"Expected Name=value in --{name}, got '{parts[0]}'."));
}
