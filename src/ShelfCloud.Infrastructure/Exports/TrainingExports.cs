using System.Globalization;
using System.IO.Compression;
using System.Text;
using Microsoft.EntityFrameworkCore;
using ShelfCloud.Domain.Captures;
using ShelfCloud.Infrastructure.Blobs;
using ShelfCloud.Infrastructure.Data;
using ShelfCloud.Infrastructure.Tenancy;
using ShelfCloud.Vision.Imaging;

namespace ShelfCloud.Infrastructure.Exports;

/// <summary>What an export holds.</summary>
public sealed record ExportSummary(int Captures, int Boxes, int Classes);

/// <summary>
/// The current tenant's annotated captures of a period, for its own training: as YOLO (photos, one label file per photo,
/// <c>data.yaml</c> naming the SKU codes) or as an ImageFolder of crops (one folder per SKU code). Only what annotators
/// confirmed is exported; at most <see cref="MaxCaptures"/> captures, the latest first.
/// </summary>
public sealed class TrainingExports(IDbContextFactory<ShelfCloudDbContext> dbFactory, ITenantContext tenant, IBlobStore blobs)
{
    public const int MaxCaptures = 500;

    public Task<ExportSummary> WriteYoloAsync(Stream zip, DateTimeOffset since, DateTimeOffset until, CancellationToken ct = default) =>
        WriteAsync(zip, since, until, async (archive, capture, photo, boxes, classes) =>
        {
            var name = capture.Id.ToString("N");
            await using (var entry = archive.CreateEntry($"images/{name}{Extension(photo.ContentType)}", CompressionLevel.NoCompression).Open())
                await photo.Content.CopyToAsync(entry, ct);
            var labels = new StringBuilder();
            foreach (var (box, code) in boxes)
            {
                labels.Append(CultureInfo.InvariantCulture,
                    $"{classes[code]} {(box.X1 + box.X2) / 2 / capture.Width:F6} {(box.Y1 + box.Y2) / 2 / capture.Height:F6} {(box.X2 - box.X1) / capture.Width:F6} {(box.Y2 - box.Y1) / capture.Height:F6}\n");
            }

            await WriteTextAsync(archive, $"labels/{name}.txt", labels.ToString(), ct);
            return boxes.Count;
        }, async (archive, classes) =>
        {
            var yaml = new StringBuilder("path: .\ntrain: images\nval: images\nnames:\n");
            foreach (var (code, index) in classes.OrderBy(c => c.Value))
                yaml.Append(CultureInfo.InvariantCulture, $"  {index}: \"{code.Replace("\"", "'", StringComparison.Ordinal)}\"\n");
            await WriteTextAsync(archive, "data.yaml", yaml.ToString(), ct);
        }, ct);

    public Task<ExportSummary> WriteCropsAsync(Stream zip, DateTimeOffset since, DateTimeOffset until, CancellationToken ct = default) =>
        WriteAsync(zip, since, until, async (archive, capture, photo, boxes, _) =>
        {
            using var buffer = new MemoryStream();
            await photo.Content.CopyToAsync(buffer, ct);
            DecodedImage decoded;
            try
            {
                decoded = new ImageDecoder().Decode(buffer.ToArray());
            }
            catch (ImageRejectedException)
            {
                return 0; // a photo that no longer decodes gives no crops; the others still do
            }

            using var owned = decoded;
            var written = 0;
            foreach (var (box, code) in boxes)
            {
                if (CropJpeg.Encode(decoded, box) is not { } jpeg)
                    continue;
                await using var entry = archive.CreateEntry($"{SafeFolder(code)}/{capture.Id:N}-{written}.jpg", CompressionLevel.NoCompression).Open();
                await entry.WriteAsync(jpeg, ct);
                written++;
            }

            return written;
        }, (_, _) => Task.CompletedTask, ct);

    private delegate Task<int> CaptureWriter(ZipArchive archive, Capture capture, BlobContent photo, IReadOnlyList<(BoundingBox Box, string Code)> boxes, IReadOnlyDictionary<string, int> classes);

    private async Task<ExportSummary> WriteAsync(
        Stream zip, DateTimeOffset since, DateTimeOffset until, CaptureWriter writeCapture, Func<ZipArchive, IReadOnlyDictionary<string, int>, Task> finish, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(zip);
        if (since >= until)
            throw new ArgumentException("The period must end after it starts.", nameof(until));
        var tenantId = tenant.TenantId ?? throw new InvalidOperationException("An export runs inside a tenant scope.");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var annotated = await (from a in db.Annotations.AsNoTracking()
                               where a.CapturedAt >= since && a.CapturedAt < until
                               join s in db.Skus on a.SkuId equals s.Id
                               select new { a.CaptureId, a.CapturedAt, a.X1, a.Y1, a.X2, a.Y2, s.Code }).ToListAsync(ct);
        var captureIds = annotated.GroupBy(a => a.CaptureId).OrderByDescending(g => g.Max(a => a.CapturedAt)).Take(MaxCaptures).Select(g => g.Key).ToList();
        var captures = await db.Captures.AsNoTracking().Where(c => captureIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, ct);
        var classes = annotated.Where(a => captures.ContainsKey(a.CaptureId)).Select(a => a.Code).Distinct().Order(StringComparer.Ordinal)
            .Select((code, index) => (code, index)).ToDictionary(c => c.code, c => c.index, StringComparer.Ordinal);

        var (written, boxes) = (0, 0);
        using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var id in captureIds)
            {
                var capture = captures[id];
                await using var photo = await blobs.OpenReadAsync(tenantId, BlobNames.WithinTenant(tenantId, capture.BlobName), ct);
                if (photo is null)
                    continue;
                var own = annotated.Where(a => a.CaptureId == id).Select(a => (new BoundingBox(a.X1, a.Y1, a.X2, a.Y2), a.Code)).ToList();
                boxes += await writeCapture(archive, capture, photo, own, classes);
                written++;
            }

            await finish(archive, classes);
        }

        return new ExportSummary(written, boxes, classes.Count);
    }

    private static async Task WriteTextAsync(ZipArchive archive, string name, string text, CancellationToken ct)
    {
        await using var entry = archive.CreateEntry(name).Open();
        await entry.WriteAsync(Encoding.UTF8.GetBytes(text), ct);
    }

    private static string Extension(string contentType) => contentType switch
    {
        "image/png" => ".png",
        "image/webp" => ".webp",
        _ => ".jpg",
    };

    /// <summary>A SKU code as a folder name: characters a file system refuses become '_'.</summary>
    private static string SafeFolder(string code)
    {
        var invalid = Path.GetInvalidFileNameChars().Append('\\').ToHashSet();
        var safe = new string(code.Select(c => invalid.Contains(c) ? '_' : c).ToArray()).Trim('.', ' ');
        return safe.Length == 0 ? "_" : safe;
    }
}
