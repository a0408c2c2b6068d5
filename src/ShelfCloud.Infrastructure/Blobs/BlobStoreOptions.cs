using System.Text.RegularExpressions;

namespace ShelfCloud.Infrastructure.Blobs;

/// <summary>Where blobs live: <c>Blobs:Provider</c> and, for Azure, <c>Blobs:Azure:*</c>.</summary>
public sealed partial class BlobStoreOptions
{
    public const string Section = "Blobs";

    public BlobProvider Provider { get; set; } = BlobProvider.FileSystem;

    public AzureBlobOptions Azure { get; set; } = new();

    internal IEnumerable<string> Problems()
    {
        if (Provider != BlobProvider.Azure)
            yield break;
        if (string.IsNullOrWhiteSpace(Azure.ConnectionString))
            yield return "Blobs:Azure:ConnectionString is required when Blobs:Provider is Azure.";
        if (!ContainerName().IsMatch(Azure.Container ?? ""))
            yield return $"Blobs:Azure:Container '{Azure.Container}' is not a valid container name (3-63 lowercase letters, digits and single hyphens).";
    }

    [GeneratedRegex("^(?=.{3,63}$)[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex ContainerName();
}

/// <summary>The blob store implementation; an explicit setting, never guessed.</summary>
public enum BlobProvider
{
    /// <summary>A folder under the data folder (<c>$SHELFCLOUD_DATA/blobs</c>): the embedded default.</summary>
    FileSystem,

    /// <summary>Azure Blob Storage (or Azurite): production.</summary>
    Azure,
}

/// <summary>Azure Blob Storage settings: a connection string and one container for all tenants (each under its prefix).</summary>
public sealed class AzureBlobOptions
{
    public string? ConnectionString { get; set; }

    public string Container { get; set; } = "shelfcloud";
}
