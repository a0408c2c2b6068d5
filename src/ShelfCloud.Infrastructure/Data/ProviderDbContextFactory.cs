using Microsoft.EntityFrameworkCore;

namespace ShelfCloud.Infrastructure.Data;

/// <summary>Lets features ask for <see cref="ShelfCloudDbContext"/> whatever provider sibling is configured.</summary>
internal sealed class ProviderDbContextFactory<TContext>(IDbContextFactory<TContext> inner) : IDbContextFactory<ShelfCloudDbContext>
    where TContext : ShelfCloudDbContext
{
    public ShelfCloudDbContext CreateDbContext() => inner.CreateDbContext();

    public async Task<ShelfCloudDbContext> CreateDbContextAsync(CancellationToken cancellationToken = default) =>
        await inner.CreateDbContextAsync(cancellationToken);
}
