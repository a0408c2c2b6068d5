namespace ShelfCloud.Infrastructure.Tests.Availability;

/// <summary>One migrated database shared by a test class; each test makes its own tenant or shelf in it.</summary>
public sealed class AnalysisDatabase : IAsyncLifetime
{
    public TestDatabase Database { get; private set; } = null!;

    public async ValueTask InitializeAsync() => Database = await TestDatabase.CreateAsync();

    public ValueTask DisposeAsync() => Database.DisposeAsync();
}
