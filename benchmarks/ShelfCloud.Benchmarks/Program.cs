using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using ShelfCloud.Benchmarks;
using ShelfCloud.Domain.Captures;

// shelfcloud-bench ingest [--url URL --key KEY] [--concurrency N] [--requests N] [--rounds N] [--json FILE]
//                         [--photos 300KB,20KB] [--sqlite before,after] [--rates 200] [--portal-env Name=value;Name=value]
//   closed loop: N clients each upload, wait for the answer, upload again (the portal's most uploads/s);
//   --rates: uploads sent at that fixed rate (open loop, as cameras on their schedules), with the default settings.
// shelfcloud-bench recognition [--captures N] [--json FILE]   backlog of N ~300 KB photos, then a portal with jobs
// shelfcloud-bench all [--json FILE]              both, self-hosted (see docs/benchmarks.md); also without a command
// shelfcloud-bench refusals [--json FILE]        CPU and peak memory of refusing each hostile image (tests' corpus)
// shelfcloud-bench crash [--rounds 10] [--requests 60]  kill -9 of the portal mid-upload and mid-recognition, restart
// shelfcloud-bench contention [--captures N] [--concurrency 32] [--requests N] [--rounds N] [--portal-env …]
//   uploads while the portal recognises with the shipped models, Jobs:YieldToUploadsMilliseconds 0 then 200
var options = new BenchOptions();
var root = new RootCommand("shelfcloud-bench: ingest load and end-to-end recognition throughput of a real portal process (docs/benchmarks.md).")
{
    Command("ingest", "Upload load: closed loop of N clients, then fixed rates (self-hosted portals, or --url/--key).", options.Ingest),
    Command("recognition", "A backlog of ~300 KB photos, then a portal with jobs: captures recognised per minute.", options.Recognition),
    Command("all", "Both, self-hosted.", options.All),
    Command("refusals", "CPU time and peak memory of the upload check refusing each file of the hostile-image corpus.", [options.Json]),
    Command("crash", "The portal killed (SIGKILL) while cameras upload and it recognises, then restarted, --rounds times.", [options.Rounds, options.Requests, options.Json]),
    Command("contention", "Uploads while the portal recognises with the shipped models: yielding to uploads off, then on.", options.Contention),
};
foreach (var option in options.All)
    root.Options.Add(option);
root.SetAction((parse, _) => RunAsync("all", parse));
return await root.Parse(args).InvokeAsync();

Command Command(string name, string description, IEnumerable<Option> commandOptions)
{
    var command = new Command(name, description);
    foreach (var option in commandOptions)
        command.Options.Add(option);
    command.SetAction((parse, _) => RunAsync(name, parse));
    return command;
}

async Task<int> RunAsync(string command, ParseResult parse)
{
    var image = BenchmarkImages.ShelfJpeg();
    Console.Error.WriteLine($"image: {image.Length / 1024} KB JPEG, {Environment.ProcessorCount} cores, load average {LoadAverage()}");

    var report = new Dictionary<string, object?>
    {
        ["machine"] = new { cores = Environment.ProcessorCount, os = Environment.OSVersion.ToString(), runtime = Environment.Version.ToString(), load_average_at_start = LoadAverage() },
        ["image_bytes"] = image.Length,
    };
    if (command is "ingest" or "all")
    {
        var concurrency = parse.GetValue(options.Concurrency);
        var requests = parse.GetValue(options.Requests);
        if (parse.GetValue(options.Url) is { } url)
        {
            var key = parse.GetValue(options.Key) ?? throw new ArgumentException("--key is required with --url.");
            var load = new LoadGenerator(new Uri(url), key, image);
            var measured = new List<object> { await load.RunAsync(concurrency, requests) };
            foreach (var rate in BenchOptions.List(parse.GetValue(options.Rates) ?? "none").Where(r => r != "none"))
                measured.Add(await load.RunAtRateAsync(double.Parse(rate, CultureInfo.InvariantCulture), requests));
            report["ingest"] = measured;
        }
        else
        {
            // One run measures SQLite without ("before") and with ("after") the write gate and busy timeout, a fresh portal
            // process each, alternating so that the machine's other load hits both alike; a 20 KB photo shows the database's
            // share, whose decode costs next to nothing.
            var small = BenchmarkImages.SmallJpeg();
            var photos = BenchOptions.List(parse.GetValue(options.Photos) ?? "300KB,20KB");
            var sqlite = BenchOptions.List(parse.GetValue(options.Sqlite) ?? "before,after");
            var rates = BenchOptions.List(parse.GetValue(options.Rates) ?? "200").Where(r => r != "none").Select(r => double.Parse(r, CultureInfo.InvariantCulture)).ToList();
            var portalEnvironment = BenchOptions.Pairs(parse.GetValue(options.PortalEnvironment), "portal-env");
            var runs = new List<object>();
            for (var round = 1; round <= parse.GetValue(options.Rounds); round++)
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
        report["recognition"] = await RecognitionSelfHostedAsync(image, parse.GetValue(options.Captures));

    if (command == "refusals")
    {
        var costs = await RefusalCost.RunAsync();
        var accepted = costs.Where(c => c.Reason == "accepted").Select(c => c.Name).ToList();
        var worstCpu = costs.MaxBy(c => c.CpuMs)!;
        var worstMemory = costs.MaxBy(c => c.PeakExtraMb)!;
        report["refusals"] = new
        {
            files = costs.Count,
            accepted,
            max_cpu_ms = worstCpu.CpuMs,
            max_cpu_file = worstCpu.Name,
            max_peak_extra_mb = worstMemory.PeakExtraMb,
            max_peak_extra_file = worstMemory.Name,
            mean_cpu_ms = Math.Round(costs.Average(c => c.CpuMs), 3),
            each = costs,
        };
        Console.Error.WriteLine($"refusals: {costs.Count} files, {accepted.Count} accepted, CPU max {worstCpu.CpuMs} ms ({worstCpu.Name}), peak +{worstMemory.PeakExtraMb} MB ({worstMemory.Name})");
    }

    if (command == "crash")
        report["crash"] = await CrashRun.RunAsync(image, parse.GetValue(options.Rounds), uploadsPerRound: Math.Min(parse.GetValue(options.Requests), 200));

    if (command == "contention")
    {
        var extra = BenchOptions.Pairs(parse.GetValue(options.PortalEnvironment), "portal-env");
        var runs = new List<ContentionResult>();
        for (var round = 1; round <= parse.GetValue(options.Rounds); round++)
        {
            foreach (var (name, yieldMs) in new[] { ("yield off", "0"), ("yield on", "200") })
            {
                var settings = new Dictionary<string, string>(extra) { ["Jobs__YieldToUploadsMilliseconds"] = yieldMs };
                runs.Add(await ContentionRun.RunAsync(name, settings, image, parse.GetValue(options.Captures),
                    parse.GetValue(options.Concurrency), parse.GetValue(options.Requests)));
            }
        }

        report["contention"] = runs;
    }

    BenchmarkData.DeleteAll();
    var json = JsonSerializer.Serialize(report, new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower });
    Console.WriteLine(json);
    if (parse.GetValue(options.Json) is { } file)
        await File.WriteAllTextAsync(file, json);
    return 0;
}

static async Task<object> IngestSelfHostedAsync(
    byte[] image, bool serializeWrites, IReadOnlyDictionary<string, string> portalEnvironment, Func<LoadGenerator, Task<object>> measure)
{
    using var data = await BenchmarkData.CreateAsync();
    var environment = data.PortalEnvironment();
    environment["Database__Sqlite__SerializeWrites"] = serializeWrites ? "true" : "false";
    environment["Database__Sqlite__BusyTimeoutMilliseconds"] = serializeWrites ? "5000" : "0";
    foreach (var (name, value) in portalEnvironment)
        environment[name] = value;
    await using var portal = await PortalProcess.StartAsync(environment);
    return await measure(new LoadGenerator(portal.Address, data.ApiKey, image));
}

static async Task<object> RecognitionSelfHostedAsync(byte[] image, int captures)
{
    using var data = await BenchmarkData.CreateAsync();
    // A backlog first (a portal that runs no jobs), then a portal that does: its rate is the recognition's own.
    await data.UploadBacklogAsync(image, captures);

    var environment = data.PortalEnvironment();
    var assets = Path.Combine(RepositoryRoot(), "tests", "ShelfCloud.TestSupport", "Assets");
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

/// <summary>
/// The options of the commands, each defined once. Their names are the ones the benchmark has always taken; the list
/// values (<c>--photos</c>, <c>--sqlite</c>, <c>--rates</c>) stay strings so that <c>none</c> and the defaults keep their meaning.
/// </summary>
internal sealed class BenchOptions
{
    public Option<string?> Url { get; } = new("--url") { Description = "An already running portal to load (with --key); without it the benchmark starts its own" };
    public Option<string?> Key { get; } = new("--key") { Description = "A camera key of the portal given by --url" };
    public Option<int> Concurrency { get; } = new("--concurrency") { Description = "Clients of the closed loop", DefaultValueFactory = _ => 32 };
    public Option<int> Requests { get; } = new("--requests") { Description = "Uploads per run", DefaultValueFactory = _ => 2000 };
    public Option<int> Rounds { get; } = new("--rounds") { Description = "Rounds of self-hosted runs, alternating the settings", DefaultValueFactory = _ => 2 };
    public Option<string?> Photos { get; } = new("--photos") { Description = "Photo sizes, comma-separated: 300KB,20KB" };
    public Option<string?> Sqlite { get; } = new("--sqlite") { Description = "SQLite settings, comma-separated: before,after" };
    public Option<string?> Rates { get; } = new("--rates") { Description = "Fixed upload rates per second, comma-separated, or none" };
    public Option<string?> PortalEnvironment { get; } = new("--portal-env") { Description = "Extra environment of the portal process: Name=value;Name=value" };
    public Option<int> Captures { get; } = new("--captures") { Description = "Captures in the recognition backlog", DefaultValueFactory = _ => 300 };
    public Option<string?> Json { get; } = new("--json") { Description = "Also write the report to this file" };

    /// <summary>The options of <c>ingest</c> (and <c>--json</c>).</summary>
    public IEnumerable<Option> Ingest => [Url, Key, Concurrency, Requests, Rounds, Photos, Sqlite, Rates, PortalEnvironment, Json];

    /// <summary>The options of <c>recognition</c>.</summary>
    public IEnumerable<Option> Recognition => [Captures, Json];

    /// <summary>The options of <c>contention</c>.</summary>
    public IEnumerable<Option> Contention => [Concurrency, Requests, Rounds, Captures, PortalEnvironment, Json];

    /// <summary>The options of <c>all</c> (and of no command): both commands' options.</summary>
    public IEnumerable<Option> All => Ingest.Union(Recognition);

    /// <summary>A comma-separated list, e.g. <c>--photos 300KB,20KB</c>.</summary>
    public static IReadOnlySet<string> List(string value) =>
        value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.OrdinalIgnoreCase);

    /// <summary><c>Name=value</c> pairs separated by ';', e.g. extra environment variables for the portal process.</summary>
    public static IReadOnlyDictionary<string, string> Pairs(string? value, string name) =>
        (value ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(pair => pair.Split('=', 2))
            .ToDictionary(
                parts => parts[0],
                parts => parts.Length == 2 ? parts[1] : throw new ArgumentException($"Expected Name=value in --{name}, got '{parts[0]}'."));
}
