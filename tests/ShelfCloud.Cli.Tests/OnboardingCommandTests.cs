using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;

namespace ShelfCloud.Cli.Tests;

public sealed class OnboardingCommandTests : IDisposable
{
    private readonly CliRun _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task Migrate_creates_the_database_and_is_idempotent()
    {
        var first = await _cli.RunAsync("migrate");
        first.ExitCode.ShouldBe(0, first.Error);
        first.Output.ShouldMatch(@"Applied \d+ migration\(s\)");
        File.Exists(Path.Combine(_cli.DataFolder, "shelfcloud.db")).ShouldBeTrue();

        (await _cli.RunAsync("migrate")).Output.ShouldContain("Database is up to date.");
    }

    [Fact]
    public async Task Camera_add_creates_store_and_shelf_and_prints_the_key_once()
    {
        await _cli.RunAsync("migrate");
        (await _cli.RunAsync("tenant", "add", "--slug", "acme", "--name", "Acme Foods")).ExitCode.ShouldBe(0);

        var result = await _cli.RunAsync("camera", "add", "--tenant", "acme", "--store", "Main Street", "--shelf", "Dairy 3", "--name", "cam-7");

        result.ExitCode.ShouldBe(0, result.Error);
        var key = Regex.Match(result.Output, "^api_key=(sc_[A-Za-z0-9_-]+)$", RegexOptions.Multiline);
        key.Success.ShouldBeTrue(result.Output);
        ReadAll("SELECT Name FROM Stores").ShouldBe(["Main Street"]);
        ReadAll("SELECT Name FROM Shelves").ShouldBe(["Dairy 3"]);
        ReadAll("SELECT ApiKeyHash FROM Cameras").Single().ShouldNotBe(key.Groups[1].Value);

        var second = await _cli.RunAsync("camera", "add", "--tenant", "acme", "--store", "Main Street", "--shelf", "Dairy 3", "--name", "cam-8");
        second.ExitCode.ShouldBe(0, second.Error);
        ReadAll("SELECT Name FROM Stores").Count.ShouldBe(1);
        ReadAll("SELECT Name FROM Cameras ORDER BY Name").ShouldBe(["cam-7", "cam-8"]);
    }

    [Fact]
    public async Task Webhook_add_prints_its_id_and_secret_once_and_list_shows_it_without_the_secret()
    {
        await _cli.RunAsync("migrate");
        (await _cli.RunAsync("tenant", "add", "--slug", "acme", "--name", "Acme Foods")).ExitCode.ShouldBe(0);

        var added = await _cli.RunAsync("webhook", "add", "--tenant", "acme", "--url", "https://hooks.acme.test/shelfcloud", "--events", "out_of_stock,camera_health");

        added.ExitCode.ShouldBe(0, added.Error);
        var id = Regex.Match(added.Output, "^webhook_id=([0-9a-f-]{36})$", RegexOptions.Multiline);
        var secret = Regex.Match(added.Output, "^secret=([A-Za-z0-9_-]{40,})$", RegexOptions.Multiline);
        (id.Success, secret.Success).ShouldBe((true, true), added.Output);
        var list = await _cli.RunAsync("webhook", "list", "--tenant", "acme");
        list.ExitCode.ShouldBe(0, list.Error);
        list.Output.ShouldContain($"webhook_id={id.Groups[1].Value} url=https://hooks.acme.test/shelfcloud events=out_of_stock,camera_health delivered=0 pending=0 failed=0");
        list.Output.ShouldNotContain(secret.Groups[1].Value);

        var bad = await _cli.RunAsync("webhook", "add", "--tenant", "acme", "--url", "https://hooks.acme.test/x", "--events", "price_change");
        bad.ExitCode.ShouldNotBe(0);
        bad.Error.ShouldContain("price_change");
        ReadAll("SELECT Url FROM Webhooks").Count.ShouldBe(1, "the refused webhook left nothing");
    }

    [Fact]
    public async Task Camera_add_for_an_unknown_tenant_fails_clearly_and_writes_nothing()
    {
        await _cli.RunAsync("migrate");
        var result = await _cli.RunAsync("camera", "add", "--tenant", "nope", "--store", "S", "--shelf", "T", "--name", "c");
        result.ExitCode.ShouldNotBe(0);
        result.Error.ShouldContain("Tenant 'nope' does not exist");
        ReadAll("SELECT Name FROM Stores").ShouldBeEmpty();
    }

    [Theory]
    [InlineData("Bad Slug")]
    [InlineData("-leading")]
    [InlineData("x")]
    public async Task Tenant_add_rejects_an_invalid_slug(string slug)
    {
        await _cli.RunAsync("migrate");
        var result = await _cli.RunAsync("tenant", "add", "--slug", slug, "--name", "Whatever");
        result.ExitCode.ShouldBe(1);
        result.Error.ShouldContain("is not valid");
        ReadAll("SELECT Slug FROM Tenants").ShouldBeEmpty();
    }

    [Fact]
    public async Task Tenant_add_refuses_a_duplicate_slug()
    {
        await _cli.RunAsync("migrate");
        (await _cli.RunAsync("tenant", "add", "--slug", "acme", "--name", "Acme")).ExitCode.ShouldBe(0);
        var again = await _cli.RunAsync("tenant", "add", "--slug", "acme", "--name", "Acme again");
        again.ExitCode.ShouldBe(1);
        again.Error.ShouldContain("already exists");
    }

    [Fact]
    public async Task Commands_refuse_an_unmigrated_database()
    {
        var result = await _cli.RunAsync("tenant", "add", "--slug", "acme", "--name", "Acme");
        result.ExitCode.ShouldBe(1);
        result.Error.ShouldContain("shelfcloud migrate");
    }

    [Fact]
    public async Task Missing_required_option_is_a_usage_error()
    {
        var result = await _cli.RunAsync("camera", "add", "--tenant", "acme");
        result.ExitCode.ShouldNotBe(0);
        result.Error.ShouldContain("--store");
    }

    [Fact]
    public async Task Seed_demo_creates_the_demo_tenant_once_and_lists_sign_ins()
    {
        var first = await _cli.RunAsync("seed-demo");
        first.ExitCode.ShouldBe(0, first.Error);
        first.Output.ShouldContain("admin@demo.shelfcloud.test");
        first.Output.ShouldContain("platform@shelfcloud.test");
        Regex.Matches(first.Output, "api_key=sc_").Count.ShouldBe(5);

        var second = await _cli.RunAsync("seed-demo");
        second.Output.ShouldContain("already exists");
        ReadAll("SELECT Slug FROM Tenants").ShouldBe(["demo"]);
        ReadAll("SELECT Name FROM Stores").Count.ShouldBe(2);
    }

    private List<string> ReadAll(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(_cli.DataFolder, "shelfcloud.db")};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read())
            rows.Add(reader.GetString(0));
        return rows;
    }
}
