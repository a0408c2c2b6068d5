using System.Globalization;
using System.IO.Compression;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ShelfCloud.Infrastructure.Blobs;
using ShelfCloud.Infrastructure.Data;
using ShelfCloud.Infrastructure.Exports;
using ShelfCloud.Infrastructure.Tests.Availability;
using ShelfCloud.TestSupport;
using SkiaSharp;

namespace ShelfCloud.Infrastructure.Tests.Exports;

/// <summary>Annotated captures exported for a tenant's own training, from a real database and blob store.</summary>
public sealed class TrainingExportsTests(AnalysisDatabase fixture) : IClassFixture<AnalysisDatabase>
{
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Annotated_captures_export_as_yolo_labels_and_as_an_imagefolder_of_crops_of_the_tenant_only()
    {
        var shelf = await ShelfScenario.CreateAsync(fixture.Database, await ShelfScenario.CreateTenantAsync(fixture.Database, "export"));
        var other = await ShelfScenario.CreateAsync(fixture.Database, await ShelfScenario.CreateTenantAsync(fixture.Database, "export-other"));
        var milk = await shelf.AddSkuAsync("Nordkind");
        var oat = await shelf.AddSkuAsync("Fjordmjolk");
        var annotated = await WithPhotoAsync(shelf, await shelf.AddCaptureAsync(Start, milk, oat, milk));
        await shelf.AnnotateAsync(annotated);
        await WithPhotoAsync(shelf, await shelf.AddCaptureAsync(Start.AddMinutes(30), milk, oat, milk));
        var foreign = await WithPhotoAsync(other, await other.AddCaptureAsync(Start, await other.AddSkuAsync("Secret")));
        await other.AnnotateAsync(foreign);
        string milkCode, oatCode;
        await using (var scope = fixture.Database.InTenant(shelf.TenantId))
        {
            var skus = scope.ServiceProvider.GetRequiredService<ShelfCloudDbContext>().Skus.AsNoTracking();
            (milkCode, oatCode) = ((await skus.SingleAsync(s => s.Id == milk, Token)).Code, (await skus.SingleAsync(s => s.Id == oat, Token)).Code);
        }

        using var yolo = new MemoryStream();
        using var crops = new MemoryStream();
        await using (var scope = fixture.Database.InTenant(shelf.TenantId))
        {
            var exports = scope.ServiceProvider.GetRequiredService<TrainingExports>();
            (await exports.WriteYoloAsync(yolo, Start.AddHours(-1), Start.AddHours(2), Token)).ShouldBe(new ExportSummary(1, 3, 2), "only the annotated capture, not the other tenant's");
            (await exports.WriteCropsAsync(crops, Start.AddHours(-1), Start.AddHours(2), Token)).ShouldBe(new ExportSummary(1, 3, 2));
            await Should.ThrowAsync<ArgumentException>(() => exports.WriteYoloAsync(new MemoryStream(), Start, Start, Token));
        }

        using var yoloZip = new ZipArchive(new MemoryStream(yolo.ToArray()));
        yoloZip.Entries.Select(e => e.FullName).Order().ShouldBe(["data.yaml", $"images/{annotated:N}.png", $"labels/{annotated:N}.txt"]);
        var labels = Read(yoloZip, $"labels/{annotated:N}.txt").Trim().Split('\n');
        var classes = new[] { milkCode, oatCode }.Order(StringComparer.Ordinal).ToList();
        labels.Select(l => int.Parse(l.Split(' ')[0], CultureInfo.InvariantCulture)).ShouldBe([classes.IndexOf(milkCode), classes.IndexOf(oatCode), classes.IndexOf(milkCode)]);
        labels[1].ShouldEndWith("0.500000 0.500000 0.333333 0.333333", Case.Sensitive, "the middle slot of a 150×300 photo, normalised");
        Read(yoloZip, "data.yaml").ShouldContain($"names:\n  0: \"{classes[0]}\"\n  1: \"{classes[1]}\"");

        using var cropZip = new ZipArchive(new MemoryStream(crops.ToArray()));
        cropZip.Entries.Count(e => e.FullName.StartsWith(milkCode + "/", StringComparison.Ordinal)).ShouldBe(2);
        cropZip.Entries.Count(e => e.FullName.StartsWith(oatCode + "/", StringComparison.Ordinal)).ShouldBe(1);
        using var crop = SKBitmap.Decode(Bytes(cropZip.Entries.First(e => e.FullName.StartsWith(oatCode + "/", StringComparison.Ordinal))));
        (crop.Width, crop.Height).ShouldBe(((int)ShelfScenario.SlotWidth, 100));
    }

    /// <summary>Stores a plain photo of the capture's size where its blob name points.</summary>
    private async Task<Guid> WithPhotoAsync(ShelfScenario shelf, Guid captureId)
    {
        await using var scope = fixture.Database.InTenant(shelf.TenantId);
        var capture = await scope.ServiceProvider.GetRequiredService<ShelfCloudDbContext>().Captures.AsNoTracking().SingleAsync(c => c.Id == captureId, Token);
        await scope.ServiceProvider.GetRequiredService<IBlobStore>().PutAsync(shelf.TenantId, BlobNames.WithinTenant(shelf.TenantId, capture.BlobName),
            new MemoryStream(TestImages.SolidPng(capture.Width, capture.Height, SKColors.Orange)), "image/png", Token);
        return captureId;
    }

    private static string Read(ZipArchive zip, string name)
    {
        using var reader = new StreamReader(zip.GetEntry(name)!.Open());
        return reader.ReadToEnd();
    }

    private static byte[] Bytes(ZipArchiveEntry entry)
    {
        using var stream = entry.Open();
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }
}
