using ShelfCloud.Domain.Inbox;
using ShelfCloud.Domain.Recognition;

namespace ShelfCloud.Domain.Tests.Inbox;

public sealed class UnknownProductClustererTests
{
    private static float[] Unit(params float[] v)
    {
        var norm = MathF.Sqrt(v.Sum(x => x * x));
        return v.Select(x => x / norm).ToArray();
    }

    [Fact]
    public void Crops_that_look_alike_share_a_group_and_another_look_opens_its_own()
    {
        var clusterer = new UnknownProductClusterer(0.75);
        var groups = new List<ClusterState>();

        var first = clusterer.Assign(groups, Unit(1, 0, 0));
        var alike = clusterer.Assign(groups, Unit(0.95f, 0.1f, 0));
        var other = clusterer.Assign(groups, Unit(0, 1, 0));

        alike.ShouldBeSameAs(first);
        other.ShouldNotBeSameAs(first);
        groups.Count.ShouldBe(2);
        (first.Members, first.IsNew, other.Members).ShouldBe((2, true, 1));
        first.Centroid[1].ShouldBeGreaterThan(0, "the mean look moved towards the second crop");
        MathF.Sqrt(first.Centroid.Sum(x => x * x)).ShouldBe(1, 1e-5f);
    }

    [Fact]
    public void A_stored_group_is_continued_and_marked_changed_only_when_it_grows()
    {
        var stored = new UnknownProductGroup { Centroid = Int8Vector.Encode(Unit(0, 0, 1)), Members = 7 };
        var groups = new List<ClusterState> { UnknownProductClusterer.From(stored) };
        groups[0].Changed.ShouldBeFalse();

        var joined = new UnknownProductClusterer().Assign(groups, Unit(0, 0.2f, 1));

        (joined.Id, joined.Members, joined.IsNew, joined.Changed).ShouldBe((stored.Id, 8, false, true));
    }
}
