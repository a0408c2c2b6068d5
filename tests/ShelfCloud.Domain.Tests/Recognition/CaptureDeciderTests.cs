using ShelfCloud.Domain.Captures;
using ShelfCloud.Domain.Recognition;
using ShelfCloud.Domain.Recognition.Tracking;

namespace ShelfCloud.Domain.Tests.Recognition;

public sealed class CaptureDeciderTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);
    private static readonly BoundingBox Slot = new(0, 0, 100, 200);
    private static readonly Guid Milk = Guid.NewGuid();
    private static readonly Guid Cream = Guid.NewGuid();

    private static FacingInput Facing(Guid first, Guid second, float margin = 0.05f, bool unknown = false) =>
        new(Slot, [1, 0], [new(first, 1, 0.8f, 0, 0.8f), new(second, 2, 0.8f - margin, 0, 0.8f - margin)], unknown);

    [Fact]
    public void Without_tracking_each_capture_stands_alone_and_with_it_the_label_holds()
    {
        var alone = new CaptureDecider(null, null);
        var tracked = new CaptureDecider(null, new FacingTracker(TrackingSettings.Default));
        IReadOnlyList<FacingTrack> tracks = [];
        var captures = new[] { Facing(Milk, Cream), Facing(Milk, Cream), Facing(Cream, Milk, 0.01f) };

        FacingDecision? last = null;
        for (var i = 0; i < captures.Length; i++)
        {
            alone.Decide([captures[i]], [], new HashSet<Guid>(), Start).Decisions[0].SkuId.ShouldBe(captures[i].Candidates[0].SkuId);
            (var decisions, tracks) = tracked.Decide([captures[i]], tracks, new HashSet<Guid>(), Start.AddMinutes(30 * i));
            last = decisions[0];
        }

        last!.SkuId.ShouldBe(Milk, "the third photo's narrow doubt does not flip two clear ones");
        last.RealgramSkuId.ShouldBe(Cream);
        last.RankerSkuId.ShouldBe(Cream);
        last.Tracked!.KeptAgainst!.Value.SkuId.ShouldBe(Cream);
        new CaptureDecider(null, null).Ranker.Version.ShouldBe("realgram");
    }

    [Fact]
    public void An_unknown_facing_is_answered_unknown_and_has_no_ranker_choice()
    {
        var decision = new CaptureDecider(null, null).Decide([Facing(Milk, Cream, unknown: true)], [], new HashSet<Guid>(), Start).Decisions[0];

        decision.Unknown.ShouldBeTrue();
        decision.RankerSkuId.ShouldBeNull();
        decision.Probabilities.ShouldBeEmpty();
    }

    [Fact]
    public void The_newest_annotated_capture_before_this_one_confirms_the_tracks()
    {
        var tracked = new CaptureDecider(null, new FacingTracker(TrackingSettings.Default));
        var (_, tracks) = tracked.Decide([Facing(Cream, Milk)], [], new HashSet<Guid>(), Start);
        ShelfAnnotation[] annotations = [new(Milk, Slot, Start, Guid.NewGuid())];

        var unconfirmed = tracked.Decide([Facing(Cream, Milk)], tracks, new HashSet<Guid>(), Start.AddMinutes(30)).Decisions[0];
        var confirmed = tracked.Decide([Facing(Cream, Milk)], tracks, new HashSet<Guid>(), Start.AddMinutes(30), annotations).Decisions[0];

        unconfirmed.SkuId.ShouldBe(Cream);
        confirmed.SkuId.ShouldBe(Milk, "the annotator said the first photo shows milk");
        confirmed.RankerSkuId.ShouldBe(Cream, "the photo on its own still looks like cream");
    }
}
