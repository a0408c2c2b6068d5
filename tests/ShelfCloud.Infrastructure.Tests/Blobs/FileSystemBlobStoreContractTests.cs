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

    [Fact]
    public async Task A_photo_whose_name_implies_its_type_is_one_file_and_reads_back_with_that_type()
    {
        var store = CreateStore();
        var tenant = Guid.NewGuid();

        await store.PutAsync(tenant, "captures/b.webp", new MemoryStream([4, 5]), "image/webp", Token);

        Directory.Exists(Path.Combine(_root, ".meta", tenant.ToString())).ShouldBeFalse();
        await using var read = (await store.OpenReadAsync(tenant, "captures/b.webp", Token)).ShouldNotBeNull();
        read.ContentType.ShouldBe("image/webp");
    }

    public void Dispose()
    {
        try { Directory.Delete(_root, recursive: true); }
        catch (IOException) { /* a leftover temp folder is harmless */ }
    }
}
