using ShelfCloud.Domain.Availability;
using ShelfCloud.Domain.Captures;
using ShelfCloud.Domain.Shelves;
using ShelfCloud.Infrastructure.Availability;

namespace ShelfCloud.Benchmarks.Core.Portal;

/// <summary>A seeded shelf: where it stands, its camera and its planogram (one SKU per facing slot).</summary>
internal sealed record SeededShelf(Guid StoreId, Guid ShelfId, Guid CameraId, Guid[] Planogram);

/// <summary>A product standing in a capture.</summary>
internal readonly record struct SimulatedProduct(BoundingBox Box, Guid? SkuId);

/// <summary>One shelf's stock over time and the out-of-stock tracking that follows it.</summary>
internal sealed class ShelfSimulation(SeededShelf shelf, Random random)
{
    /// <summary>The simulated photo: products stand in <see cref="Rows"/> rows across it.</summary>
    public const int PhotoWidth = 1280, PhotoHeight = 960, Rows = 3;

    private readonly bool[] _present = Enumerable.Repeat(true, shelf.Planogram.Length).ToArray();
    private readonly Dictionary<Guid, int> _stockOuts = [];
    private readonly OutOfStockTracker _tracker = new(new AvailabilityOptions().CapturesToRaise);
    private readonly Dictionary<Guid, OutOfStockEvent> _open = [];
    private DateOnly _lastRestock;
    private DateOnly _lastAnnotation;

    public SeededShelf Shelf { get; } = shelf;

    public List<SimulatedProduct> Step(DateTimeOffset takenAt)
    {
        var day = DateOnly.FromDateTime(takenAt.UtcDateTime);
        foreach (var sku in _stockOuts.Keys.ToList())
        {
            if (--_stockOuts[sku] <= 0)
                _stockOuts.Remove(sku);
        }

        if (random.NextDouble() < 0.004)
            _stockOuts[Shelf.Planogram[random.Next(Shelf.Planogram.Length)]] = random.Next(6, 90);
        if (takenAt.Hour >= 6 && day != _lastRestock)
        {
            _lastRestock = day;
            Array.Fill(_present, true);
        }
        else
        {
            for (var i = 0; i < _present.Length; i++)
                _present[i] &= random.NextDouble() >= 0.01;
        }

        var perRow = (int)Math.Ceiling(Shelf.Planogram.Length / (double)Rows);
        var slotWidth = (PhotoWidth - 40f) / perRow;
        var products = new List<SimulatedProduct>(_present.Length);
        for (var i = 0; i < _present.Length; i++)
        {
            if (!_present[i] || _stockOuts.ContainsKey(Shelf.Planogram[i]))
                continue;
            var (row, column) = (i / perRow, i % perRow);
            var x = 20 + column * slotWidth + (float)random.NextDouble() * 4;
            var y = 40 + row * (PhotoHeight - 80f) / Rows;
            var box = new BoundingBox(x, y + 40, x + slotWidth - 6, y + (PhotoHeight - 80f) / Rows - 10);
            products.Add(new SimulatedProduct(box, random.NextDouble() < 0.02 ? null : Shelf.Planogram[i]));
        }

        return products;
    }

    public bool AnnotateNow(DateTimeOffset takenAt)
    {
        var day = DateOnly.FromDateTime(takenAt.UtcDateTime);
        if (takenAt.Hour < 9 || day.DayNumber - _lastAnnotation.DayNumber < 4)
            return false;
        _lastAnnotation = day;
        return true;
    }

    public IEnumerable<OutOfStockEvent> Track(DateTimeOffset takenAt, IEnumerable<SimulatedProduct> products)
    {
        var closed = new List<OutOfStockEvent>();
        var seen = products.Where(p => p.SkuId is not null).Select(p => p.SkuId!.Value).ToHashSet();
        foreach (var change in _tracker.Observe(takenAt, Shelf.Planogram.Distinct(), seen))
        {
            if (change.Kind == MissingSkuChangeKind.Raised)
            {
                _open[change.SkuId] = new OutOfStockEvent
                {
                    StoreId = Shelf.StoreId, ShelfId = Shelf.ShelfId, SkuId = change.SkuId, Kind = OutOfStockKind.MissingSku,
                    StartedAt = change.MissingSince, ConsecutiveCaptures = change.ConsecutiveMisses,
                };
            }
            else if (_open.Remove(change.SkuId, out var ended))
            {
                ended.ClearedAt = change.At;
                ended.ConsecutiveCaptures = change.ConsecutiveMisses;
                closed.Add(ended);
            }
        }

        return closed;
    }

    public IEnumerable<OutOfStockEvent> OpenEvents() => _open.Values;
}
