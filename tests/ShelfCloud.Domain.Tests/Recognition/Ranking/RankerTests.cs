using ShelfCloud.Domain.Recognition;
using ShelfCloud.Domain.Recognition.Ranking;
using ShelfCloud.Domain.Recognition.Tracking;

namespace ShelfCloud.Domain.Tests.Recognition.Ranking;

public sealed class RankerTests
{
    private static readonly HashSet<Guid> NoList = [];

    /// <summary>
    /// Facings where the right SKU is the track's (visual rank 2 half the time): the realgram's order is right half the
    /// time, a ranker that learns to trust the track is right nearly always.
    /// </summary>
    private static List<(FacingContext Context, int Right)> TrackedFacings(int count, int seed)
    {
        var random = new Random(seed);
        var facings = new List<(FacingContext, int)>();
        for (var i = 0; i < count; i++)
        {
            var right = Guid.NewGuid();
            var wrong = Guid.NewGuid();
            var rightFirst = random.NextDouble() < 0.5;
            var high = 0.7f + 0.1f * random.NextSingle();
            var low = high - 0.02f * random.NextSingle();
            var candidates = rightFirst
                ? new List<RankedCandidate> { new(right, 1, high, 0, high), new(wrong, 2, low, 0, low) }
                : [new(wrong, 1, high, 0, high), new(right, 2, low, 0, low)];
            var track = new FacingTrack(Guid.NewGuid(), default, [], right, default, new Dictionary<Guid, double> { [right] = 2.5, [wrong] = 0.4 }, 4);
            facings.Add((new FacingContext(candidates, track, [], NoList), rightFirst ? 0 : 1));
        }

        return facings;
    }

    [Fact]
    public void The_trainer_learns_what_the_realgram_order_misses()
    {
        var training = TrackedFacings(400, seed: 1).Select(f => new RankerExample(RankerFeatures.For(f.Context), f.Right)).ToList();

        var model = RankerTrainer.Train(training, "test-1", "synthetic facings");
        var ranker = new LinearCandidateRanker(model);

        model.FallbackTop1.ShouldBe(0.5, 0.08);
        model.TrainTop1.ShouldBeGreaterThan(0.95);
        var heldOut = TrackedFacings(200, seed: 2);
        heldOut.Count(f => ArgMax(ranker.Probabilities(f.Context)) == f.Right).ShouldBeGreaterThan(190);
        heldOut.Count(f => ArgMax(new RealgramOrderRanker().Probabilities(f.Context)) == f.Right).ShouldBeLessThan(130);
    }

    [Fact]
    public void Too_few_facings_make_no_model()
    {
        var few = TrackedFacings(RankerTrainer.MinimumFacings - 1, seed: 3).Select(f => new RankerExample(RankerFeatures.For(f.Context), f.Right)).ToList();

        Should.Throw<ArgumentException>(() => RankerTrainer.Train(few, "v", "x")).Message.ShouldContain("at least");
    }

    [Fact]
    public void A_model_round_trips_through_json_and_one_for_other_features_is_refused()
    {
        var training = TrackedFacings(300, seed: 4).Select(f => new RankerExample(RankerFeatures.For(f.Context), f.Right)).ToList();
        var model = RankerTrainer.Train(training, "round-trip", "synthetic facings");

        var parsed = RankerModel.Parse(model.ToJson());

        parsed.Weights.ShouldBe(model.Weights);
        parsed.Version.ShouldBe("round-trip");
        Should.Throw<InvalidDataException>(() => RankerModel.Parse(model.ToJson().Replace("track_share", "colour"))).Message.ShouldContain("other features");
        Should.Throw<InvalidDataException>(() => RankerModel.Parse("{\"version\": 3}"));
        Should.Throw<InvalidDataException>(() => RankerModel.Parse("not json"));
    }

    [Fact]
    public void The_fallback_follows_the_realgram_order()
    {
        var a = Guid.NewGuid();
        var b = Guid.NewGuid();
        var context = new FacingContext([new(a, 2, 0.6f, 0.5f, 0.675f), new(b, 1, 0.65f, 0, 0.65f)], null, [], NoList);

        var probabilities = new RealgramOrderRanker().Probabilities(context);

        probabilities.Sum().ShouldBe(1, 1e-9);
        probabilities[0].ShouldBeGreaterThan(probabilities[1]);
    }

    [Fact]
    public void Features_see_the_neighbours_the_track_and_the_product_list()
    {
        var a = Guid.NewGuid();
        var b = Guid.NewGuid();
        var track = new FacingTrack(Guid.NewGuid(), default, [], b, default, new Dictionary<Guid, double> { [b] = 3, [a] = 1 }, 3);
        var context = new FacingContext([new(a, 1, 0.8f, 0, 0.8f), new(b, 2, 0.7f, 0.4f, 0.76f)], track, [b, b], new HashSet<Guid> { b });

        var features = RankerFeatures.For(context);

        features.Length.ShouldBe(2);
        features.ShouldAllBe(f => f.Length == RankerFeatures.Names.Count);
        Feature(features[1], "track_share").ShouldBe(0.75, 1e-9);
        Feature(features[1], "is_track_label").ShouldBe(1);
        Feature(features[0], "is_track_label").ShouldBe(0);
        Feature(features[1], "neighbours_agree").ShouldBe(1);
        Feature(features[1], "on_product_list").ShouldBe(1);
        Feature(features[1], "visual_margin").ShouldBe(-0.1, 1e-6);
        Feature(features[1], "visual_rank_inverse").ShouldBe(0.5);
    }

    private static double Feature(double[] features, string name) => features[RankerFeatures.Names.ToList().IndexOf(name)];

    private static int ArgMax(double[] values) => Array.IndexOf(values, values.Max());
}
