namespace ShelfCloud.Infrastructure.Blobs;

/// <summary>
/// Stores binary objects (capture images, reference images) per tenant. Every method takes the tenant id and
/// builds the tenant's prefix <c>{tenantId}/</c> itself; names are relative to it and validated by
/// <see cref="BlobNames"/>, so no caller can reach another tenant's objects.
/// </summary>
public interface IBlobStore
{
    /// <summary>Writes (or replaces) a blob. Readers see either the old content or the whole new one, never a part.</summary>
    Task PutAsync(Guid tenantId, string name, Stream content, string contentType, CancellationToken ct = default);

    /// <summary>Opens a blob for reading; null when it does not exist. The caller disposes the result.</summary>
    Task<BlobContent?> OpenReadAsync(Guid tenantId, string name, CancellationToken ct = default);

    Task<bool> ExistsAsync(Guid tenantId, string name, CancellationToken ct = default);

    /// <summary>Deletes a blob; false when there was none.</summary>
    Task<bool> DeleteAsync(Guid tenantId, string name, CancellationToken ct = default);

    /// <summary>
    /// The tenant's blobs whose name starts with <paramref name="prefix"/> (plain string prefix, "" for all),
    /// in no particular order. Names are relative to the tenant.
    /// </summary>
    IAsyncEnumerable<BlobEntry> ListAsync(Guid tenantId, string prefix, CancellationToken ct = default);
}

/// <summary>An open blob: its content stream (owned by this instance), content type and length in bytes.</summary>
public sealed record BlobContent(Stream Content, string ContentType, long Length) : IAsyncDisposable, IDisposable
{
    public ValueTask DisposeAsync() => Content.DisposeAsync();

    public void Dispose() => Content.Dispose();
}

/// <summary>A listed blob: its name relative to the tenant and its length in bytes.</summary>
public sealed record BlobEntry(string Name, long Length);
