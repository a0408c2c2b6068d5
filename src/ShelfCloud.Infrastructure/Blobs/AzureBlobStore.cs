using System.Runtime.CompilerServices;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace ShelfCloud.Infrastructure.Blobs;

/// <summary>
/// Blobs in one Azure Blob Storage container, each tenant under its prefix <c>{tenantId}/</c>. The container is
/// created on first use.
/// </summary>
public sealed class AzureBlobStore : IBlobStore
{
    /// <summary>
    /// The REST API version the client speaks. Pinned because the SDK's newest (2026-10-06 in 12.30.1) is newer than
    /// Azurite 3.37 accepts; Azure itself serves every version back to 2019.
    /// </summary>
    public const BlobClientOptions.ServiceVersion ServiceVersion = BlobClientOptions.ServiceVersion.V2026_06_06;

    private readonly BlobContainerClient _container;
    private readonly SemaphoreSlim _createGate = new(1, 1);
    private volatile bool _containerExists;

    public AzureBlobStore(BlobContainerClient container) => _container = container;

    public static AzureBlobStore Create(AzureBlobOptions options) =>
        new(new BlobContainerClient(options.ConnectionString, options.Container, new BlobClientOptions(ServiceVersion)));

    public async Task PutAsync(Guid tenantId, string name, Stream content, string contentType, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        var blob = _container.GetBlobClient(BlobNames.Qualify(tenantId, name));
        ContentTypes.Validate(contentType);
        await EnsureContainerAsync(ct);
        // Block blobs commit at the end of the upload: readers see the old blob or the whole new one.
        await blob.UploadAsync(content, new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = contentType } }, ct);
    }

    public async Task<BlobContent?> OpenReadAsync(Guid tenantId, string name, CancellationToken ct = default)
    {
        var blob = _container.GetBlobClient(BlobNames.Qualify(tenantId, name));
        try
        {
            var result = (await blob.DownloadStreamingAsync(cancellationToken: ct)).Value;
            return new BlobContent(result.Content, result.Details.ContentType ?? "application/octet-stream", result.Details.ContentLength);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    public async Task<bool> ExistsAsync(Guid tenantId, string name, CancellationToken ct = default)
    {
        var blob = _container.GetBlobClient(BlobNames.Qualify(tenantId, name));
        try
        {
            return (await blob.ExistsAsync(ct)).Value;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return false;
        }
    }

    public async Task<bool> DeleteAsync(Guid tenantId, string name, CancellationToken ct = default)
    {
        var blob = _container.GetBlobClient(BlobNames.Qualify(tenantId, name));
        try
        {
            return (await blob.DeleteIfExistsAsync(DeleteSnapshotsOption.IncludeSnapshots, cancellationToken: ct)).Value;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return false;
        }
    }

    public IAsyncEnumerable<BlobEntry> ListAsync(Guid tenantId, string prefix, CancellationToken ct = default)
    {
        BlobNames.ValidatePrefix(prefix);
        return ListValidatedAsync(BlobNames.TenantPrefix(tenantId), prefix, ct);
    }

    private async IAsyncEnumerable<BlobEntry> ListValidatedAsync(string tenantPrefix, string prefix, [EnumeratorCancellation] CancellationToken ct)
    {
        await EnsureContainerAsync(ct);
        await foreach (var item in _container.GetBlobsAsync(new GetBlobsOptions { Prefix = tenantPrefix + prefix }, ct))
            yield return new BlobEntry(item.Name[tenantPrefix.Length..], item.Properties.ContentLength ?? 0);
    }

    private async Task EnsureContainerAsync(CancellationToken ct)
    {
        if (_containerExists)
            return;
        await _createGate.WaitAsync(ct);
        try
        {
            if (!_containerExists)
            {
                await _container.CreateIfNotExistsAsync(cancellationToken: ct);
                _containerExists = true;
            }
        }
        finally
        {
            _createGate.Release();
        }
    }
}
