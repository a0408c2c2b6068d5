using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using ShelfCloud.Infrastructure.Catalog;
using ShelfCloud.Infrastructure.Data;
using ShelfCloud.Infrastructure.Demo;
using ShelfCloud.Infrastructure.Onboarding;
using ShelfCloud.Infrastructure.Tenancy;
using static Microsoft.Playwright.Assertions;

namespace ShelfCloud.E2E;

/// <summary>
/// Same-site cross-origin request forgery, as a browser does it: a signed-in admin opens a page served by another
/// server on another port of the same host (same site, so SameSite=Lax cookies travel with its requests). The page
/// posts to every cookie-authenticated unsafe endpoint, with forms and with no-cors fetches. Every request reaches
/// the portal and is refused (403); the camera key, the catalog, the reference images and the session are unchanged.
/// </summary>
public sealed class CrossOriginTests(PortalFixture portal)
{
    [Fact]
    public async Task A_page_on_another_port_cannot_act_with_the_signed_in_users_cookie()
    {
        await using var portalPage = await portal.OpenPageAsync();
        await portalPage.SignInAsync("admin@demo.shelfcloud.test"); // also waits for the demo tenant's seeding
        var (cameraId, skuId) = await DemoCameraAndSkuAsync();
        var skusBefore = await CountAsync(db => db.Skus.CountAsync());
        var referencesBefore = await CountAsync(db => db.ReferenceImages.CountAsync());
        var keyBefore = await CameraKeyHashAsync(cameraId);
        await using var attacker = await AttackerSite.StartAsync(AttackPage(portal.BaseAddress, cameraId, skuId));
        var statuses = new List<(string Url, int Status)>();
        portalPage.Page.Response += (_, response) =>
        {
            if (response.Url.StartsWith(portal.BaseAddress.ToString(), StringComparison.Ordinal) && response.Request.Method == "POST")
                lock (statuses) statuses.Add((response.Url, response.Status));
        };

        await portalPage.Page.GotoAsync(attacker.Address.ToString());
        await Expect(portalPage.Page.GetByTestId("attack-done")).ToBeAttachedAsync();

        // The form posts navigate a frame each; wait for all the attempts to come back.
        var expected = AttackedEndpoints.Length;
        for (var i = 0; i < 100 && Count(statuses) < expected; i++)
            await Task.Delay(100);
        lock (statuses)
        {
            statuses.Count.ShouldBeGreaterThanOrEqualTo(expected, string.Join("\n", statuses));
            statuses.ShouldAllBe(s => s.Status == 403, string.Join("\n", statuses));
        }

        (await CameraKeyHashAsync(cameraId)).ShouldBe(keyBefore);
        (await CountAsync(db => db.Skus.CountAsync())).ShouldBe(skusBefore);
        (await CountAsync(db => db.ReferenceImages.CountAsync())).ShouldBe(referencesBefore);
        await portalPage.GotoAsync("/");
        await Expect(portalPage.Page.GetByTestId("signed-in-user")).ToBeVisibleAsync();
    }

    private static int Count(List<(string, int)> statuses)
    {
        lock (statuses)
            return statuses.Count;
    }

    private static readonly string[] AttackedEndpoints =
    [
        "form /api/v1/cameras/{camera}/regenerate-key",
        "fetch /api/v1/cameras/{camera}/regenerate-key",
        "fetch /api/v1/skus/import",
        "fetch /api/v1/skus/{sku}/reference-images/",
        "fetch /api/v1/stores",
        "fetch /api/v1/shelves",
        "fetch /api/v1/cameras",
        "form /account/tenant",
        "form /account/logout",
    ];

    private static string AttackPage(Uri portalAddress, Guid cameraId, Guid skuId)
    {
        var target = portalAddress.ToString().TrimEnd('/');
        var forms = string.Concat(AttackedEndpoints.Where(e => e.StartsWith("form ", StringComparison.Ordinal)).Select((e, i) =>
            $"""<iframe name="f{i}"></iframe><form method="post" target="f{i}" action="{target}{Path(e)}"><input name="tenantId" value="{Guid.Empty}"></form>"""));
        var fetches = string.Join(",\n", AttackedEndpoints.Where(e => e.StartsWith("fetch ", StringComparison.Ordinal)).Select(e => $"'{target}{Path(e)}'"));
        return $$"""
            <!doctype html><html><body><h1>Totally unrelated page</h1>{{forms}}
            <script>
            const csv = 'code,name,brand\nEVIL-1,Planted product,Evil\n';
            const png = Uint8Array.from(atob('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC'), c => c.charCodeAt(0));
            async function attack() {
              for (const url of [{{fetches}}]) {
                let body = JSON.stringify({ name: 'Planted' });
                if (url.endsWith('/import')) body = csv;
                if (url.includes('/reference-images')) { body = new FormData(); body.append('files', new Blob([png], { type: 'image/png' }), 'ref.png'); }
                try { await fetch(url, { method: 'POST', mode: 'no-cors', credentials: 'include', body }); } catch (e) { }
              }
              for (const form of document.forms) form.submit();
              const done = document.createElement('div'); done.dataset.testid = 'attack-done'; document.body.appendChild(done);
            }
            attack();
            </script></body></html>
            """;

        string Path(string endpoint) => endpoint[(endpoint.IndexOf(' ') + 1)..].Replace("{camera}", cameraId.ToString()).Replace("{sku}", skuId.ToString());
    }

    private async Task<(Guid CameraId, Guid SkuId)> DemoCameraAndSkuAsync()
    {
        await using var scope = await portal.DemoTenantScopeAsync();
        var db = scope.ServiceProvider.GetRequiredService<ShelfCloudDbContext>();
        var shelfId = await db.Shelves.Select(s => s.Id).FirstAsync();
        var camera = await scope.ServiceProvider.GetRequiredService<CameraOnboarding>().CreateAsync(new CameraInput(shelfId, "cross-origin target"));
        await scope.ServiceProvider.GetRequiredService<CatalogImport>().ApplyAsync("code,name,brand\nXO-TARGET,Cross-origin target,Acme\n");
        return (camera.CameraId, await db.Skus.Where(s => s.Code == "XO-TARGET").Select(s => s.Id).SingleAsync());
    }

    private async Task<string> CameraKeyHashAsync(Guid cameraId)
    {
        await using var scope = await portal.DemoTenantScopeAsync();
        var db = scope.ServiceProvider.GetRequiredService<ShelfCloudDbContext>();
        return await db.Cameras.Where(c => c.Id == cameraId).Select(c => c.ApiKeyHash).SingleAsync();
    }

    private async Task<int> CountAsync(Func<ShelfCloudDbContext, Task<int>> count)
    {
        await using var scope = await portal.DemoTenantScopeAsync();
        return await count(scope.ServiceProvider.GetRequiredService<ShelfCloudDbContext>());
    }

    /// <summary>A second web server on another loopback port that serves one page: the same site, another origin.</summary>
    private sealed class AttackerSite : IAsyncDisposable
    {
        private readonly WebApplication _app;

        private AttackerSite(WebApplication app, Uri address)
        {
            _app = app;
            Address = address;
        }

        public Uri Address { get; }

        public static async Task<AttackerSite> StartAsync(string html)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
            var app = builder.Build();
            app.MapGet("/", () => Results.Content(html, "text/html"));
            await app.StartAsync();
            var address = app.Urls.First();
            return new AttackerSite(app, new Uri(address));
        }

        public async ValueTask DisposeAsync() => await _app.DisposeAsync();
    }
}
