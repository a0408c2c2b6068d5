namespace ShelfCloud.Cli.Tests;

/// <summary>Runs <c>shelfcloud</c> in-process against one data folder and captures what it prints.</summary>
public sealed class CliRun : IDisposable
{
    public string DataFolder { get; } = Path.Combine(Path.GetTempPath(), "shelfcloud-cli-tests", Guid.NewGuid().ToString("N"));

    public Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args) => RunAsync(new Dictionary<string, string?>(), args);

    /// <summary>Runs with extra configuration, as an operator would set it in appsettings or the environment.</summary>
    public async Task<(int ExitCode, string Output, string Error)> RunAsync(IReadOnlyDictionary<string, string?> settings, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var configuration = new Dictionary<string, string?>(settings) { ["SHELFCLOUD_DATA"] = DataFolder };
        var exit = await CliApp.RunAsync(args, output, error, configuration);
        return (exit, output.ToString(), error.ToString());
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(DataFolder, recursive: true); }
        catch (IOException) { /* a leftover temp folder is harmless */ }
    }
}
