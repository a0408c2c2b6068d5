using ShelfCloud.Infrastructure.Vectors;
using ShelfCloud.Vision.Search;

namespace ShelfCloud.Infrastructure.Tests.Vectors;

/// <summary>The contract against the default embedded index (small tenants are scanned exactly).</summary>
public sealed class EmbeddedVectorIndexContractTests : VectorIndexContract, IDisposable
{
    private readonly EmbeddedVectorIndex _index = new(new EmbeddedVectorIndexOptions());

    protected override Task<IVectorIndex> CreateIndexAsync() => Task.FromResult<IVectorIndex>(_index);

    public void Dispose() => _index.Dispose();
}

/// <summary>The contract with every search forced through the int8 first pass and exact rescoring.</summary>
public sealed class EmbeddedVectorIndexFirstPassContractTests : VectorIndexContract, IDisposable
{
    private readonly EmbeddedVectorIndex _index = new(new EmbeddedVectorIndexOptions { ExactScanMaxRows = 0 });

    protected override Task<IVectorIndex> CreateIndexAsync() => Task.FromResult<IVectorIndex>(_index);

    public void Dispose() => _index.Dispose();
}

/// <summary>The contract with half-precision storage, the int8 first pass and a write log on disk.</summary>
public sealed class EmbeddedVectorIndexFloat16PersistedContractTests : VectorIndexContract, IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("shelfcloud-vectors-").FullName;
    private readonly EmbeddedVectorIndex _index;

    public EmbeddedVectorIndexFloat16PersistedContractTests() =>
        _index = new EmbeddedVectorIndex(new EmbeddedVectorIndexOptions { Directory = _directory, Float16Storage = true, ExactScanMaxRows = 0 });

    protected override float ScoreTolerance => 2e-3f;

    protected override Task<IVectorIndex> CreateIndexAsync() => Task.FromResult<IVectorIndex>(_index);

    public void Dispose()
    {
        _index.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
