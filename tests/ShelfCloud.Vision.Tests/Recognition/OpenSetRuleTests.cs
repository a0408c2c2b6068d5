using ShelfCloud.Domain.Models;
using ShelfCloud.Vision.Inference;
using ShelfCloud.Vision.Recognition;
using ShelfCloud.Vision.Search;

namespace ShelfCloud.Vision.Tests.Recognition;

public class OpenSetRuleTests
{
    private static ModelCard Card(float? threshold) => ModelCardReader.Read(
        threshold is { } t ? new Dictionary<string, string> { ["unknown_threshold"] = t.ToString(System.Globalization.CultureInfo.InvariantCulture) } : [],
        null, [-1, 3, 32, 32], [-1, 16], ModelKind.Embedder);

    private static VectorMatch Hit(float score) => new(Guid.NewGuid(), Guid.NewGuid(), score);

    [Fact]
    public void The_configured_threshold_wins_over_the_cards_and_no_threshold_means_no_rule()
    {
        OpenSetRule.For(Card(0.4f), configuredThreshold: null)!.Threshold.ShouldBe(0.4f);
        OpenSetRule.For(Card(0.4f), configuredThreshold: 0.6f)!.Threshold.ShouldBe(0.6f);
        OpenSetRule.For(Card(null), configuredThreshold: 0.2f)!.Threshold.ShouldBe(0.2f);
        OpenSetRule.For(Card(null), configuredThreshold: null).ShouldBeNull();
    }

    [Fact]
    public void A_crop_is_unknown_only_when_its_best_hit_is_below_the_threshold()
    {
        var rule = OpenSetRule.For(Card(0.5f), null)!;

        rule.IsUnknown([Hit(0.3f), Hit(0.49f)]).ShouldBeTrue();
        rule.IsUnknown([Hit(0.3f), Hit(0.5f)]).ShouldBeFalse();
        rule.IsUnknown([Hit(0.9f)]).ShouldBeFalse();
        OpenSetRule.Score([Hit(0.2f), Hit(0.7f), Hit(0.1f)]).ShouldBe(0.7f);
    }

    [Fact]
    public void A_crop_without_any_hit_has_no_candidates_but_is_not_unknown()
    {
        OpenSetRule.For(Card(0.5f), null)!.IsUnknown([]).ShouldBeFalse();
    }

    [Theory]
    [InlineData("1.5")]
    [InlineData("[0.1, 0.2]")]
    [InlineData("'high'")]
    public void A_card_threshold_that_is_not_one_similarity_is_refused_with_its_source(string value)
    {
        var error = Should.Throw<InvalidDataException>(() => ModelCardReader.Read(
            new Dictionary<string, string> { ["unknown_threshold"] = value }, null, [-1, 3, 32, 32], [-1, 16], ModelKind.Embedder));

        error.Message.ShouldContain("unknown_threshold");
        error.Message.ShouldContain("cosine similarity");
    }

    [Fact]
    public void The_sidecar_can_carry_the_threshold()
    {
        var card = ModelCardReader.Read(new Dictionary<string, string>(), """{"unknown_threshold": 0.55}""", [-1, 3, 32, 32], [-1, 16], ModelKind.Embedder);

        card.UnknownThreshold.ShouldBe(0.55f);
    }
}
