using ShelfCloud.Infrastructure.Blobs;

namespace ShelfCloud.Infrastructure.Tests.Blobs;

/// <summary>
/// What every <see cref="IBlobStore"/> must do. Each implementation derives a test class that says how to create a
/// store; every test uses fresh tenants, so implementations may share storage.
/// </summary>
public abstract class BlobStoreContract
{
    protected static CancellationToken Token => TestContext.Current.CancellationToken;

    protected abstract IBlobStore CreateStore();

    [Fact]
    public async Task A_blob_round_trips_with_its_bytes_and_content_type()
    {
        var store = CreateStore();
        var tenant = Guid.NewGuid();
        var bytes = RandomBytes(300_000, seed: 1);

        await store.PutAsync(tenant, "captures/2026/11/22/a.jpg", new MemoryStream(bytes), "image/jpeg", Token);

        (await store.ExistsAsync(tenant, "captures/2026/11/22/a.jpg", Token)).ShouldBeTrue();
        var (content, contentType) = await ReadAsync(store, tenant, "captures/2026/11/22/a.jpg");
        content.ShouldBe(bytes);
        contentType.ShouldBe("image/jpeg");
    }

    [Fact]
    public async Task Put_replaces_an_existing_blob()
    {
        var store = CreateStore();
        var tenant = Guid.NewGuid();
        await store.PutAsync(tenant, "a.png", new MemoryStream(RandomBytes(1000, seed: 1)), "image/png", Token);

        await store.PutAsync(tenant, "a.png", new MemoryStream(RandomBytes(10, seed: 2)), "image/webp", Token);

        var (content, contentType) = await ReadAsync(store, tenant, "a.png");
        content.ShouldBe(RandomBytes(10, seed: 2));
        contentType.ShouldBe("image/webp");
        (await store.ListAsync(tenant, "", Token).ToListAsync(Token)).ShouldHaveSingleItem().Length.ShouldBe(10);
    }

    [Fact]
    public async Task A_replaced_blob_has_the_content_type_of_its_latest_write()
    {
        var store = CreateStore();
        var tenant = Guid.NewGuid();
        var types = new List<string>();

        foreach (var type in new[] { "application/octet-stream", "image/jpeg", "text/plain" })
        {
            await store.PutAsync(tenant, "photos/a.jpg", new MemoryStream([1, 2]), type, Token);
            await using var read = (await store.OpenReadAsync(tenant, "photos/a.jpg", Token)).ShouldNotBeNull();
            types.Add(read.ContentType);
        }

        types.ShouldBe(["application/octet-stream", "image/jpeg", "text/plain"]);
    }

    [Fact]
    public async Task Listing_returns_the_tenants_blobs_whose_names_start_with_the_prefix()
    {
        var store = CreateStore();
        var tenant = Guid.NewGuid();
        string[] names = ["captures/2026/11/21/a.jpg", "captures/2026/11/22/b.jpg", "captures/2026/12/01/c.jpg", "references/sku-1/x.png"];
        for (var i = 0; i < names.Length; i++)
            await store.PutAsync(tenant, names[i], new MemoryStream(RandomBytes(10 + i, seed: i)), "image/jpeg", Token);

        (await NamesAsync(store, tenant, "captures/2026/11/")).ShouldBe(["captures/2026/11/21/a.jpg", "captures/2026/11/22/b.jpg"], ignoreOrder: true);
        (await NamesAsync(store, tenant, "captures/2026/11/2")).ShouldBe(["captures/2026/11/21/a.jpg", "captures/2026/11/22/b.jpg"], ignoreOrder: true);
        (await NamesAsync(store, tenant, "captures/2026/1")).ShouldBe(names[..3], ignoreOrder: true);
        (await NamesAsync(store, tenant, "references")).ShouldBe(["references/sku-1/x.png"]);
        (await NamesAsync(store, tenant, "")).ShouldBe(names, ignoreOrder: true);
        (await NamesAsync(store, tenant, "captures/2027/")).ShouldBeEmpty();
        var listed = await store.ListAsync(tenant, "captures/2026/12/", Token).ToListAsync(Token);
        listed.ShouldHaveSingleItem().ShouldBe(new BlobEntry("captures/2026/12/01/c.jpg", 12));
    }

    [Fact]
    public async Task Delete_removes_the_blob_and_says_whether_there_was_one()
    {
        var store = CreateStore();
        var tenant = Guid.NewGuid();
        await store.PutAsync(tenant, "captures/x.jpg", new MemoryStream([1, 2, 3]), "image/jpeg", Token);
        await store.PutAsync(tenant, "captures/y.jpg", new MemoryStream([4]), "image/jpeg", Token);

        (await store.DeleteAsync(tenant, "captures/x.jpg", Token)).ShouldBeTrue();

        (await store.ExistsAsync(tenant, "captures/x.jpg", Token)).ShouldBeFalse();
        (await store.OpenReadAsync(tenant, "captures/x.jpg", Token)).ShouldBeNull();
        (await store.DeleteAsync(tenant, "captures/x.jpg", Token)).ShouldBeFalse();
        (await NamesAsync(store, tenant, "")).ShouldBe(["captures/y.jpg"]);
    }

    [Fact]
    public async Task A_missing_blob_opens_as_null()
    {
        var store = CreateStore();
        var tenant = Guid.NewGuid();

        (await store.OpenReadAsync(tenant, "captures/none.jpg", Token)).ShouldBeNull();
        (await store.ExistsAsync(tenant, "captures/none.jpg", Token)).ShouldBeFalse();
        (await NamesAsync(store, tenant, "")).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_failed_write_leaves_the_previous_blob_or_none()
    {
        var store = CreateStore();
        var tenant = Guid.NewGuid();
        await store.PutAsync(tenant, "kept.jpg", new MemoryStream([7, 7, 7]), "image/jpeg", Token);

        await Should.ThrowAsync<IOException>(() => store.PutAsync(tenant, "kept.jpg", new FailingStream(), "image/jpeg", Token));
        await Should.ThrowAsync<IOException>(() => store.PutAsync(tenant, "new.jpg", new FailingStream(), "image/jpeg", Token));

        (await ReadAsync(store, tenant, "kept.jpg")).Content.ShouldBe([7, 7, 7]);
        (await store.ExistsAsync(tenant, "new.jpg", Token)).ShouldBeFalse();
        (await NamesAsync(store, tenant, "")).ShouldBe(["kept.jpg"]);
    }

    public static TheoryData<string> EscapingNames() =>
    [
        "../other/x.jpg", "captures/../../x.jpg", "..", ".", "captures/./x.jpg", "captures/.../x.jpg", "/etc/passwd", "captures//x.jpg",
        "captures/", "", @"captures\..\x.jpg", "C:/x.jpg", "captures/%2e%2e/x.jpg", "captures/x.jpg\0", "café.jpg", "a b.jpg", "~/x",
    ];

    [Theory]
    [MemberData(nameof(EscapingNames))]
    public async Task Names_that_could_leave_the_tenant_prefix_are_refused(string name)
    {
        var store = CreateStore();
        var tenant = Guid.NewGuid();

        await Should.ThrowAsync<ArgumentException>(() => store.PutAsync(tenant, name, new MemoryStream([1]), "image/jpeg", Token));
        await Should.ThrowAsync<ArgumentException>(() => store.OpenReadAsync(tenant, name, Token));
        await Should.ThrowAsync<ArgumentException>(() => store.ExistsAsync(tenant, name, Token));
        await Should.ThrowAsync<ArgumentException>(() => store.DeleteAsync(tenant, name, Token));
    }

    [Theory]
    [InlineData("../")]
    [InlineData("/")]
    [InlineData("captures/../")]
    [InlineData("captures//")]
    public async Task Prefixes_that_could_leave_the_tenant_prefix_are_refused(string prefix)
    {
        var store = CreateStore();

        await Should.ThrowAsync<ArgumentException>(async () => await store.ListAsync(Guid.NewGuid(), prefix, Token).ToListAsync(Token));
    }

    [Fact]
    public async Task An_empty_tenant_id_is_refused()
    {
        var store = CreateStore();

        await Should.ThrowAsync<ArgumentException>(() => store.PutAsync(Guid.Empty, "x.jpg", new MemoryStream([1]), "image/jpeg", Token));
    }

    [Fact]
    public async Task A_tenant_cannot_read_list_or_delete_another_tenants_blob()
    {
        var store = CreateStore();
        var (owner, other) = (Guid.NewGuid(), Guid.NewGuid());
        await store.PutAsync(owner, "captures/secret.jpg", new MemoryStream([42]), "image/jpeg", Token);

        (await store.OpenReadAsync(other, "captures/secret.jpg", Token)).ShouldBeNull();
        (await store.ExistsAsync(other, "captures/secret.jpg", Token)).ShouldBeFalse();
        (await store.DeleteAsync(other, "captures/secret.jpg", Token)).ShouldBeFalse();
        (await NamesAsync(store, other, "")).ShouldBeEmpty();
        // The owner's full name is just another relative name inside the other tenant's prefix.
        (await store.OpenReadAsync(other, $"{owner}/captures/secret.jpg", Token)).ShouldBeNull();

        (await ReadAsync(store, owner, "captures/secret.jpg")).Content.ShouldBe([42]);
    }

    [Fact]
    public async Task Qualified_names_carry_the_tenant_prefix_and_map_back()
    {
        var tenant = Guid.NewGuid();

        var qualified = BlobNames.Qualify(tenant, "captures/2026/11/22/x.jpg");

        qualified.ShouldBe($"{tenant}/captures/2026/11/22/x.jpg");
        BlobNames.WithinTenant(tenant, qualified).ShouldBe("captures/2026/11/22/x.jpg");
        Should.Throw<ArgumentException>(() => BlobNames.WithinTenant(Guid.NewGuid(), qualified));
        await Task.CompletedTask;
    }

    protected static byte[] RandomBytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    private static async Task<(byte[] Content, string ContentType)> ReadAsync(IBlobStore store, Guid tenant, string name)
    {
        await using var blob = (await store.OpenReadAsync(tenant, name, Token)).ShouldNotBeNull();
        using var copy = new MemoryStream();
        await blob.Content.CopyToAsync(copy, Token);
        blob.Length.ShouldBe(copy.Length);
        return (copy.ToArray(), blob.ContentType);
    }

    private static async Task<List<string>> NamesAsync(IBlobStore store, Guid tenant, string prefix) =>
        await store.ListAsync(tenant, prefix, Token).Select(entry => entry.Name).ToListAsync(Token);

    /// <summary>Gives 64 KiB, then fails like a dropped connection.</summary>
    private sealed class FailingStream : Stream
    {
        private int _given;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _given; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_given >= 64 * 1024)
                throw new IOException("The connection was reset.");
            var n = Math.Min(count, 64 * 1024 - _given);
            Array.Fill(buffer, (byte)1, offset, n);
            _given += n;
            return n;
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
