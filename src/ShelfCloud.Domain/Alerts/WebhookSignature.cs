using System.Security.Cryptography;

namespace ShelfCloud.Domain.Alerts;

/// <summary><c>X-ShelfCloud-Signature: sha256=&lt;hex HMAC-SHA256 of the body, keyed with the webhook's secret&gt;</c>.</summary>
public static class WebhookSignature
{
    public const string Header = "X-ShelfCloud-Signature";

    public static string Of(string secret, byte[] body)
    {
        ArgumentNullException.ThrowIfNull(secret);
        ArgumentNullException.ThrowIfNull(body);
        return "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(System.Text.Encoding.UTF8.GetBytes(secret), body));
    }

    /// <summary>Checks a signature in constant time (what a receiver does).</summary>
    public static bool Verify(string secret, byte[] body, string? signature) =>
        signature is not null && CryptographicOperations.FixedTimeEquals(System.Text.Encoding.ASCII.GetBytes(Of(secret, body)), System.Text.Encoding.ASCII.GetBytes(signature));
}
