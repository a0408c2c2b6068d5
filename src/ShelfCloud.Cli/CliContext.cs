using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ShelfCloud.Infrastructure;
using ShelfCloud.Infrastructure.Data;

namespace ShelfCloud.Cli;

/// <summary>What every command gets: its output writers and a host with the same services as the portal.</summary>
public sealed class CliContext(TextWriter output, TextWriter error, IReadOnlyDictionary<string, string?> configuration)
{
    public TextWriter Output { get; } = output;
    public TextWriter Error { get; } = error;

    /// <summary>The same writers and settings with some settings replaced, for a command that works on its own data folder.</summary>
    public CliContext With(IReadOnlyDictionary<string, string?> overrides)
    {
        var merged = new Dictionary<string, string?>(configuration);
        foreach (var (key, value) in overrides)
            merged[key] = value;
        return new CliContext(Output, Error, merged);
    }

    public IHost BuildHost()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            EnvironmentName = Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT") ?? Environments.Production,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Configuration.AddInMemoryCollection(configuration);
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning);
        // Log lines go to stderr: stdout carries command results that scripts parse.
        builder.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.AddInfrastructureServices();
        return builder.Build();
    }

    /// <summary>Commands other than <c>migrate</c> refuse to run on a database that is not up to date.</summary>
    public static async Task<string?> DatabaseNotReadyReasonAsync(IServiceProvider services, CancellationToken ct)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<ShelfCloudDbContext>>().CreateDbContextAsync(ct);
        var pending = await db.Database.GetPendingMigrationsAsync(ct);
        return pending.Any() ? "The database is not up to date: run `shelfcloud migrate` first." : null;
    }

    public int Fail(string message, int exitCode = 1)
    {
        Error.WriteLine($"error: {message}");
        return exitCode;
    }
}
