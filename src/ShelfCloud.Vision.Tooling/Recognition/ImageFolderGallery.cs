using ShelfCloud.Vision.Recognition;
using ShelfCloud.Vision.Search;

namespace ShelfCloud.Vision.Tooling.Recognition;

/// <summary>
/// Reference images of an ImageFolder, stored in a vector index under one tenant as SKUs named after their
/// classes (class = parent folder name = SKU). What <c>recognize --gallery</c> and <c>eval retrieval</c> search.
/// </summary>
public sealed class ImageFolderGallery
{
    /// <summary>Creates an empty gallery writing into <paramref name="index"/> for <paramref name="tenantId"/>.</summary>
    public ImageFolderGallery(IVectorIndex index, Guid tenantId)
    {
        ArgumentNullException.ThrowIfNull(index);
        Index = index;
        Filter = new VectorFilter(tenantId);
    }

    /// <summary>The index the gallery's vectors are stored in.</summary>
    public IVectorIndex Index { get; }

    /// <summary>The filter that searches exactly this gallery's tenant.</summary>
    public VectorFilter Filter { get; }

    /// <summary>The classes and their SKU ids.</summary>
    public ClassSkuMap Classes { get; } = new();

    /// <summary>Images stored so far.</summary>
    public int ImageCount { get; private set; }

    /// <summary>Stores the images that have a vector; images with an error are left out.</summary>
    public async Task AddAsync(IEnumerable<EmbeddedImage> images, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(images);
        var points = new List<VectorPoint>();
        foreach (var image in images)
        {
            if (image.Vector is null)
            {
                continue;
            }

            var sku = Classes.Add(image.Image.ClassName);
            points.Add(new VectorPoint(Guid.NewGuid(), image.Vector, new VectorPayload(Filter.TenantId, sku, null, null, VectorSource.Reference)));
        }

        await Index.UpsertAsync(points, cancellationToken).ConfigureAwait(false);
        ImageCount += points.Count;
    }
}
