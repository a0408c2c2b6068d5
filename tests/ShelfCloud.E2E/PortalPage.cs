using Microsoft.Playwright;

namespace ShelfCloud.E2E;

/// <summary>
/// One browser context on the portal: sign-in, navigation that waits for the Blazor circuit, MudSelect choices
/// and screenshots. Dispose it to close the context.
/// </summary>
public sealed class PortalPage(IBrowserContext context, IPage page) : IAsyncDisposable
{
    public const string DemoPassword = "Demo!2345";

    // Blazor Server replaces the prerendered HTML when the circuit attaches and marks every interactive
    // component with an empty <!--!--> comment; prerendered HTML has none. Typing before that is lost.
    private const string CircuitAttached = """
        () => {
            const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_COMMENT);
            while (walker.nextNode()) { if (walker.currentNode.data === '!') return true; }
            return false;
        }
        """;

    public IPage Page { get; } = page;

    /// <summary>Loads <paramref name="path"/> and waits until its components are interactive.</summary>
    public async Task GotoAsync(string path)
    {
        await Page.GotoAsync(path);
        await WaitForCircuitAsync();
    }

    public async Task ReloadAsync()
    {
        await Page.ReloadAsync();
        await WaitForCircuitAsync();
    }

    /// <summary>Posts the sign-in form, which redirects to the overview or back to /login?error=...</summary>
    public async Task SubmitSignInAsync(string email, string password)
    {
        await GotoAsync("/login");
        await Page.Locator("#email").FillAsync(email);
        await Page.Locator("#password").FillAsync(password);
        await Page.GetByTestId("login-form").GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
    }

    public async Task SignInAsync(string email, string password = DemoPassword)
    {
        await SubmitSignInAsync(email, password);
        await Assertions.Expect(Page.GetByTestId("signed-in-user")).ToBeVisibleAsync();
        await WaitForCircuitAsync();
    }

    /// <summary>Opens a MudSelect (its data-testid sits on the combobox) and picks the option with exactly this text.</summary>
    public async Task ChooseAsync(string selectTestId, string optionText)
    {
        var select = Page.GetByTestId(selectTestId);
        await select.ClickAsync();
        await Page.Locator(".mud-popover-open .mud-list-item").GetByText(optionText, new() { Exact = true }).ClickAsync();
        await Assertions.Expect(select).ToHaveTextAsync(optionText);
    }

    /// <summary>
    /// Saves a full-page screenshot as <c>TestResults/screenshots/{name}.png</c> under the test output folder,
    /// and into <c>SHELFCLOUD_TEST_RESULTS</c> when that is set (CI collects it).
    /// </summary>
    public async Task SaveScreenshotAsync(string name)
    {
        var png = await Page.ScreenshotAsync(new() { FullPage = true });
        foreach (var folder in ScreenshotFolders())
        {
            Directory.CreateDirectory(folder);
            await File.WriteAllBytesAsync(Path.Combine(folder, $"{name}.png"), png);
        }
    }

    public ValueTask DisposeAsync() => context.DisposeAsync();

    private Task WaitForCircuitAsync() => Page.WaitForFunctionAsync(CircuitAttached);

    private static IEnumerable<string> ScreenshotFolders()
    {
        yield return Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots");
        if (Environment.GetEnvironmentVariable("SHELFCLOUD_TEST_RESULTS") is { Length: > 0 } ci)
            yield return ci;
    }
}
