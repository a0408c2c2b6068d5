using System.CommandLine;
using ShelfCloud.Cli.Commands;

namespace ShelfCloud.Cli;

/// <summary>The <c>shelfcloud</c> command line. Output goes to the given writers so tests can run it in-process.</summary>
public static class CliApp
{
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, IReadOnlyDictionary<string, string?>? configuration = null)
    {
        var context = new CliContext(output, error, configuration ?? new Dictionary<string, string?>());
        var root = new RootCommand("ShelfCloud: retail shelf monitoring — administration and recognition tools.")
        {
            DatabaseCommands.Migrate(context),
            DatabaseCommands.SeedDemo(context),
            TenantCommands.Create(context),
            CameraCommands.Create(context),
            EmbedCommand.Create(context),
            RecognizeCommand.Create(context),
            EvalCommands.Create(context),
            BenchCommand.Create(context),
            SynthCommand.Create(context),
            TrainCommands.Create(context),
            WebhookCommands.Create(context),
            BackfillCommand.Create(context),
            TokenCommands.Create(context),
        };
        var parsed = root.Parse(args);
        return await parsed.InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
    }
}
