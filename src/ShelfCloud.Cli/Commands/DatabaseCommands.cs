using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using ShelfCloud.Infrastructure.Data;
using ShelfCloud.Infrastructure.Demo;
using ShelfCloud.Infrastructure.Onboarding;

namespace ShelfCloud.Cli.Commands;

internal static class DatabaseCommands
{
    public static Command Migrate(CliContext cli)
    {
        var command = new Command("migrate", "Apply the database migrations of the configured provider (Database:Provider).");
        command.SetAction(async (_, ct) =>
        {
            using var host = cli.BuildHost();
            await using var scope = host.Services.CreateAsyncScope();
            var applied = await scope.ServiceProvider.GetRequiredService<DatabaseMigrator>().MigrateAsync(ct);
            cli.Output.WriteLine(applied.Count == 0 ? "Database is up to date." : $"Applied {applied.Count} migration(s): {string.Join(", ", applied)}");
            return 0;
        });
        return command;
    }

    public static Command SeedDemo(CliContext cli)
    {
        var command = new Command("seed-demo", "Migrate, then create the demo tenant (slug 'demo') with stores, shelves, cameras and one user per role.");
        command.SetAction(async (_, ct) =>
        {
            using var host = cli.BuildHost();
            await using var scope = host.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<DatabaseMigrator>().MigrateAsync(ct);
            var result = await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedAsync(ct);
            cli.Output.WriteLine(result.Created ? "Demo tenant 'demo' created." : "Demo tenant 'demo' already exists.");
            cli.Output.WriteLine($"Sign in with password {DemoSeeder.Password} as:");
            foreach (var signIn in result.SignIns)
                cli.Output.WriteLine($"  {signIn.Email,-36} {signIn.Role}");
            foreach (var (camera, key) in result.CameraKeys)
                cli.Output.WriteLine($"camera {camera}: api_key={key}");
            return 0;
        });
        return command;
    }
}
