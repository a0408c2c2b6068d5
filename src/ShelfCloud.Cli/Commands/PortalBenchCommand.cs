using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using ShelfCloud.Benchmarks.Core.Portal;
using ShelfCloud.Cli.Recognition;
using ShelfCloud.Infrastructure;
using ShelfCloud.Infrastructure.Dashboard;
using ShelfCloud.Infrastructure.Data;

namespace ShelfCloud.Cli.Commands;

/// <summary>
/// <c>bench portal --json FILE [--detections N] [--skus N] [--repetitions R] [--data DIR]</c>: seeds a fresh SQLite data folder with
/// one tenant's history and times the reads behind the overview, the availability heatmaps and share of shelf
/// (<see cref="PortalBenchmark"/>). Without <c>--data</c> the folder is temporary and deleted afterwards; with it, the
/// folder stays so the portal can be started on it (<c>SHELFCLOUD_DATA=DIR</c>) and the pages looked at.
/// </summary>
internal static class PortalBenchCommand
{
    public static Command Create(CliContext cli)
    {
        var json = new Option<string>("--json") { Description = "JSON file for the figures", Required = true };
        var detections = new Option<int>("--detections") { Description = "Detections to seed", DefaultValueFactory = _ => 1_000_000 };
        var skus = new Option<int>("--skus") { Description = "SKUs in the catalog in all (the shelves use 400; the rest are a long tail)", DefaultValueFactory = _ => 20_000 };
        var repetitions = new Option<int>("--repetitions") { Description = "Timed runs per query (median reported)", DefaultValueFactory = _ => 7 };
        var data = new Option<string?>("--data") { Description = "A new or empty folder to seed and keep (default: a temporary folder, deleted)" };
        var command = new Command("portal", "Seed a SQLite database with a tenant's capture history and time the dashboard, heatmap, share-of-shelf and catalog reads.")
        {
            json, detections, skus, repetitions, data,
        };
        command.SetAction((parse, ct) => CommandGuard.RunAsync(cli, async () =>
        {
            var jsonPath = CommandPaths.OutputFile(parse.GetValue(json), "--json");
            var settings = new PortalBenchmarkSettings(
                Detections: parse.GetValue(detections), Repetitions: parse.GetValue(repetitions), CatalogSkus: parse.GetValue(skus));
            if (settings.Detections < 1_000 || settings.Repetitions < 1 || settings.CatalogSkus < 0)
                throw new CommandInputException("--detections must be at least 1000, --repetitions at least 1 and --skus at least 0.");
            var folder = DataFolderFor(parse.GetValue(data), out var temporary);
            try
            {
                var result = await RunAsync(cli, folder, settings, ct);
                JsonFile.Write(jsonPath, writer => Write(writer, result, settings));
                Print(cli.Output, result);
                if (!temporary)
                {
                    cli.Output.WriteLine($"data kept in {folder}: SHELFCLOUD_DATA={folder} dotnet run --project src/ShelfCloud.Web, " +
                        $"then sign in as {result.Data.ManagerEmail} or {result.Data.SupplierEmail} with {PortalBenchmarkSeeder.Password}");
                }

                return 0;
            }
            finally
            {
                if (temporary)
                    DeleteQuietly(folder);
            }
        }));
        return command;
    }

    private static async Task<PortalBenchmarkResult> RunAsync(CliContext cli, string folder, PortalBenchmarkSettings settings, CancellationToken ct)
    {
        var bench = cli.With(new Dictionary<string, string?>
        {
            [DataFolder.EnvironmentVariable] = folder,
            ["Database:Provider"] = nameof(DatabaseProvider.Sqlite),
            ["Database:ConnectionString"] = null,
        });
        using var host = bench.BuildHost();
        await using (var scope = host.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<DatabaseMigrator>().MigrateAsync(ct);
        return await new PortalBenchmark(host.Services, TimeProvider.System).RunAsync(settings, line => cli.Error.WriteLine(line), ct);
    }

    private static string DataFolderFor(string? path, out bool temporary)
    {
        temporary = path is null;
        var folder = Path.GetFullPath(path ?? Path.Combine(Path.GetTempPath(), "shelfcloud-bench-" + Guid.NewGuid().ToString("N")[..8]));
        if (Directory.Exists(folder) && Directory.EnumerateFileSystemEntries(folder).Any())
            throw new CommandInputException($"--data: '{folder}' is not empty; the benchmark needs a new or empty folder.");
        Directory.CreateDirectory(folder);
        return folder;
    }

    private static void Write(System.Text.Json.Utf8JsonWriter writer, PortalBenchmarkResult result, PortalBenchmarkSettings settings)
    {
        var data = result.Data;
        writer.WriteStartObject();
        writer.WriteNumber("detections", data.Detections);
        writer.WriteNumber("captures", data.Captures);
        writer.WriteNumber("stores", settings.Stores);
        writer.WriteNumber("shelves", settings.Shelves);
        writer.WriteNumber("skus", data.Skus);
        writer.WriteNumber("catalog_skus", data.CatalogSkus);
        writer.WriteNumber("out_of_stock_events", data.Events);
        writer.WriteRounded("database_mb", result.DatabaseBytes / 1024.0 / 1024.0);
        writer.WriteRounded("seed_s", data.Took.TotalSeconds);
        writer.WriteNumber("repetitions", settings.Repetitions);
        foreach (var figure in PortalBenchmark.Figures)
            writer.WriteRounded(figure, result.MedianMs[figure]);
        writer.WriteStartObject("max_ms");
        foreach (var figure in PortalBenchmark.Figures)
            writer.WriteRounded(figure, result.MaxMs[figure]);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static void Print(TextWriter output, PortalBenchmarkResult result)
    {
        output.WriteLine(F($"{result.Data.Detections:N0} detections, {result.Data.Captures:N0} captures, database {result.DatabaseBytes / 1024.0 / 1024.0:F0} MB"));
        foreach (var figure in PortalBenchmark.Figures)
            output.WriteLine(F($"{figure,-28} p50 {result.MedianMs[figure],8:F1} ms   max {result.MaxMs[figure],8:F1} ms"));
    }

    private static void DeleteQuietly(string folder)
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temporary folder is harmless.
        }
    }

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
