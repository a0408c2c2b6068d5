using ShelfCloud.Domain.Captures;
using ShelfCloud.Domain.Recognition;
using ShelfCloud.Domain.Recognition.Tracking;

namespace ShelfCloud.Domain.Tests.Recognition.Tracking;

public sealed class FacingTrackerTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);
    private static readonly BoundingBox Slot = new(100, 100, 200, 300);
    private static readonly float[] MilkLook = [1, 0, 0];
    private static readonly float[] JuiceLook = [0, 1, 0];
    private static readonly Guid Milk = Guid.NewGuid();
    private static readonly Guid Cream = Guid.NewGuid();
    private static readonly Guid Juice = Guid.NewGuid();

    private readonly FacingTracker _tracker = new(TrackingSettings.Default);

    private static FacingObservation Sees(Guid sku, double probability = 0.9, float[]? look = null, BoundingBox? box = null) =>
        new(box ?? Slot, look ?? MilkLook, [new SkuVote(sku, probability), new SkuVote(Guid.NewGuid(), 1 - probability)]);

    private (IReadOnlyList<TrackedFacing> Facings, IReadOnlyList<FacingTrack> Carried) Run(params FacingObservation[][] captures)
    {
        IReadOnlyList<FacingTrack> tracks = [];
        (IReadOnlyList<TrackedFacing>, IReadOnlyList<FacingTrack>) step = ([], []);
        for (var i = 0; i < captures.Length; i++)
        {
            step = _tracker.Step(tracks, captures[i], Start.AddMinutes(30 * i));
            tracks = step.Item2;
        }

        return step;
    }

    [Fact]
    public void One_contrary_photo_does_not_flip_an_established_label()
    {
        var (facings, _) = Run([Sees(Milk)], [Sees(Milk)], [Sees(Cream)]);

        var facing = facings.ShouldHaveSingleItem();
        facing.SkuId.ShouldBe(Milk);
        facing.Continued.ShouldBeTrue();
        facing.KeptAgainst!.Value.SkuId.ShouldBe(Cream, "the capture's own answer is kept for the explanation");
        facing.Track.Since.ShouldBe(Start);
        facing.Track.Observations.ShouldBe(3);
    }

    [Fact]
    public void Evidence_that_keeps_pointing_elsewhere_changes_the_label()
    {
        var (facings, _) = Run([Sees(Milk)], [Sees(Cream)], [Sees(Cream)], [Sees(Cream)]);

        facings.ShouldHaveSingleItem().SkuId.ShouldBe(Cream);
    }

    [Fact]
    public void A_product_replaced_at_the_same_place_starts_a_new_track_at_once()
    {
        var (facings, _) = Run([Sees(Milk)], [Sees(Milk)], [Sees(Juice, look: JuiceLook)]);

        var facing = facings.ShouldHaveSingleItem();
        facing.Continued.ShouldBeFalse("it looks nothing like the milk that stood there");
        facing.SkuId.ShouldBe(Juice);
        facing.Track.Since.ShouldBe(Start.AddMinutes(60));
    }

    [Fact]
    public void A_facing_elsewhere_on_the_shelf_starts_its_own_track()
    {
        var (facings, _) = Run([Sees(Milk)], [Sees(Milk, box: new BoundingBox(400, 100, 500, 300))]);

        facings.ShouldHaveSingleItem().Continued.ShouldBeFalse();
    }

    [Fact]
    public void A_track_survives_a_missed_capture_and_ends_after_too_many()
    {
        var far = new BoundingBox(600, 100, 700, 300);
        var missedOnce = Run([Sees(Milk)], [Sees(Juice, box: far)], [Sees(Cream)]);
        missedOnce.Facings.ShouldHaveSingleItem().SkuId.ShouldBe(Milk, "the milk's track came back after one photo without it");

        var missedThrice = Run([Sees(Milk)], [Sees(Juice, box: far)], [Sees(Juice, box: far)], [Sees(Juice, box: far)], [Sees(Cream)]);
        missedThrice.Facings.Single(f => f.Track.Box == Slot).SkuId.ShouldBe(Cream, "the milk's track ended");
    }

    [Fact]
    public void An_unknown_vote_is_evidence_like_any_other()
    {
        var unknown = new FacingObservation(Slot, MilkLook, [new SkuVote(null, 1)]);

        var (facings, _) = Run([unknown], [unknown]);

        facings.ShouldHaveSingleItem().SkuId.ShouldBeNull();
        facings[0].Track.ShareOf(null).ShouldBe(1);
    }

    [Fact]
    public void Whether_a_facing_is_unknown_is_decided_on_its_photos_together()
    {
        FacingObservation Margin(double margin) => Sees(Milk) with { OpenSetMargin = margin };

        Run([Margin(0.05)], [Margin(0.04)], [Margin(-0.02)]).Facings.ShouldHaveSingleItem().SkuId.ShouldBe(Milk, "one photo under the threshold");
        Run([Margin(0.01)], [Margin(-0.05)], [Margin(-0.04)]).Facings.ShouldHaveSingleItem().SkuId.ShouldBeNull("its photos keep falling under it");
        var first = Run([Margin(-0.01)]).Facings.ShouldHaveSingleItem();
        (first.SkuId, first.Track.SkuId).ShouldBe((null, Milk), "a new track answers as its one photo does, and keeps its best SKU for later");
    }

    private static ShelfAnnotation Annotated(Guid sku, DateTimeOffset capturedAt, Guid captureId, BoundingBox? box = null) =>
        new(sku, box ?? Slot, capturedAt, captureId);

    [Fact]
    public void An_annotators_confirmation_sets_the_label_of_a_track_that_started_wrong()
    {
        var (_, carried) = Run([Sees(Cream)], [Sees(Cream)]);
        var confirmed = _tracker.Confirm(carried, [Annotated(Milk, Start.AddMinutes(30), Guid.NewGuid())], Start.AddMinutes(60));

        var (facings, _) = _tracker.Step(confirmed, [Sees(Cream)], Start.AddMinutes(60));

        var facing = facings.ShouldHaveSingleItem();
        facing.Continued.ShouldBeTrue();
        facing.SkuId.ShouldBe(Milk, "one more photo that looks like cream does not outvote the annotator");
        facing.Track.ConfirmedAt.ShouldBe(Start.AddMinutes(30));
        var (later, _) = Run([Sees(Cream)], [Sees(Cream)]);
        later.ShouldHaveSingleItem().SkuId.ShouldBe(Cream, "without the confirmation the track keeps its own answer");
    }

    [Fact]
    public void A_confirmation_applies_once_to_tracks_that_stood_there_when_the_photo_was_taken()
    {
        var (_, carried) = Run([Sees(Cream)], [Sees(Cream)]);
        var track = carried.ShouldHaveSingleItem();

        _tracker.Confirm(carried, [Annotated(Milk, Start.AddMinutes(-30), Guid.NewGuid())], Start.AddMinutes(60))
            .ShouldHaveSingleItem().ShouldBeSameAs(track, "the track began after the annotated photo: that was another product");
        _tracker.Confirm(carried, [Annotated(Milk, Start.AddMinutes(60), Guid.NewGuid())], Start.AddMinutes(60))
            .ShouldHaveSingleItem().ShouldBeSameAs(track, "an annotation of this very capture or a later one is not history yet");
        _tracker.Confirm(carried, [Annotated(Milk, Start, Guid.NewGuid(), new BoundingBox(400, 100, 500, 300))], Start.AddMinutes(60))
            .ShouldHaveSingleItem().ShouldBeSameAs(track, "the annotated box is elsewhere on the shelf");
        var once = _tracker.Confirm(carried, [Annotated(Milk, Start, Guid.NewGuid())], Start.AddMinutes(60));
        var stepped = _tracker.Step(once, [Sees(Cream)], Start.AddMinutes(60)).Carried.Single() with { SkuId = Cream };
        _tracker.Confirm([stepped], [Annotated(Milk, Start, Guid.NewGuid())], Start.AddMinutes(90))
            .ShouldHaveSingleItem().SkuId.ShouldBe(Cream, "a confirmation already taken in is not applied again");
    }

    [Fact]
    public void A_confirmed_track_counts_as_a_catalog_product()
    {
        var (_, carried) = Run([Sees(Milk) with { OpenSetMargin = -0.1 }], [Sees(Milk) with { OpenSetMargin = -0.08 }]);
        carried.ShouldHaveSingleItem().IsUnknown.ShouldBeTrue();

        var confirmed = _tracker.Confirm(carried, [Annotated(Milk, Start, Guid.NewGuid())], Start.AddMinutes(60)).ShouldHaveSingleItem();

        confirmed.IsUnknown.ShouldBeFalse();
        var (facings, _) = _tracker.Step([confirmed], [Sees(Milk) with { OpenSetMargin = -0.01 }], Start.AddMinutes(60));
        facings.ShouldHaveSingleItem().SkuId.ShouldBe(Milk);
    }

    [Fact]
    public void Tracks_survive_a_round_trip_through_their_stored_form()
    {
        var (_, run) = Run([Sees(Milk) with { OpenSetMargin = 0.1 }], [Sees(Milk) with { OpenSetMargin = 0.05 }]);
        var carried = _tracker.Confirm(run, [Annotated(Milk, Start, Guid.NewGuid())], Start.AddMinutes(60));

        var read = FacingTrackJson.Read(FacingTrackJson.Write(carried)).ShouldHaveSingleItem();

        var track = carried.Single();
        (read.Id, read.SkuId, read.Since, read.Observations, read.Box).ShouldBe((track.Id, track.SkuId, track.Since, track.Observations, track.Box));
        read.ConfirmedAt.ShouldBe(Start);
        read.Evidence[Milk].ShouldBe(track.Evidence[Milk], 1e-4);
        read.OpenSet!.Margin.ShouldBe(track.OpenSet!.Margin, 1e-4);
        FacingTracker.Cosine(read.Look, track.Look).ShouldBeGreaterThan(0.99);
        Should.Throw<InvalidDataException>(() => FacingTrackJson.Read("{not json"));
    }
}
