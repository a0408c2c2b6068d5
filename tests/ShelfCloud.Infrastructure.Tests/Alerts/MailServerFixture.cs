using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Serialization;
using ShelfCloud.TestSupport;

namespace ShelfCloud.Infrastructure.Tests.Alerts;

/// <summary>
/// A real SMTP server — maildev from the repository's <c>node_modules</c>, on free loopback ports — and a database
/// whose alert mails go through it; the tests read what arrived through maildev's REST API.
/// </summary>
public sealed class MailServerFixture : IAsyncLifetime
{
    public const string PortalUrl = "https://portal.shelfcloud.test";

    private NodeServer? _server;
    private readonly HttpClient _api = new();

    public TestDatabase Database { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        var smtp = NodeServer.FreeLoopbackPort();
        var web = NodeServer.FreeLoopbackPort();
        _server = await NodeServer.StartAsync("maildev",
            ["--smtp", smtp.ToString(CultureInfo.InvariantCulture), "--web", web.ToString(CultureInfo.InvariantCulture), "--ip", "127.0.0.1", "--web-ip", "127.0.0.1"],
            web, "run the tests through scripts/test.sh");
        _api.BaseAddress = new Uri($"http://127.0.0.1:{web}/");
        Database = await TestDatabase.CreateAsync(new Dictionary<string, string?>
        {
            ["Alerts:Smtp:Host"] = "127.0.0.1",
            ["Alerts:Smtp:Port"] = smtp.ToString(CultureInfo.InvariantCulture),
            ["Alerts:Smtp:Security"] = "None",
            ["Alerts:Smtp:From"] = "ShelfCloud <alerts@shelfcloud.test>",
            ["Alerts:PortalUrl"] = PortalUrl,
        });
    }

    /// <summary>Every mail the server received so far.</summary>
    public async Task<IReadOnlyList<ReceivedMail>> InboxAsync() =>
        await _api.GetFromJsonAsync<List<ReceivedMail>>("api/email", TestContext.Current.CancellationToken) ?? [];

    public async ValueTask DisposeAsync()
    {
        _api.Dispose();
        if (Database is not null)
            await Database.DisposeAsync();
        if (_server is not null)
            await _server.DisposeAsync();
    }
}

/// <summary>A mail as maildev's REST API returns it.</summary>
public sealed record ReceivedMail(
    [property: JsonPropertyName("subject")] string Subject,
    [property: JsonPropertyName("text")] string Text,
    [property: JsonPropertyName("envelope")] MailEnvelope Envelope)
{
    public IReadOnlyList<string> Recipients => Envelope.To.Select(t => t.Address).ToList();
}

public sealed record MailEnvelope([property: JsonPropertyName("to")] IReadOnlyList<MailAddress> To);

public sealed record MailAddress([property: JsonPropertyName("address")] string Address);
