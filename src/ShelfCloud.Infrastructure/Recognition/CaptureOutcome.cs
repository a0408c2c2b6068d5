using ShelfCloud.Vision.Recognition;

namespace ShelfCloud.Infrastructure.Recognition;

/// <summary>What recognition made of one capture: its products, or why it can never be recognised (retrying would not help).</summary>
public sealed record CaptureOutcome(Guid CaptureId, IReadOnlyList<RecognizedProduct>? Products, string? FailureReason)
{
    /// <summary>The capture was recognised with these products.</summary>
    public static CaptureOutcome Recognized(Guid captureId, IReadOnlyList<RecognizedProduct> products) => new(captureId, products, null);

    /// <summary>The capture can never be recognised: its blob is gone or its image does not decode.</summary>
    public static CaptureOutcome Unrecognizable(Guid captureId, string reason) => new(captureId, null, reason);
}
