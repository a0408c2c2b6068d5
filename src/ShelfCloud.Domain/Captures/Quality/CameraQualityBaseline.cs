using ShelfCloud.Domain.Tenancy;

namespace ShelfCloud.Domain.Captures.Quality;

/// <summary>
/// What a camera's good photos usually look like (running means of their figures and of their thumbnail, the
/// reference view), and its latest photo's thumbnail: a dim fridge is not "dark", a soft lens is not "blurred".
/// </summary>
public sealed class CameraQualityBaseline : ITenantOwned
{
    public Guid CameraId { get; set; }
    public Guid TenantId { get; set; }

    /// <summary>Good photos folded into the means.</summary>
    public int GoodCaptures { get; set; }

    public double Brightness { get; set; }
    public double Contrast { get; set; }
    public double Sharpness { get; set; }
    public double Overexposed { get; set; }

    /// <summary>The reference view: a running mean of the good photos' thumbnails.</summary>
    public byte[]? Reference { get; set; }

    /// <summary>The latest photo's thumbnail, good or not (a duplicate frame repeats it).</summary>
    public byte[]? Last { get; set; }

    /// <summary>The latest photo's quality: a change is a change of the camera's health (<c>camera_health</c> webhooks).</summary>
    public CaptureQualityStatus LastStatus { get; set; }

    /// <summary>When the latest photo was taken: an older photo recognised late neither compares with nor updates it.</summary>
    public DateTimeOffset LastTakenAt { get; set; }

    /// <summary>A detached copy (thumbnails are replaced, never changed in place, so sharing them is safe).</summary>
    public CameraQualityBaseline Clone() => (CameraQualityBaseline)MemberwiseClone();
}
