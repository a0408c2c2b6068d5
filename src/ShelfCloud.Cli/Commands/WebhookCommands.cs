using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using ShelfCloud.Infrastructure.Alerts;

namespace ShelfCloud.Cli.Commands;

/// <summary>
/// <c>webhook add --tenant SLUG --url URL --events out_of_stock,camera_health</c> prints <c>webhook_id=&lt;id&gt;</c> and
/// <c>secret=&lt;secret&gt;</c> (once); <c>webhook list --tenant SLUG</c> prints one line per webhook.
/// </summary>
internal static class WebhookCommands
{
    public static Command Create(CliContext cli)
    {
        var tenant = new Option<string>("--tenant") { Description = "Tenant slug", Required = true };
        var url = new Option<string>("--url") { Description = "Where the events are POSTed (http or https)", Required = true };
        var events = new Option<string>("--events") { Description = "Comma-separated: out_of_stock, camera_health, alert_rule", Required = true };
        var add = new Command("add", "Add a webhook; prints webhook_id=<id> and secret=<secret> (the HMAC key of X-ShelfCloud-Signature, shown once).")
        {
            tenant, url, events,
        };
        add.SetAction((parse, ct) => InTenantAsync(cli, parse.GetValue(tenant)!, async services =>
        {
            var names = parse.GetValue(events)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var (id, secret) = await services.GetRequiredService<WebhookRegistry>().AddAsync(parse.GetValue(url)!, names, ct);
            cli.Output.WriteLine($"webhook_id={id}");
            cli.Output.WriteLine($"secret={secret}");
        }, ct));

        var listTenant = new Option<string>("--tenant") { Description = "Tenant slug", Required = true };
        var list = new Command("list", "List the tenant's webhooks: id, url, events, deliveries (delivered, pending, failed).") { listTenant };
        list.SetAction((parse, ct) => InTenantAsync(cli, parse.GetValue(listTenant)!, async services =>
        {
            foreach (var webhook in await services.GetRequiredService<WebhookRegistry>().ListAsync(ct))
            {
                cli.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"webhook_id={webhook.Id} url={webhook.Url} events={string.Join(',', webhook.Events)} delivered={webhook.Delivered} pending={webhook.Pending} failed={webhook.Failed}"));
            }
        }, ct));
        return new Command("webhook", "Manage a tenant's webhooks.") { add, list };
    }

    private static Task<int> InTenantAsync(CliContext cli, string slug, Func<IServiceProvider, Task> work, CancellationToken ct) =>
        TenantCommandScope.RunAsync(cli, slug, async services =>
        {
            try
            {
                await work(services);
                return 0;
            }
            catch (WebhookInputException e)
            {
                return cli.Fail(e.Message);
            }
        }, ct);
}
