namespace ShelfCloud.Vision.Tooling.Synthetic;

/// <summary>Lays out a shelf: 3–5 rows, SKUs of one or two categories in blocks of 1–4 facings, mixed product sizes.</summary>
public static class ShelfPlanner
{
    public static ShelfPlan Plan(IReadOnlyList<SyntheticSku> catalog, Random random, int width = 1280, int height = 960)
    {
        var categories = catalog.Select(s => s.Category).Distinct().OrderBy(c => c, StringComparer.Ordinal).ToList();
        var chosen = categories.OrderBy(_ => random.Next()).Take(random.Next(1, 3)).ToHashSet();
        var candidates = Enumerable.Range(0, catalog.Count).Where(i => chosen.Contains(catalog[i].Category)).ToList();
        if (candidates.Count < 4)
            candidates = Enumerable.Range(0, catalog.Count).ToList();

        var rowCount = random.Next(3, 6);
        var margin = width * 0.03f;
        var rowHeight = (height - 2 * margin) / rowCount;
        var rows = new List<PlannedRow>(rowCount);
        for (var r = 0; r < rowCount; r++)
        {
            var top = margin + r * rowHeight;
            var boardY = top + rowHeight * 0.9f;
            rows.Add(new PlannedRow(top, boardY, PlanRow(catalog, candidates, random, margin, width - margin, rowHeight * 0.82f)));
        }
        return new ShelfPlan(width, height, rows);
    }

    private static List<PlannedFacing> PlanRow(IReadOnlyList<SyntheticSku> catalog, List<int> candidates, Random random, float left, float right, float maxHeight)
    {
        var facings = new List<PlannedFacing>();
        var x = left + random.NextSingle() * 10;
        while (true)
        {
            var skuIndex = candidates[random.Next(candidates.Count)];
            var sku = catalog[skuIndex];
            var productHeight = maxHeight * sku.SizeScale * (0.85f + random.NextSingle() * 0.15f);
            var productWidth = productHeight * PackshotRenderer.AspectRatio(sku.Shape);
            var count = random.Next(1, 5);
            for (var i = 0; i < count; i++)
            {
                if (x + productWidth > right)
                    return facings;
                facings.Add(new PlannedFacing(skuIndex, x, productWidth, productHeight));
                x += productWidth + 2 + random.NextSingle() * 4;
            }
            x += 4 + random.NextSingle() * 8;
        }
    }
}
