using ShelfCloud.Domain.Captures.Quality;
using ShelfCloud.Domain.Recognition;
using ShelfCloud.Vision.Recognition;

namespace ShelfCloud.Infrastructure.Recognition;

/// <summary>What recognition made of one capture: its products, or why it can never be recognised (retrying would not help).</summary>
public sealed record CaptureOutcome(Guid CaptureId, IReadOnlyList<RecognizedProduct>? Products, string? FailureReason)
{
    /// <summary>
    /// The final choice per product (same order) from the ranker and tracking; null for a box that is not a product
    /// (an empty facing) and when no decision step ran.
    /// </summary>
    public IReadOnlyList<FacingDecision?>? Decisions { get; init; }

    /// <summary>The ranker that made <see cref="Decisions"/>.</summary>
    public string? RankerVersion { get; init; }

    /// <summary>The camera's tracks after this capture, to store when they are the camera's newest.</summary>
    public CameraTracks? Tracks { get; init; }

    /// <summary>The photo's quality figures, from decoding; null when it was rejected.</summary>
    public PhotoFigures? Figures { get; init; }

    /// <summary>The photo's quality, judged against its camera's baseline.</summary>
    public CaptureQualityResult? Quality { get; init; }

    /// <summary>The camera's baseline after this capture, to store when it is the camera's newest.</summary>
    public CameraQualityBaseline? Baseline { get; init; }

    /// <summary>The capture was recognised with these products.</summary>
    public static CaptureOutcome Recognized(Guid captureId, IReadOnlyList<RecognizedProduct> products) => new(captureId, products, null);

    /// <summary>The capture can never be recognised: its blob is gone or its image does not decode.</summary>
    public static CaptureOutcome Unrecognizable(Guid captureId, string reason) => new(captureId, null, reason);
}

/// <summary>A camera's facing tracks as one capture left them (FacingTrackJson).</summary>
public sealed record CameraTracks(Guid CameraId, DateTimeOffset CapturedAt, string Json);
