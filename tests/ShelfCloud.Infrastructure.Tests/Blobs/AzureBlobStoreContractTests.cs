using ShelfCloud.Infrastructure.Blobs;

namespace ShelfCloud.Infrastructure.Tests.Blobs;

/// <summary>The contract on Azure Blob Storage, run against Azurite (see <see cref="AzuriteFixture"/>), in a container of its own.</summary>
public sealed class AzureBlobStoreContractTests(AzuriteFixture azurite) : BlobStoreContract, IClassFixture<AzuriteFixture>
{
    private readonly string _container = "contract-" + Guid.NewGuid().ToString("N");

    protected override IBlobStore CreateStore() =>
        AzureBlobStore.Create(new AzureBlobOptions { ConnectionString = azurite.ConnectionString, Container = _container });
}
