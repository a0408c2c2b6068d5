using Spectre.Console;

namespace ShelfCloud.Cli.Recognition;

/// <summary>
/// A Spectre.Console progress bar on the command's error writer, so stdout and the JSON files stay clean.
/// On a writer that is not a terminal (redirected, tests) Spectre prints plain progress lines instead.
/// </summary>
internal static class CommandProgress
{
    public static async Task<T> RunAsync<T>(CliContext cli, string description, int total, Func<Action<int>, Task<T>> work)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(cli.Error) });
        return await console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask(description, maxValue: Math.Max(1, total));
                var result = await work(done => task.Increment(done));
                task.Value = task.MaxValue;
                return result;
            });
    }
}
