using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ShelfCloud.Infrastructure;
using ShelfCloud.Infrastructure.Data;

namespace ShelfCloud.Worker.Tests;

public sealed class WorkerHostTests : IDisposable
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "shelfcloud-worker-tests", Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Worker_refuses_to_start_on_an_unmigrated_database()
    {
        using var host = Build();
        var error = await Should.ThrowAsync<InvalidOperationException>(() => host.StartAsync());
        error.Message.ShouldContain("shelfcloud migrate");
    }

    [Fact]
    public async Task Worker_starts_on_a_migrated_database_in_the_shared_data_folder()
    {
        using var host = Build();
        await using (var scope = host.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<DatabaseMigrator>().MigrateAsync();

        await host.StartAsync();
        host.Services.GetRequiredService<DataFolder>().Path.ShouldBe(Path.GetFullPath(_data));
        File.Exists(Path.Combine(_data, "shelfcloud.db")).ShouldBeTrue();
        await host.StopAsync();
    }

    private IHost Build()
    {
        return WorkerHost.CreateBuilder([], new Dictionary<string, string?> { [DataFolder.EnvironmentVariable] = _data }).Build();
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_data, recursive: true); }
        catch (IOException) { /* a leftover temp folder is harmless */ }
    }
}
