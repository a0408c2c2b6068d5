using ShelfCloud.Infrastructure.Blobs;

namespace ShelfCloud.Infrastructure.Tests.Blobs;

/// <summary>The contract on the embedded file-system store, plus what only a folder can show.</summary>
public sealed class FileSystemBlobStoreContractTests : BlobStoreContract, IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("shelfcloud-blobs-").FullName;

    protected override IBlobStore CreateStore() => new FileSystemBlobStore(_root);

    [Fact]
    public async Task Blobs_are_files_under_the_tenant_folder_and_writes_leave_no_temporary_files()
    {
        var store = CreateStore();
        var tenant = Guid.NewGuid();

        await store.PutAsync(tenant, "captures/2026/11/22/a.jpg", new MemoryStream([1, 2, 3]), "image/jpeg", Token);

        File.ReadAllBytes(Path.Combine(_root, tenant.ToString(), "captures", "2026", "11", "22", "a.jpg")).ShouldBe([1, 2, 3]);
        Directory.EnumerateFileSystemEntries(Path.Combine(_root, ".tmp")).ShouldBeEmpty();
    }

    public void Dispose()
    {
        try { Directory.Delete(_root, recursive: true); }
        catch (IOException) { /* a leftover temp folder is harmless */ }
    }
}
