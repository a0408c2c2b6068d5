using ShelfCloud.Domain.Captures;
using ShelfCloud.Domain.Recognition;

namespace ShelfCloud.Domain.Tests.Recognition;

public class AcceptanceRateTests
{
    [Fact]
    public void Rate_is_accepted_over_reviewed_and_ignores_unreviewed()
    {
        var rate = AcceptanceRate.Of(
        [
            ReviewStatus.Accepted, ReviewStatus.Accepted, ReviewStatus.Accepted,
            ReviewStatus.Corrected, ReviewStatus.Rejected,
            ReviewStatus.Unreviewed, ReviewStatus.Unreviewed,
        ]);

        rate.ShouldBe(new AcceptanceRate(Accepted: 3, Reviewed: 5));
        rate.Rate.ShouldBe(0.6);
    }

    [Fact]
    public void Nothing_reviewed_has_no_rate()
    {
        AcceptanceRate.Of([ReviewStatus.Unreviewed]).Rate.ShouldBeNull();
        AcceptanceRate.Of([]).Rate.ShouldBeNull();
    }

    [Fact]
    public void Rates_are_grouped_by_any_key()
    {
        (string Store, ReviewStatus Status)[] reviews =
        [
            ("north", ReviewStatus.Accepted),
            ("north", ReviewStatus.Corrected),
            ("south", ReviewStatus.Accepted),
            ("south", ReviewStatus.Accepted),
            ("east", ReviewStatus.Unreviewed),
        ];

        var byStore = AcceptanceRate.GroupBy(reviews, r => r.Store, r => r.Status);

        byStore.Keys.ShouldBe(["north", "south"], ignoreOrder: true);
        byStore["north"].Rate.ShouldBe(0.5);
        byStore["south"].Rate.ShouldBe(1.0);
    }
}
