using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using ShelfCloud.Infrastructure.Onboarding;
using ShelfCloud.Infrastructure.Tenancy;

namespace ShelfCloud.Cli.Commands;

internal static class CameraCommands
{
    public static Command Create(CliContext cli)
    {
        var tenant = new Option<string>("--tenant") { Description = "Tenant slug", Required = true };
        var store = new Option<string>("--store") { Description = "Store name (created if missing)", Required = true };
        var shelf = new Option<string>("--shelf") { Description = "Shelf name in that store (created if missing)", Required = true };
        var name = new Option<string>("--name") { Description = "Camera name", Required = true };
        var add = new Command("add", "Create a camera (and its store and shelf when missing); prints the API key once as api_key=<key>.")
        {
            tenant, store, shelf, name,
        };
        add.SetAction(async (parse, ct) =>
        {
            using var host = cli.BuildHost();
            await using (var check = host.Services.CreateAsyncScope())
            {
                if (await CliContext.DatabaseNotReadyReasonAsync(check.ServiceProvider, ct) is { } reason)
                    return cli.Fail(reason);
            }
            var slug = parse.GetValue(tenant)!;
            var found = await host.Services.CreateScope().ServiceProvider.GetRequiredService<TenantProvisioning>().FindBySlugAsync(slug, ct);
            if (found is null)
                return cli.Fail($"Tenant '{slug}' does not exist. Create it with `shelfcloud tenant add --slug {slug} --name NAME`.", 2);

            await using var scope = host.Services.GetRequiredService<TenantScopeFactory>().CreateScope(found.Id, "cli");
            try
            {
                var issued = await scope.ServiceProvider.GetRequiredService<CameraOnboarding>()
                    .CreateWithPlacementAsync(parse.GetValue(store), parse.GetValue(shelf), parse.GetValue(name), ct);
                cli.Output.WriteLine($"camera_id={issued.CameraId}");
                cli.Output.WriteLine($"api_key={issued.ApiKey}");
                return 0;
            }
            catch (OnboardingException e)
            {
                return cli.Fail(e.Message);
            }
        });
        return new Command("camera", "Manage cameras.") { add };
    }
}
