using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using ShelfCloud.Infrastructure.Onboarding;

namespace ShelfCloud.Cli.Commands;

internal static class TenantCommands
{
    public static Command Create(CliContext cli)
    {
        var slug = new Option<string>("--slug") { Description = "URL-safe handle, e.g. acme-foods", Required = true };
        var name = new Option<string>("--name") { Description = "Display name", Required = true };
        var add = new Command("add", "Create a tenant.") { slug, name };
        add.SetAction(async (parse, ct) =>
        {
            using var host = cli.BuildHost();
            await using var scope = host.Services.CreateAsyncScope();
            if (await CliContext.DatabaseNotReadyReasonAsync(scope.ServiceProvider, ct) is { } reason)
                return cli.Fail(reason);
            try
            {
                var tenant = await scope.ServiceProvider.GetRequiredService<TenantProvisioning>()
                    .CreateAsync(parse.GetValue(slug), parse.GetValue(name), ct);
                cli.Output.WriteLine($"tenant_id={tenant.Id}");
                cli.Output.WriteLine($"slug={tenant.Slug}");
                return 0;
            }
            catch (OnboardingException e)
            {
                return cli.Fail(e.Message);
            }
        });
        return new Command("tenant", "Manage tenants.") { add };
    }
}
