using System.Data.Common;
using System.Text.Json;
using Microsoft.EntityFrameworkCore.Metadata;
using ShelfCloud.Domain.Analytics;
using ShelfCloud.Domain.Availability;
using ShelfCloud.Domain.Captures;
using ShelfCloud.Domain.Recognition;
using ShelfCloud.Infrastructure.Availability;

namespace ShelfCloud.Benchmarks.Core.Portal;

/// <summary>The prepared inserts of one history, committed in large transactions.</summary>
internal sealed class HistoryWriter : IDisposable
{
    private readonly DbConnection _connection;
    private readonly IModel _model;
    private readonly Guid _tenantId;
    private DbTransaction _transaction = null!;
    private SqliteBulkInsert _captures = null!, _detections = null!, _annotations = null!, _stats = null!, _facings = null!;

    public HistoryWriter(DbConnection connection, IModel model, Guid tenantId)
    {
        _connection = connection;
        _model = model;
        _tenantId = tenantId;
        Begin();
    }

    public int Captures { get; private set; }
    public int Detections { get; private set; }
    public int EventCount { get; private set; }
    public int Rows { get; private set; }

    public void Capture(SeededShelf shelf, Guid captureId, DateTimeOffset takenAt, IReadOnlyList<SimulatedProduct> products,
        IReadOnlyList<ReviewStatus> reviewed, ref long detectionId, bool annotate)
    {
        _captures.Add(captureId, _tenantId, shelf.CameraId, shelf.ShelfId, shelf.StoreId, $"{_tenantId}/captures/bench/{captureId:N}.jpg",
            ShelfSimulation.PhotoWidth, ShelfSimulation.PhotoHeight, takenAt, takenAt, CaptureStatus.Recognized, 1, takenAt, Guid.NewGuid());
        for (var i = 0; i < products.Count; i++)
        {
            var p = products[i];
            var candidates = p.SkuId is { } sku
                ? JsonSerializer.Serialize(new[] { new { SkuId = sku, VisualScore = 0.82f, RealgramCoefficient = 0.4f, FinalScore = 0.88f } })
                : "[]";
            _detections.Add(++detectionId, _tenantId, captureId, p.Box.X1, p.Box.Y1, p.Box.X2, p.Box.Y2, 0.9f, p.SkuId, p.SkuId is null ? 0f : 0.88f,
                reviewed[i], candidates);
            if (annotate && p.SkuId is { } annotatedSku)
            {
                _annotations.Add(_tenantId, shelf.ShelfId, captureId, detectionId, annotatedSku, p.Box.X1, p.Box.Y1, p.Box.X2, p.Box.Y2,
                    takenAt, takenAt.AddHours(2), true);
            }
        }

        Captures++;
        Detections += products.Count;
        Rows += products.Count + 1;
    }

    public void Figures(SeededShelf shelf, Guid captureId, DateTimeOffset takenAt, CaptureMeasurement measurement, AcceptanceRate reviews)
    {
        var day = DateOnly.FromDateTime(takenAt.UtcDateTime);
        var gaps = JsonSerializer.Serialize(measurement.Gaps.Select(g => new { g.Box.X1, g.Box.Y1, g.Box.X2, g.Box.Y2, g.MissingFacings }));
        _stats.Add(captureId, _tenantId, shelf.StoreId, shelf.ShelfId, takenAt, day, measurement.Products, measurement.EmptyFacings, measurement.Rows,
            reviews.Reviewed, reviews.Accepted, takenAt, gaps);
        foreach (var sku in measurement.Skus)
            _facings.Add(captureId, sku.SkuId, _tenantId, shelf.StoreId, shelf.ShelfId, takenAt, day, sku.Facings, sku.LinearWidth);
        Rows += 1 + measurement.Skus.Count;
    }

    public void Events(IEnumerable<OutOfStockEvent> events)
    {
        using var insert = new SqliteBulkInsert(_connection, _transaction, _model.FindEntityType(typeof(OutOfStockEvent))!,
            "Id", "TenantId", "StoreId", "ShelfId", "SkuId", "Kind", "StartedAt", "ClearedAt", "ConsecutiveCaptures");
        foreach (var e in events)
        {
            insert.Add(e.Id, _tenantId, e.StoreId, e.ShelfId, e.SkuId, e.Kind, e.StartedAt, e.ClearedAt, e.ConsecutiveCaptures);
            EventCount++;
        }
    }

    public void Commit()
    {
        DisposeInserts();
        _transaction.Commit();
        _transaction.Dispose();
        Rows = 0;
        Begin();
    }

    public void Dispose()
    {
        DisposeInserts();
        _transaction.Dispose();
    }

    private void Begin()
    {
        _transaction = _connection.BeginTransaction();
        _captures = Insert<Capture>("Id", "TenantId", "CameraId", "ShelfId", "StoreId", "BlobName", "Width", "Height", "TakenAt", "ReceivedAt",
            "Status", "Attempts", "RecognizedAt", "Version");
        _detections = Insert<Detection>("Id", "TenantId", "CaptureId", "X1", "Y1", "X2", "Y2", "DetectorScore", "PredictedSkuId", "FinalScore",
            "ReviewStatus", "Candidates");
        _annotations = Insert<Annotation>("TenantId", "ShelfId", "CaptureId", "DetectionId", "SkuId", "X1", "Y1", "X2", "Y2",
            "CapturedAt", "AnnotatedAt", "AcceptedPrediction");
        _stats = Insert<CaptureShelfStats>("CaptureId", "TenantId", "StoreId", "ShelfId", "TakenAt", "Day", "Products", "EmptyFacings", "Rows",
            "Reviewed", "Accepted", "AnalyzedAt", "Gaps");
        _facings = Insert<CaptureSkuFacings>("CaptureId", "SkuId", "TenantId", "StoreId", "ShelfId", "TakenAt", "Day", "Facings", "LinearWidth");
    }

    private SqliteBulkInsert Insert<T>(params string[] columns) =>
        new(_connection, _transaction, _model.FindEntityType(typeof(T))!, columns);

    private void DisposeInserts()
    {
        foreach (var insert in new[] { _captures, _detections, _annotations, _stats, _facings })
            insert.Dispose();
    }
}
