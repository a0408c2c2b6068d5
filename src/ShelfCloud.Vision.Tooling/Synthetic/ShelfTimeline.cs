namespace ShelfCloud.Vision.Tooling.Synthetic;

/// <summary>One photo of a shelf in a time series: when, which planogram, which facings are stocked.</summary>
public sealed record ShelfMoment(int Day, int Hour, DateTimeOffset TakenAt, ShelfPlan Plan, bool[] Present);

/// <summary>What a history of real products adds to a shelf (<c>synth --crops</c>).</summary>
/// <param name="NewSkus">Catalog SKUs that may be listed half-way through the history (one replaces a block of a row).</param>
/// <param name="Strangers">Products outside the catalog; one of them takes a single facing from a third of the history on.</param>
public sealed record ShelfNovelties(IReadOnlyList<int> NewSkus, IReadOnlyList<int> Strangers);

/// <summary>
/// A shelf over days: restocked each morning, depleted during the day, occasional multi-day stock-outs of one SKU,
/// and now and then two SKU blocks swapping places (a moved product). With <see cref="ShelfNovelties"/>, a new SKU is
/// listed half-way and a product outside the catalog appears on one facing.
/// </summary>
public static class ShelfTimeline
{
    public static IEnumerable<ShelfMoment> Simulate(ShelfPlan initial, int days, Random random, ShelfNovelties? novelties = null)
    {
        var plan = initial;
        var present = Enumerable.Repeat(true, plan.AllFacings.Count()).ToArray();
        var stockOuts = new Dictionary<int, int>(); // sku index → days left
        for (var day = 0; day < days; day++)
        {
            if (day > 0 && random.NextDouble() < 0.12)
                plan = SwapTwoBlocks(plan, random);
            if (novelties is not null && days >= 3 && day == days / 3)
                plan = PlaceStranger(plan, novelties.Strangers, random);
            if (novelties is not null && days >= 2 && day == days / 2)
                plan = ListNewSku(plan, novelties, random);
            if (random.NextDouble() < 0.3)
            {
                var skus = plan.AllFacings.Select(f => f.SkuIndex).Distinct().ToList();
                stockOuts[skus[random.Next(skus.Count)]] = random.Next(1, 4);
            }
            foreach (var hour in SyntheticDatasetOptions.CaptureHours)
            {
                if (hour == SyntheticDatasetOptions.CaptureHours[0])
                    Restock(plan, present, stockOuts);
                else
                    Deplete(present, random, hour >= 20 ? 0.10 : 0.06);
                yield return new ShelfMoment(day, hour, SyntheticDatasetOptions.Epoch.AddDays(day).AddHours(hour), plan, (bool[])present.Clone());
            }
            foreach (var sku in stockOuts.Keys.ToList())
            {
                if (--stockOuts[sku] <= 0)
                    stockOuts.Remove(sku);
            }
        }
    }

    private static void Restock(ShelfPlan plan, bool[] present, IReadOnlyDictionary<int, int> stockOuts)
    {
        var i = 0;
        foreach (var facing in plan.AllFacings)
            present[i++] = !stockOuts.ContainsKey(facing.SkuIndex);
    }

    private static void Deplete(bool[] present, Random random, double probability)
    {
        for (var i = 0; i < present.Length; i++)
        {
            if (present[i] && random.NextDouble() < probability)
                present[i] = false;
        }
    }

    private static ShelfPlan SwapTwoBlocks(ShelfPlan plan, Random random)
    {
        var rowIndex = random.Next(plan.Rows.Count);
        var row = plan.Rows[rowIndex];
        var skus = row.Facings.Select(f => f.SkuIndex).Distinct().ToList();
        if (skus.Count < 2)
            return plan;
        var a = skus[random.Next(skus.Count)];
        var b = skus.Where(s => s != a).ElementAt(random.Next(skus.Count - 1));
        var swapped = row.Facings.Select(f => f.SkuIndex == a ? f with { SkuIndex = b } : f.SkuIndex == b ? f with { SkuIndex = a } : f).ToList();
        var rows = plan.Rows.ToList();
        rows[rowIndex] = row with { Facings = swapped };
        return plan with { Rows = rows };
    }

    /// <summary>A block of one catalog SKU in a random row is delisted for a SKU the shelf has not held before.</summary>
    private static ShelfPlan ListNewSku(ShelfPlan plan, ShelfNovelties novelties, Random random)
    {
        var onShelf = plan.AllFacings.Select(f => f.SkuIndex).ToHashSet();
        var fresh = novelties.NewSkus.Where(s => !onShelf.Contains(s)).ToList();
        if (fresh.Count == 0)
            return plan;
        var rowIndex = random.Next(plan.Rows.Count);
        var row = plan.Rows[rowIndex];
        var catalogFacings = row.Facings.Where(f => !novelties.Strangers.Contains(f.SkuIndex)).ToList();
        if (catalogFacings.Count == 0)
            return plan;
        var delisted = catalogFacings[random.Next(catalogFacings.Count)].SkuIndex;
        var listed = fresh[random.Next(fresh.Count)];
        return WithRow(plan, rowIndex, row with { Facings = row.Facings.Select(f => f.SkuIndex == delisted ? f with { SkuIndex = listed } : f).ToList() });
    }

    /// <summary>One facing of a random row now holds a product the catalog does not know.</summary>
    private static ShelfPlan PlaceStranger(ShelfPlan plan, IReadOnlyList<int> strangers, Random random)
    {
        if (strangers.Count == 0)
            return plan;
        var rowIndex = random.Next(plan.Rows.Count);
        var row = plan.Rows[rowIndex];
        var slot = random.Next(row.Facings.Count);
        var stranger = strangers[random.Next(strangers.Count)];
        return WithRow(plan, rowIndex, row with { Facings = row.Facings.Select((f, i) => i == slot ? f with { SkuIndex = stranger } : f).ToList() });
    }

    private static ShelfPlan WithRow(ShelfPlan plan, int rowIndex, PlannedRow row)
    {
        var rows = plan.Rows.ToList();
        rows[rowIndex] = row;
        return plan with { Rows = rows };
    }
}
