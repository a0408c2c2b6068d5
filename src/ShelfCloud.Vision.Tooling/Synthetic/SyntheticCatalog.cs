using ShelfCloud.Domain.Catalog;
using SkiaSharp;

namespace ShelfCloud.Vision.Tooling.Synthetic;

/// <summary>
/// Deterministic catalogs: brand families across the RP2K product types and shapes, whose flavour and size
/// variants share body colour, shape and brand mark and differ only in an accent stripe, a pattern and small text —
/// the fine-grained part of shelf recognition.
/// </summary>
public static class SyntheticCatalog
{
    private sealed record Family(string Brand, string Manufacturer, string Category, ProductShape[] Shapes, string[] Flavors, string[] Sizes);

    private static readonly Family[] Families =
    [
        new("Nordkind", "Nordkind Dairies", "Dairy", [ProductShape.Bottle, ProductShape.Box], ["Whole", "Semi", "Skimmed", "Oat", "Lactose free"], ["0.5 L", "1 L"]),
        new("Fjordmjolk", "Fjord Foods", "Dairy", [ProductShape.Jar, ProductShape.Box], ["Plain", "Vanilla", "Strawberry", "Blueberry"], ["200 g", "500 g"]),
        new("Polar Fizz", "Arctic Beverages", "Drinks", [ProductShape.Can, ProductShape.Bottle], ["Cola", "Lemon", "Orange", "Zero"], ["33 cl", "50 cl"]),
        new("Sunvale", "Sunvale Juices", "Drinks", [ProductShape.Box, ProductShape.Bottle], ["Apple", "Orange", "Multifruit", "Mango"], ["1 L", "2 L"]),
        new("Hopfield", "Hopfield Brewing", "Beer", [ProductShape.Can, ProductShape.Pack], ["Lager", "IPA", "Pils", "Stout"], ["33 cl", "6x33 cl"]),
        new("Brauhaus 1892", "Brauhaus Group", "Beer", [ProductShape.Bottle, ProductShape.Pack], ["Helles", "Weizen", "Dunkel"], ["50 cl", "4x50 cl"]),
        new("Old Harbour", "Harbour Spirits", "Liquor", [ProductShape.Bottle], ["Rum", "Spiced", "Gold"], ["35 cl", "70 cl"]),
        new("Kristall", "Kristall Distillers", "Liquor", [ProductShape.Bottle], ["Vodka", "Citron", "Pepper"], ["50 cl", "1 L"]),
        new("Aurora Care", "Aurora Cosmetics", "Cosmetics", [ProductShape.HandledBottle, ProductShape.Jar], ["Aloe", "Argan", "Sensitive", "Men"], ["250 ml", "500 ml"]),
        new("Lumi", "Aurora Cosmetics", "Cosmetics", [ProductShape.Bottle, ProductShape.Jar], ["Day", "Night", "SPF 30"], ["50 ml", "100 ml"]),
        new("Spicehill", "Spicehill Foods", "Seasonings", [ProductShape.Jar, ProductShape.Bag], ["Paprika", "Curry", "Pepper", "Chili", "Garlic"], ["40 g", "100 g"]),
        new("Saltverk", "Fjord Foods", "Seasonings", [ProductShape.Box, ProductShape.Bag], ["Sea salt", "Herb salt", "Smoked"], ["250 g", "1 kg"]),
        new("Crestline", "Crest Tobacco", "Tobacco", [ProductShape.Box, ProductShape.Pack], ["Red", "Blue", "Silver"], ["20 pcs", "10x20 pcs"]),
        new("Clearwater", "Arctic Beverages", "Drinks", [ProductShape.Bottle, ProductShape.HandledBottle], ["Still", "Sparkling", "Lime"], ["0.5 L", "5 L"]),
    ];

    private static readonly SKColor[] BodyColors =
    [
        new(25, 90, 170), new(200, 30, 40), new(20, 130, 70), new(240, 180, 20), new(90, 40, 120), new(30, 30, 30),
        new(230, 120, 30), new(0, 150, 160), new(150, 30, 90), new(110, 80, 50), new(220, 220, 225), new(60, 110, 40),
        new(180, 150, 100), new(70, 70, 160),
    ];

    private static readonly SKColor[] AccentColors =
    [
        new(255, 215, 0), new(230, 60, 60), new(60, 180, 75), new(0, 130, 200), new(245, 130, 48), new(145, 30, 180),
        new(70, 240, 240), new(240, 50, 230), new(210, 245, 60), new(250, 190, 190), new(0, 128, 128), new(170, 110, 40),
    ];

    /// <summary>Builds <paramref name="count"/> SKUs from <paramref name="seed"/>; the same arguments always give the same catalog.</summary>
    public static IReadOnlyList<SyntheticSku> Generate(int count, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var random = new Random(seed);
        var skus = new List<SyntheticSku>(count);
        var familyOrder = Enumerable.Range(0, Families.Length).OrderBy(_ => random.Next()).ToArray();
        for (var round = 0; skus.Count < count; round++)
        {
            foreach (var familyIndex in familyOrder)
            {
                if (skus.Count >= count)
                    break;
                var family = Families[familyIndex];
                var flavor = family.Flavors[round % family.Flavors.Length];
                var size = family.Sizes[(round / family.Flavors.Length) % family.Sizes.Length];
                // Neighbouring flavours share a shape, so most variants differ only in label details.
                var shape = family.Shapes[(round / 2) % family.Shapes.Length];
                var generation = round / (family.Flavors.Length * family.Sizes.Length * family.Shapes.Length);
                var variant = round % 97;
                var name = $"{family.Brand} {flavor} {size}" + (family.Shapes.Length > 1 ? $" {ShapeWord(shape)}" : "") + (generation > 0 ? $" ed. {generation + 1}" : "");
                skus.Add(new SyntheticSku(
                    Code: $"SYN-{skus.Count + 1:D5}",
                    Gtin: Gtin13(random),
                    Name: name,
                    Brand: family.Brand,
                    Manufacturer: family.Manufacturer,
                    Category: family.Category,
                    Size: size,
                    Flavor: flavor,
                    Shape: shape,
                    BodyColor: Shade(BodyColors[familyIndex % BodyColors.Length], generation * 25),
                    LabelColor: new SKColor(245, 242, 235),
                    AccentColor: AccentColors[(variant + familyIndex * 5) % AccentColors.Length],
                    Pattern: (variant + generation) % 4,
                    SizeScale: family.Sizes.Length > 1 && size == family.Sizes[^1] ? 1.0f : 0.8f));
            }
        }
        return skus;
    }

    private static string ShapeWord(ProductShape shape) => shape switch
    {
        ProductShape.HandledBottle => "jug",
        ProductShape.Pack => "multipack",
        _ => shape.ToString().ToLowerInvariant(),
    };

    private static SKColor Shade(SKColor color, int delta) =>
        new((byte)Math.Clamp(color.Red - delta, 0, 255), (byte)Math.Clamp(color.Green - delta, 0, 255), (byte)Math.Clamp(color.Blue - delta, 0, 255));

    /// <summary>A valid GTIN-13 (check digit computed) in the 200–299 in-store range, so it never collides with real products.</summary>
    private static string Gtin13(Random random)
    {
        var digits = new int[13];
        digits[0] = 2;
        for (var i = 1; i < 12; i++)
            digits[i] = random.Next(10);
        var sum = 0;
        for (var i = 0; i < 12; i++)
            sum += digits[i] * (i % 2 == 0 ? 1 : 3);
        digits[12] = (10 - sum % 10) % 10;
        return string.Concat(digits);
    }
}
