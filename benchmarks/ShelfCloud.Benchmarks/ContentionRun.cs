using System.Diagnostics;
using ShelfCloud.Domain.Captures;

namespace ShelfCloud.Benchmarks;

/// <summary>One configuration of the contention benchmark and what it measured.</summary>
public sealed record ContentionResult(
    string Configuration, double RecognisedPerMinuteAlone, LoadResult Uploads, double RecognisedPerMinuteDuringUploads,
    double RecognisedPerMinuteAfterUploads, double SpeedAfterUploadsVersusAlone);

/// <summary>
/// Uploads while recognition runs in the same portal process (the embedded default, with the shipped models): a backlog
/// is uploaded to a portal without jobs; then a portal with jobs starts on it and, once recognition runs, its rate is
/// measured alone, during a closed loop of camera uploads, and again after the uploads stop.
/// </summary>
public static class ContentionRun
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(20);

    public static async Task<ContentionResult> RunAsync(
        string configuration, IReadOnlyDictionary<string, string> settings, byte[] image, int backlog, int concurrency, int requests)
    {
        using var data = await BenchmarkData.CreateAsync();
        await data.UploadBacklogAsync(image, backlog);
        var environment = data.PortalEnvironment();
        environment["Jobs__RunServer"] = "true";
        foreach (var (name, value) in settings)
            environment[name] = value;
        await using var portal = await PortalProcess.StartAsync(environment);
        var deadline = Stopwatch.StartNew();
        while (await RecognisedAsync(data) == 0 && deadline.Elapsed < TimeSpan.FromMinutes(3))
            await Task.Delay(100); // models loaded, first batch done

        var alone = await RateAsync(data, () => Task.Delay(Window));
        LoadResult? uploads = null;
        var during = await RateAsync(data, async () => uploads = await new LoadGenerator(portal.Address, data.ApiKey, image).RunAsync(concurrency, requests));
        var after = await RateAsync(data, () => Task.Delay(Window));
        var result = new ContentionResult(configuration, alone, uploads!, during, after, Math.Round(after / alone, 3));
        Console.Error.WriteLine($"contention {configuration}: {result}");
        return result;
    }

    /// <summary>Captures recognised per minute while <paramref name="phase"/> runs.</summary>
    private static async Task<double> RateAsync(BenchmarkData data, Func<Task> phase)
    {
        var before = await RecognisedAsync(data);
        var clock = Stopwatch.StartNew();
        await phase();
        var recognised = await RecognisedAsync(data) - before;
        return Math.Round(recognised / clock.Elapsed.TotalMinutes, 1);
    }

    private static async Task<int> RecognisedAsync(BenchmarkData data) =>
        (await data.CountByStatusAsync()).GetValueOrDefault(CaptureStatus.Recognized);
}
