namespace ShelfCloud.Infrastructure.Blobs;

/// <summary>Checks a content type before it becomes a stored header (no control characters, bounded length).</summary>
internal static class ContentTypes
{
    /// <summary>The type a blob name's extension implies for the image formats the product stores, or null.</summary>
    public static string? ImpliedBy(string name) => Path.GetExtension(name).ToLowerInvariant() switch
    {
        ".jpg" or ".jpeg" => "image/jpeg",
        ".png" => "image/png",
        ".webp" => "image/webp",
        _ => null,
    };

    public static void Validate(string contentType)
    {
        ArgumentNullException.ThrowIfNull(contentType);
        if (contentType.Length is 0 or > 200 || !contentType.Contains('/') || contentType.Any(c => c < 0x20 || c > 0x7E))
            throw new ArgumentException($"'{contentType}' is not a valid content type.", nameof(contentType));
    }
}
