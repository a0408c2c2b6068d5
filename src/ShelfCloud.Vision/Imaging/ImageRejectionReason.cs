namespace ShelfCloud.Vision.Imaging;

/// <summary>Why an image was refused.</summary>
public enum ImageRejectionReason
{
    /// <summary>No bytes at all.</summary>
    Empty,

    /// <summary>The content is not a JPEG, PNG or WebP image (whatever its name or content type says).</summary>
    UnsupportedFormat,

    /// <summary>The content starts like a supported image but its header or pixel data is corrupt or truncated.</summary>
    Undecodable,

    /// <summary>The header declares more pixels than <see cref="ImageLimits.MaxPixels"/>.</summary>
    TooLarge,

    /// <summary>The encoded file is bigger than <see cref="ImageLimits.MaxEncodedBytes"/>.</summary>
    FileTooLarge,
}
