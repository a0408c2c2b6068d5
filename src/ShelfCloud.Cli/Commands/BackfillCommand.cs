using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using ShelfCloud.Cli.Recognition;
using ShelfCloud.Infrastructure.Recognition;

namespace ShelfCloud.Cli.Commands;

/// <summary>
/// <c>backfill --tenant SLUG [--days N] [--shelf ID]</c>: scores the tenant's captures of the last N days again with
/// today's catalog, annotations and ranker (<see cref="CaptureBackfill"/>); prints <c>captures=&lt;n&gt;</c> and
/// <c>changed=&lt;n&gt;</c> (detections whose answer changed), then what it could not score.
/// </summary>
internal static class BackfillCommand
{
    public static Command Create(CliContext cli)
    {
        var tenant = new Option<string>("--tenant") { Description = "Tenant slug", Required = true };
        var days = new Option<int>("--days") { Description = "Captures of the last N days", DefaultValueFactory = _ => BackfillRequest.DefaultDays };
        var shelf = new Option<Guid?>("--shelf") { Description = "Only this shelf's captures (its id)" };
        var command = new Command("backfill", "Score a tenant's recent captures again after the catalog or the annotations changed; prints captures= and changed=.")
        {
            tenant, days, shelf,
        };
        command.SetAction((parse, ct) => CommandGuard.RunAsync(cli, () =>
        {
            var window = parse.GetValue(days);
            if (window is < 1 or > BackfillRequest.MaxDays)
                throw new CommandInputException($"--days must be 1 to {BackfillRequest.MaxDays}.");
            return TenantCommandScope.RunAsync(cli, parse.GetValue(tenant)!, async services =>
            {
                BackfillResult result;
                try
                {
                    // Progress on stderr: stdout carries the counts scripts read.
                    result = await services.GetRequiredService<CaptureBackfill>().RunAsync(
                        new BackfillRequest(window, parse.GetValue(shelf)),
                        (done, total) => cli.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Scoring captures again: {done}/{total}")), ct);
                }
                catch (InvalidOperationException e)
                {
                    return cli.Fail(e.Message);
                }

                cli.Output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"captures={result.Captures}"));
                cli.Output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"changed={result.Changed}"));
                cli.Output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"captures_changed={result.CapturesChanged}"));
                cli.Output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"without_embeddings={result.WithoutEmbeddings}"));
                return 0;
            }, ct);
        }));
        return command;
    }
}
