using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using ShelfCloud.Benchmarks.Core.Alerts;
using ShelfCloud.Cli.Recognition;
using ShelfCloud.Infrastructure;
using ShelfCloud.Infrastructure.Data;

namespace ShelfCloud.Cli.Commands;

/// <summary>
/// <c>bench alerts --json FILE [--events N]</c>: from the analysis of the capture that confirms an out-of-stock to the
/// webhook's receipt, in a fresh temporary data folder (<see cref="AlertLatencyBenchmark"/>).
/// </summary>
internal static class AlertBenchCommand
{
    public static Command Create(CliContext cli)
    {
        var json = new Option<string>("--json") { Description = "JSON file for the figures", Required = true };
        var events = new Option<int>("--events") { Description = "Out-of-stock events to deliver", DefaultValueFactory = _ => 40 };
        var command = new Command("alerts", "Latency from the capture that confirms an out-of-stock to the webhook delivery (p50, p95, max).") { json, events };
        command.SetAction((parse, ct) => CommandGuard.RunAsync(cli, async () =>
        {
            var jsonPath = CommandPaths.OutputFile(parse.GetValue(json), "--json");
            var count = parse.GetValue(events);
            if (count < 1)
                throw new CommandInputException("--events must be at least 1.");
            var folder = Path.Combine(Path.GetTempPath(), "shelfcloud-alerts-bench-" + Guid.NewGuid().ToString("N")[..8]);
            Directory.CreateDirectory(folder);
            try
            {
                using var host = cli.With(new Dictionary<string, string?>
                {
                    [DataFolder.EnvironmentVariable] = folder,
                    ["Database:Provider"] = nameof(DatabaseProvider.Sqlite),
                    ["Database:ConnectionString"] = null,
                }).BuildHost();
                await using (var scope = host.Services.CreateAsyncScope())
                    await scope.ServiceProvider.GetRequiredService<DatabaseMigrator>().MigrateAsync(ct);
                var result = await new AlertLatencyBenchmark(host.Services).RunAsync(count, ct);
                JsonFile.Write(jsonPath, writer =>
                {
                    writer.WriteStartObject();
                    writer.WriteNumber("events", result.Events);
                    writer.WriteNumber("delivered", result.Delivered);
                    writer.WriteRounded("p50_ms", result.P50Ms);
                    writer.WriteRounded("p95_ms", result.P95Ms);
                    writer.WriteRounded("max_ms", result.MaxMs);
                    writer.WriteEndObject();
                });
                cli.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{result.Delivered} of {result.Events} out-of-stock events delivered: p50 {result.P50Ms:F0} ms, p95 {result.P95Ms:F0} ms, max {result.MaxMs:F0} ms"));
                return result.Delivered == result.Events ? 0 : 1;
            }
            finally
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
        }));
        return command;
    }
}
