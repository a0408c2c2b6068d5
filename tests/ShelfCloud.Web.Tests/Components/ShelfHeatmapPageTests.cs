using System.Globalization;
using System.Text.RegularExpressions;
using Bunit;
using ShelfCloud.Web.Components.Pages.Availability;
using ShelfCloud.Web.Tests.Analytics;
using ShelfCloud.Web.Tests.Support;

namespace ShelfCloud.Web.Tests.Components;

/// <summary>
/// The shelf heatmap page rendered with bUnit over a real shelf (<see cref="AnalyticsScenario"/>: four analysed captures,
/// a product missing from the last three, so its place is a gap in three of them).
/// </summary>
public sealed partial class ShelfHeatmapPageTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task A_heat_cell_is_more_opaque_the_more_captures_had_a_gap_there()
    {
        var scenario = await AnalyticsScenario.SeedAsync(portal, "heatmap-cells", "Heat", "Nordkind", "Fjordmjolk");
        await using var components = new PortalComponents(portal, scenario.TenantId, "store-manager");

        var page = components.Context.Render<ShelfHeatmapPage>(p => p.Add(x => x.ShelfId, scenario.ShelfId));

        page.WaitForAssertion(() => page.FindAll("[data-testid=heat-cell]").ShouldNotBeEmpty(), TimeSpan.FromSeconds(10));
        var cells = page.FindAll("[data-testid=heat-cell]")
            .Select(cell => (Seen: GapCount().Match(cell.TextContent), Opacity: cell.GetAttribute("fill-opacity")))
            .ToList();
        cells.ShouldAllBe(cell => cell.Seen.Success);
        foreach (var (seen, opacity) in cells)
        {
            var frequency = double.Parse(seen.Groups[1].Value, CultureInfo.InvariantCulture) / double.Parse(seen.Groups[2].Value, CultureInfo.InvariantCulture);
            opacity.ShouldBe((0.15 + 0.6 * frequency).ToString("0.00", CultureInfo.InvariantCulture), $"cell {seen.Value}");
        }

        cells.ShouldContain(cell => cell.Seen.Value == "a gap here in 3 of 4 captures" && cell.Opacity == "0.60", "the missing product's place");
        page.FindAll("[data-testid=latest-gap]").Count.ShouldBe(1);
    }

    [Fact]
    public async Task The_latest_availability_chip_takes_its_colour_from_the_availability_scale()
    {
        var scenario = await AnalyticsScenario.SeedAsync(portal, "heatmap-chip", "Chip", "Nordkind", "Fjordmjolk");
        await using var components = new PortalComponents(portal, scenario.TenantId, "store-manager");

        var page = components.Context.Render<ShelfHeatmapPage>(p => p.Add(x => x.ShelfId, scenario.ShelfId));

        page.WaitForAssertion(() => page.Find("[data-testid=latest-availability]"), TimeSpan.FromSeconds(10));
        var chip = page.Find("[data-testid=latest-availability]");
        chip.TextContent.ShouldContain("latest 75%");
        chip.TextContent.ShouldContain("3 products · 1 empty facings");
        // 75 % lies halfway between red (50 % or less, hue 0) and green (100 %, hue 120).
        chip.GetAttribute("style")!.ShouldContain("background:hsl(60, 75%, 78%)");
    }

    [Fact]
    public async Task A_shelf_of_another_tenant_is_not_found()
    {
        var mine = await AnalyticsScenario.SeedAsync(portal, "heatmap-mine", "Mine", "Nordkind", "Fjordmjolk");
        var theirs = await AnalyticsScenario.SeedAsync(portal, "heatmap-theirs", "Theirs", "Nordkind", "Fjordmjolk");
        await using var components = new PortalComponents(portal, mine.TenantId, "store-manager");

        var page = components.Context.Render<ShelfHeatmapPage>(p => p.Add(x => x.ShelfId, theirs.ShelfId));

        page.WaitForAssertion(() => page.Find("[data-testid=shelf-not-found]"), TimeSpan.FromSeconds(10));
        page.FindAll("[data-testid=heat-cell]").ShouldBeEmpty();
    }

    [Theory]
    [InlineData(null, "#eeeeee")]
    [InlineData(0.2, "hsl(0, 75%, 78%)")]
    [InlineData(0.5, "hsl(0, 75%, 78%)")]
    [InlineData(0.75, "hsl(60, 75%, 78%)")]
    [InlineData(1.0, "hsl(120, 75%, 78%)")]
    public void Availability_backgrounds_run_from_red_at_half_to_green_at_full(double? availability, string expected) =>
        AvailabilityStyle.Background(availability).ShouldBe(expected);

    [GeneratedRegex(@"a gap here in (\d+) of (\d+) captures")]
    private static partial Regex GapCount();
}
