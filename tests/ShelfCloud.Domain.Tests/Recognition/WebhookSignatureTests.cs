using System.Text;
using ShelfCloud.Domain.Alerts;

namespace ShelfCloud.Domain.Tests.Recognition;

public sealed class WebhookSignatureTests
{
    [Fact]
    public void The_signature_is_the_hex_HMAC_SHA256_of_the_body_keyed_with_the_secret()
    {
        // RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?".
        var body = Encoding.UTF8.GetBytes("what do ya want for nothing?");

        WebhookSignature.Of("Jefe", body).ShouldBe("sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
        WebhookSignature.Verify("Jefe", body, "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843").ShouldBeTrue();
        WebhookSignature.Verify("other", body, WebhookSignature.Of("Jefe", body)).ShouldBeFalse();
        WebhookSignature.Verify("Jefe", body, null).ShouldBeFalse();
    }

    [Fact]
    public void Retries_back_off_from_seconds_to_hours()
    {
        WebhookRetry.After(1).ShouldBe(TimeSpan.FromSeconds(5));
        WebhookRetry.After(2).ShouldBe(TimeSpan.FromSeconds(30));
        WebhookRetry.After(100).ShouldBe(TimeSpan.FromHours(12));
        Enumerable.Range(1, WebhookRetry.MaxAttempts).Select(WebhookRetry.After).ShouldBeInOrder();
    }
}
