using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using ShelfCloud.Infrastructure.Access;

namespace ShelfCloud.Cli.Commands;

/// <summary>
/// <c>token add --tenant SLUG --name NAME --scopes read[,catalog,review,admin] [--expires-days N]</c> prints
/// <c>token=&lt;token&gt;</c> (once); <c>token revoke --tenant SLUG --name NAME</c>.
/// </summary>
internal static class TokenCommands
{
    public static Command Create(CliContext cli)
    {
        var tenant = new Option<string>("--tenant") { Description = "Tenant slug", Required = true };
        var name = new Option<string>("--name") { Description = "The token's name, unique in the tenant", Required = true };
        var scopes = new Option<string>("--scopes") { Description = "Comma-separated: read, catalog, review, admin", Required = true };
        var expires = new Option<int?>("--expires-days") { Description = "Days until it expires (default: never)" };
        var add = new Command("add", "Make an API token for Authorization: Bearer; prints token=<token> (shown once, stored hashed).") { tenant, name, scopes, expires };
        add.SetAction((parse, ct) => TenantCommandScope.RunAsync(cli, parse.GetValue(tenant)!, async services =>
        {
            var days = parse.GetValue(expires);
            if (days is < 1)
                return cli.Fail("--expires-days must be at least 1.");
            try
            {
                var list = parse.GetValue(scopes)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                var (_, token) = await services.GetRequiredService<ApiTokens>().CreateAsync(
                    parse.GetValue(name)!, list, days is { } d ? DateTimeOffset.UtcNow.AddDays(d) : null, ct);
                cli.Output.WriteLine($"token={token}");
                return 0;
            }
            catch (ApiTokenException e)
            {
                return cli.Fail(e.Message);
            }
        }, ct));

        var revokeTenant = new Option<string>("--tenant") { Description = "Tenant slug", Required = true };
        var revokeName = new Option<string>("--name") { Description = "The token's name", Required = true };
        var revoke = new Command("revoke", "Revoke a tenant's API token by name; it stops working at once.") { revokeTenant, revokeName };
        revoke.SetAction((parse, ct) => TenantCommandScope.RunAsync(cli, parse.GetValue(revokeTenant)!, async services =>
        {
            if (!await services.GetRequiredService<ApiTokens>().RevokeAsync(parse.GetValue(revokeName)!, ct))
                return cli.Fail($"No active token named '{parse.GetValue(revokeName)}'.");
            cli.Output.WriteLine($"revoked={parse.GetValue(revokeName)}");
            return 0;
        }, ct));
        return new Command("token", "Manage a tenant's API tokens.") { add, revoke };
    }
}
