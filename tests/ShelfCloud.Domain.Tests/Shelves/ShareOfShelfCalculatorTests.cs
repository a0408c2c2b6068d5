using ShelfCloud.Domain.Captures;
using ShelfCloud.Domain.Shelves;

namespace ShelfCloud.Domain.Tests.Shelves;

public class ShareOfShelfCalculatorTests
{
    private readonly ShareOfShelfCalculator _calculator = new();

    private static ShelfFacing Facing(string brand, float width) => new(brand, new BoundingBox(0, 0, width, 100));

    [Fact]
    public void No_facings_give_no_shares()
    {
        _calculator.Calculate([]).ShouldBeEmpty();
        _calculator.CalculateWithOthers([], new HashSet<string> { "Acme" }).ShouldBeEmpty();
    }

    [Fact]
    public void Facing_share_counts_products_and_linear_share_sums_widths()
    {
        var shares = _calculator.Calculate([Facing("Acme", 100), Facing("Acme", 100), Facing("Zeta", 200)]);

        shares.ShouldBe(
        [
            new ShelfShare("Acme", false, 2, 2.0 / 3, 200, 0.5),
            new ShelfShare("Zeta", false, 1, 1.0 / 3, 200, 0.5),
        ]);
    }

    [Fact]
    public void Shares_are_ordered_by_linear_share()
    {
        var shares = _calculator.Calculate([Facing("Small", 50), Facing("Small", 50), Facing("Wide", 300)]);

        shares.Select(s => s.Key).ShouldBe(["Wide", "Small"]);
    }

    [Fact]
    public void Single_product_holds_the_whole_shelf()
    {
        var share = _calculator.Calculate([Facing("Acme", 80)]).ShouldHaveSingleItem();

        (share.FacingShare, share.LinearShare).ShouldBe((1.0, 1.0));
    }

    [Fact]
    public void Supplier_sees_its_brands_and_every_other_brand_as_others()
    {
        var facings = new[] { Facing("Acme", 100), Facing("Acme Light", 50), Facing("Zeta", 100), Facing("Omega", 150) };

        var shares = _calculator.CalculateWithOthers(facings, new HashSet<string> { "Acme", "Acme Light" });

        shares.ShouldBe(
        [
            new ShelfShare("Acme", false, 1, 0.25, 100, 0.25),
            new ShelfShare("Acme Light", false, 1, 0.25, 50, 0.125),
            new ShelfShare("Others", true, 2, 0.5, 250, 0.625),
        ]);
    }

    [Fact]
    public void Visible_brand_called_like_the_bucket_is_not_merged_into_it()
    {
        var shares = _calculator.CalculateWithOthers([Facing("Others", 100), Facing("Zeta", 100)], new HashSet<string> { "Others" });

        shares.Select(s => (s.Key, s.IsOthers, s.Facings)).ShouldBe([("Others", false, 1), ("Others", true, 1)]);
    }

    [Fact]
    public void Others_bucket_label_can_be_chosen()
    {
        var shares = _calculator.CalculateWithOthers([Facing("Zeta", 100)], new HashSet<string>(), othersLabel: "Competitors");

        shares.ShouldHaveSingleItem().Key.ShouldBe("Competitors");
    }

    [Fact]
    public void Summed_totals_give_the_same_shares_as_the_facings_they_sum()
    {
        var facings = new[] { Facing("Acme", 100), Facing("Acme", 60), Facing("Zeta", 100), Facing("Omega", 150) };
        ShelfFacingTotal[] totals = [new("Acme", 1, 100), new("Zeta", 1, 100), new("Acme", 1, 60), new("Omega", 1, 150)];

        _calculator.CalculateTotals(totals).ShouldBe(_calculator.Calculate(facings));
        _calculator.CalculateTotalsWithOthers(totals, new HashSet<string> { "Acme" })
            .ShouldBe(_calculator.CalculateWithOthers(facings, new HashSet<string> { "Acme" }));
    }

    [Fact]
    public void Totals_without_any_facing_give_zero_shares_not_a_division_by_zero()
    {
        var shares = _calculator.CalculateTotals([new ShelfFacingTotal("Acme", 0, 0)]);

        shares.ShouldHaveSingleItem().ShouldBe(new ShelfShare("Acme", false, 0, 0, 0, 0));
    }
}
