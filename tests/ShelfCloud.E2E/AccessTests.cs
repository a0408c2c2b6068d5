using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ShelfCloud.E2E;

public sealed class AccessTests(PortalFixture portal)
{
    [Fact]
    public async Task Supplier_cannot_open_onboarding_pages()
    {
        await using var portalPage = await portal.OpenPageAsync();
        await portalPage.SignInAsync("supplier@demo.shelfcloud.test");

        await portalPage.GotoAsync("/onboarding/stores");

        await Expect(portalPage.Page.GetByTestId("access-denied")).ToBeVisibleAsync();
        await Expect(portalPage.Page.GetByTestId("stores-table")).ToHaveCountAsync(0);
        await Expect(portalPage.Page.GetByRole(AriaRole.Link, new() { Name = "Stores", Exact = true })).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Wrong_password_shows_error()
    {
        await using var portalPage = await portal.OpenPageAsync();

        await portalPage.SubmitSignInAsync("manager@demo.shelfcloud.test", "Not-the-password1!");

        await Expect(portalPage.Page.GetByTestId("login-error")).ToContainTextAsync("Email or password is incorrect.");
        await Expect(portalPage.Page.GetByTestId("signed-in-user")).ToHaveCountAsync(0);
    }
}
