namespace ShelfCloud.Infrastructure.Demo;

/// <summary>What the synthetic renderer put on a demo capture: the answers a demo annotator gives.</summary>
public sealed record DemoGroundTruth(IReadOnlyList<DemoGroundTruthBox> Products)
{
    public static string BlobName(Guid captureId) => $"demo/ground-truth/{captureId:D}.json";
}

public sealed record DemoGroundTruthBox(Guid SkuId, float X1, float Y1, float X2, float Y2)
{
    public Domain.Captures.BoundingBox Box => new(X1, Y1, X2, Y2);
}
