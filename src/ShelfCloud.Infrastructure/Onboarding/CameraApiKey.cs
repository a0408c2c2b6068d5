using System.Security.Cryptography;
using System.Text;

namespace ShelfCloud.Infrastructure.Onboarding;

/// <summary>
/// Camera API keys: 32 random bytes, shown once as <c>sc_</c> + base64url. Only the SHA-256 is stored;
/// a fast hash is right here because the key is high-entropy (no dictionary to guess from).
/// </summary>
public static class CameraApiKey
{
    public const string Prefix = "sc_";

    public static string Generate() => Prefix + Base64Url(RandomNumberGenerator.GetBytes(32));

    public static string Hash(string rawKey) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(rawKey)));

    /// <summary>The first characters, to tell keys apart in lists without revealing them.</summary>
    public static string DisplayPrefix(string rawKey) => rawKey[..Math.Min(rawKey.Length, 10)];

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
