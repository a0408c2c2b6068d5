namespace ShelfCloud.Vision.Imaging;

/// <summary>An image that ShelfCloud refuses to decode; <see cref="Reason"/> says why (callers map it to a 4xx).</summary>
public sealed class ImageRejectedException : Exception
{
    /// <summary>Creates the exception with a reason and a message meant for the uploader.</summary>
    public ImageRejectedException(ImageRejectionReason reason, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Reason = reason;
    }

    /// <summary>Why the image was refused.</summary>
    public ImageRejectionReason Reason { get; }

    /// <summary>The width the header declared, when it could be read.</summary>
    public int? DeclaredWidth { get; init; }

    /// <summary>The height the header declared, when it could be read.</summary>
    public int? DeclaredHeight { get; init; }

    /// <summary>The pixel count the header declared, when it could be read.</summary>
    public long? DeclaredPixels => DeclaredWidth is { } w && DeclaredHeight is { } h ? (long)w * h : null;
}
