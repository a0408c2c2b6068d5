using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ShelfCloud.Domain.Captures;
using ShelfCloud.Infrastructure.Captures;
using ShelfCloud.Infrastructure.Data;
using ShelfCloud.Infrastructure.Onboarding;
using ShelfCloud.Infrastructure.Tenancy;

namespace ShelfCloud.Infrastructure.Tests.Captures;

/// <summary>Group commit of capture rows: shared transactions, and each upload still gets its own outcome.</summary>
public sealed class CaptureRowWriterTests(TwoTenants tenants) : IClassFixture<TwoTenants>
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Rows_queued_together_are_committed_in_fewer_transactions_than_rows()
    {
        await using var writer = NewWriter();
        var rows = Enumerable.Range(0, 40).Select(_ => NewCapture(tenants.A)).ToList();

        await Task.WhenAll(rows.Select(c => writer.InsertAsync(tenants.A.TenantId, c, c.ReceivedAt)));

        (await ExistingAsync(tenants.A, rows)).ShouldBe(40);
        writer.Commits.ShouldBeLessThan(40);
    }

    [Fact]
    public async Task A_row_that_breaks_the_idempotency_index_fails_alone_and_its_batch_mates_are_committed()
    {
        var first = NewCapture(tenants.A, idempotencyKey: "dup-" + Guid.NewGuid());
        await using (var setup = NewWriter())
            await setup.InsertAsync(tenants.A.TenantId, first, first.ReceivedAt);
        await using var writer = NewWriter();
        var duplicate = NewCapture(tenants.A, first.IdempotencyKey);
        var others = Enumerable.Range(0, 10).Select(_ => NewCapture(tenants.A)).ToList();

        var inserts = others.Select(c => writer.InsertAsync(tenants.A.TenantId, c, c.ReceivedAt)).Append(writer.InsertAsync(tenants.A.TenantId, duplicate, duplicate.ReceivedAt)).ToList();

        await Should.ThrowAsync<DbUpdateException>(() => inserts[^1]);
        await Task.WhenAll(inserts.Take(10));
        (await ExistingAsync(tenants.A, others)).ShouldBe(10);
        (await ExistingAsync(tenants.A, [duplicate])).ShouldBe(0);
    }

    [Fact]
    public async Task Two_rows_with_one_key_in_a_batch_write_the_first_and_refuse_the_second_once_it_is_committed()
    {
        await using var writer = NewWriter();
        var key = "twice-" + Guid.NewGuid();
        var first = NewCapture(tenants.A, key);
        var second = NewCapture(tenants.A, key);
        var bystander = NewCapture(tenants.A);
        var commitsBefore = writer.Commits;

        var inserts = new[] { first, second, bystander }.Select(c => writer.InsertAsync(tenants.A.TenantId, c, c.ReceivedAt)).ToList();

        var refusal = await Should.ThrowAsync<DuplicateIdempotencyKeyException>(() => inserts[1]);
        refusal.Message.ShouldContain(key);
        (await ExistingAsync(tenants.A, [first])).ShouldBe(1, "the first row must be committed before the second is refused");
        await Task.WhenAll(inserts[0], inserts[2]);
        (await ExistingAsync(tenants.A, [second])).ShouldBe(0);
        (await ExistingAsync(tenants.A, [bystander])).ShouldBe(1);
        (writer.Commits - commitsBefore).ShouldBeLessThanOrEqualTo(2, "a duplicate must not send its batch mates back one by one");
    }

    [Fact]
    public async Task Another_tenants_camera_is_not_found_and_rows_of_both_tenants_in_one_batch_land_in_their_own_tenant()
    {
        await using var writer = NewWriter();
        var ofA = NewCapture(tenants.A);
        var ofB = NewCapture(tenants.B);
        var smuggled = NewCapture(tenants.B);
        smuggled.TenantId = tenants.A.TenantId; // a row of tenant A that names tenant B's camera

        var inserts = new[]
        {
            writer.InsertAsync(tenants.A.TenantId, ofA, ofA.ReceivedAt),
            writer.InsertAsync(tenants.B.TenantId, ofB, ofB.ReceivedAt),
            writer.InsertAsync(tenants.A.TenantId, smuggled, smuggled.ReceivedAt),
        };

        await Should.ThrowAsync<NotFoundInTenantException>(() => inserts[2]);
        await Task.WhenAll(inserts.Take(2));
        (await ExistingAsync(tenants.A, [ofA])).ShouldBe(1);
        (await ExistingAsync(tenants.B, [ofB])).ShouldBe(1);
        (await ExistingAsync(tenants.A, [ofB])).ShouldBe(0);
        (await ExistingAsync(tenants.B, [smuggled])).ShouldBe(0);
    }

    [Fact]
    public async Task Rows_queued_before_shut_down_are_still_committed_and_later_ones_are_refused()
    {
        var writer = NewWriter();
        var rows = Enumerable.Range(0, 20).Select(_ => NewCapture(tenants.B)).ToList();
        var inserts = rows.Select(c => writer.InsertAsync(tenants.B.TenantId, c, c.ReceivedAt)).ToList();

        await writer.DisposeAsync();

        await Task.WhenAll(inserts);
        (await ExistingAsync(tenants.B, rows)).ShouldBe(20);
        var late = NewCapture(tenants.B);
        Should.Throw<ObjectDisposedException>(() => writer.InsertAsync(tenants.B.TenantId, late, late.ReceivedAt));
    }

    [Fact]
    public async Task A_host_disposed_synchronously_still_writes_the_queued_rows()
    {
        var writer = NewWriter();
        var row = NewCapture(tenants.A);
        var insert = writer.InsertAsync(tenants.A.TenantId, row, row.ReceivedAt);

        writer.Dispose();

        await insert;
        (await ExistingAsync(tenants.A, [row])).ShouldBe(1);
    }

    [Fact]
    public async Task The_cameras_last_seen_time_moves_to_the_latest_receipt_of_the_batch()
    {
        await using var writer = NewWriter();
        var latest = new DateTimeOffset(DateTime.UtcNow.Ticks / TimeSpan.TicksPerSecond * TimeSpan.TicksPerSecond, TimeSpan.Zero).AddMinutes(5);
        var rows = new[] { NewCapture(tenants.B, receivedAt: latest.AddSeconds(-30)), NewCapture(tenants.B, receivedAt: latest), NewCapture(tenants.B, receivedAt: latest.AddSeconds(-10)) };

        await Task.WhenAll(rows.Select(c => writer.InsertAsync(tenants.B.TenantId, c, c.ReceivedAt)));

        await using var scope = tenants.Database.InTenant(tenants.B.TenantId);
        var camera = await scope.ServiceProvider.GetRequiredService<ShelfCloudDbContext>().Cameras.SingleAsync(c => c.Id == tenants.B.CameraId, Token);
        camera.LastSeenAt.ShouldBe(latest);
    }

    private CaptureRowWriter NewWriter() => new(tenants.Database.Services.GetRequiredService<TenantScopeFactory>());

    private static Capture NewCapture(SeededTenant tenant, string? idempotencyKey = null, DateTimeOffset? receivedAt = null)
    {
        var at = receivedAt ?? DateTimeOffset.UtcNow;
        var id = Guid.NewGuid();
        return new Capture
        {
            Id = id, TenantId = tenant.TenantId, CameraId = tenant.CameraId, ShelfId = tenant.ShelfId, StoreId = tenant.StoreId,
            BlobName = $"{tenant.TenantId}/captures/{id}.jpg", Width = 640, Height = 480, TakenAt = at, ReceivedAt = at,
            IdempotencyKey = idempotencyKey, Status = CaptureStatus.Pending,
        };
    }

    private async Task<int> ExistingAsync(SeededTenant tenant, IReadOnlyCollection<Capture> captures)
    {
        var ids = captures.Select(c => c.Id).ToList();
        await using var scope = tenants.Database.InTenant(tenant.TenantId);
        return await scope.ServiceProvider.GetRequiredService<ShelfCloudDbContext>().Captures.CountAsync(c => ids.Contains(c.Id), Token);
    }
}
