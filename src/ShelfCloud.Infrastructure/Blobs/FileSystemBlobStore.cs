using System.Collections.Concurrent;
using System.Text;

namespace ShelfCloud.Infrastructure.Blobs;

/// <summary>
/// Blobs as files under one root folder: <c>{root}/{tenantId}/{name}</c>. A write goes to a temporary file that is
/// flushed to disk and then renamed over the target, so readers never see a partial blob; the folder that gained the
/// name is flushed too, so a blob that was written survives a power cut. Content types that the name's extension does
/// not imply (<see cref="ContentTypes.ImpliedBy"/>) live in a parallel tree <c>{root}/.meta/</c>: a camera's JPEG
/// costs one file, not two. Temporary files live in <c>{root}/.tmp/</c> (same volume, so the rename is atomic).
/// Neither can collide with a tenant folder, whose name is a GUID.
/// </summary>
public sealed class FileSystemBlobStore : IBlobStore
{
    private const string DefaultContentType = "application/octet-stream";
    private readonly string _root;
    private readonly string _metadataRoot;
    private readonly string _tempRoot;
    private readonly ConcurrentDictionary<string, bool> _durableFolders = new(StringComparer.Ordinal);

    public FileSystemBlobStore(string root)
    {
        _root = Path.GetFullPath(root);
        _metadataRoot = Path.Combine(_root, ".meta");
        _tempRoot = Path.Combine(_root, ".tmp");
        Directory.CreateDirectory(_tempRoot);
    }

    public async Task PutAsync(Guid tenantId, string name, Stream content, string contentType, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        var qualified = BlobNames.Qualify(tenantId, name);
        ContentTypes.Validate(contentType);
        // Metadata first: a crash in between leaves a stale content type but never a blob without one.
        var metadata = PathIn(_metadataRoot, qualified);
        if (contentType == ContentTypes.ImpliedBy(name))
            TryDelete(metadata); // what an earlier blob of this name stored no longer applies
        else
            await WriteAtomicallyAsync(metadata, new MemoryStream(Encoding.UTF8.GetBytes(contentType)), ct);
        await WriteAtomicallyAsync(PathIn(_root, qualified), content, ct);
    }

    public async Task<BlobContent?> OpenReadAsync(Guid tenantId, string name, CancellationToken ct = default)
    {
        var qualified = BlobNames.Qualify(tenantId, name);
        string contentType;
        try
        {
            contentType = await File.ReadAllTextAsync(PathIn(_metadataRoot, qualified), ct);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            contentType = ContentTypes.ImpliedBy(name) ?? DefaultContentType;
        }

        try
        {
            var stream = new FileStream(PathIn(_root, qualified), FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete,
                bufferSize: 81920, FileOptions.Asynchronous);
            return new BlobContent(stream, contentType, stream.Length);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    public Task<bool> ExistsAsync(Guid tenantId, string name, CancellationToken ct = default) =>
        Task.FromResult(File.Exists(PathIn(_root, BlobNames.Qualify(tenantId, name))));

    public Task<bool> DeleteAsync(Guid tenantId, string name, CancellationToken ct = default)
    {
        var qualified = BlobNames.Qualify(tenantId, name);
        var existed = TryDelete(PathIn(_root, qualified));
        TryDelete(PathIn(_metadataRoot, qualified));
        return Task.FromResult(existed);
    }

    public IAsyncEnumerable<BlobEntry> ListAsync(Guid tenantId, string prefix, CancellationToken ct = default)
    {
        BlobNames.ValidatePrefix(prefix);
        return List(tenantId, prefix, ct).ToAsyncEnumerable();
    }

    private IEnumerable<BlobEntry> List(Guid tenantId, string prefix, CancellationToken ct)
    {
        var tenantFolder = PathIn(_root, BlobNames.TenantPrefix(tenantId).TrimEnd('/'));
        // Only the folder the prefix's complete segments name needs walking; the rest of the prefix filters names.
        var lastSlash = prefix.LastIndexOf('/');
        var folder = lastSlash < 0 ? tenantFolder : PathIn(tenantFolder, prefix[..lastSlash]);
        if (!Directory.Exists(folder))
            yield break;
        var files = new DirectoryInfo(folder).EnumerateFiles("*", new EnumerationOptions
        {
            RecurseSubdirectories = true,
            IgnoreInaccessible = true,
            AttributesToSkip = 0,
        });
        foreach (var file in files)
        {
            ct.ThrowIfCancellationRequested();
            var name = Path.GetRelativePath(tenantFolder, file.FullName).Replace(Path.DirectorySeparatorChar, '/');
            if (name.StartsWith(prefix, StringComparison.Ordinal))
                yield return new BlobEntry(name, file.Length);
        }
    }

    private async Task WriteAtomicallyAsync(string target, Stream content, CancellationToken ct)
    {
        var folder = Path.GetDirectoryName(target)!;
        Directory.CreateDirectory(folder);
        var temp = Path.Combine(_tempRoot, Guid.NewGuid().ToString("N"));
        try
        {
            await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 81920, FileOptions.Asynchronous))
            {
                await content.CopyToAsync(file, ct);
                // On disk before the rename: the database row that follows must never point at bytes a crash can lose.
                file.Flush(flushToDisk: true);
            }

            File.Move(temp, target, overwrite: true);
            FlushNames(folder);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    /// <summary>
    /// Flushes <paramref name="folder"/> (the blob's new name) and, the first time this process writes into it, every
    /// folder above it up to the root, since a folder made for this blob (a new day of captures, perhaps by a
    /// concurrent upload that has not flushed it yet) is itself a new name in its parent.
    /// </summary>
    private void FlushNames(string folder)
    {
        DirectoryFlush.Flush(folder);
        var unflushed = new List<string>();
        for (var path = folder; path.Length > _root.Length && !_durableFolders.ContainsKey(path); path = Path.GetDirectoryName(path)!)
        {
            DirectoryFlush.Flush(Path.GetDirectoryName(path)!);
            unflushed.Add(path);
        }

        foreach (var path in unflushed)
            _durableFolders.TryAdd(path, true);
    }

    /// <summary>The path of a validated, '/'-separated name under <paramref name="root"/>, checked to stay inside it.</summary>
    private static string PathIn(string root, string relative)
    {
        var path = Path.GetFullPath(Path.Combine(root, relative.Replace('/', Path.DirectorySeparatorChar)));
        if (!path.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            throw new ArgumentException($"The blob name '{relative}' leaves the store's folder.", nameof(relative));
        return path;
    }

    private static bool TryDelete(string path)
    {
        try
        {
            if (!File.Exists(path))
                return false;
            File.Delete(path);
            return true;
        }
        catch (DirectoryNotFoundException)
        {
            return false;
        }
    }
}
