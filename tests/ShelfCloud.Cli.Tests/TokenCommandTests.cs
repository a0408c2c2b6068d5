namespace ShelfCloud.Cli.Tests;

/// <summary><c>token add</c> and <c>token revoke</c>: the token shown once, the refusals.</summary>
public sealed class TokenCommandTests : IDisposable
{
    private readonly CliRun _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task Token_add_prints_the_token_once_and_revoke_stops_it()
    {
        await _cli.RunAsync("migrate");
        (await _cli.RunAsync("tenant", "add", "--slug", "acme", "--name", "Acme Foods")).ExitCode.ShouldBe(0);

        var added = await _cli.RunAsync("token", "add", "--tenant", "acme", "--name", "erp", "--scopes", "read,catalog", "--expires-days", "30");

        added.ExitCode.ShouldBe(0, added.Error);
        added.Output.ShouldMatch(@"^token=sct_[A-Za-z0-9_-]{43}\s*$");
        var again = await _cli.RunAsync("token", "add", "--tenant", "acme", "--name", "erp", "--scopes", "read");
        again.ExitCode.ShouldNotBe(0);
        again.Error.ShouldContain("exists");
        (await _cli.RunAsync("token", "add", "--tenant", "acme", "--name", "bad", "--scopes", "write")).Error.ShouldContain("unknown: write");

        var revoked = await _cli.RunAsync("token", "revoke", "--tenant", "acme", "--name", "erp");
        revoked.ExitCode.ShouldBe(0, revoked.Error);
        revoked.Output.ShouldContain("revoked=erp");
        (await _cli.RunAsync("token", "revoke", "--tenant", "acme", "--name", "erp")).ExitCode.ShouldNotBe(0);
        (await _cli.RunAsync("token", "add", "--tenant", "nobody", "--name", "x", "--scopes", "read")).ExitCode.ShouldBe(2);
    }
}
