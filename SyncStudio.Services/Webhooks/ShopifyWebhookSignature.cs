using System.Security.Cryptography;
using System.Text;

namespace SyncStudio.Services.Webhooks;

/// <summary>Shopify's webhook signature: base64 of HMAC-SHA256 over the raw body, keyed with the app's secret.</summary>
public static class ShopifyWebhookSignature
{
    public const string Header = "X-Shopify-Hmac-Sha256";

    public static string Compute(ReadOnlySpan<byte> body, string secret) =>
        Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    /// <summary>Whether <paramref name="signature"/> is the body's signature; compared in constant time.</summary>
    public static bool IsValid(ReadOnlySpan<byte> body, string secret, string? signature)
    {
        if (string.IsNullOrEmpty(secret) || string.IsNullOrEmpty(signature) || signature.Length > 64)
            return false;
        Span<byte> given = stackalloc byte[48];
        if (!Convert.TryFromBase64String(signature, given, out var length) || length != HMACSHA256.HashSizeInBytes)
            return false;
        Span<byte> expected = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body, expected);
        return CryptographicOperations.FixedTimeEquals(expected, given[..length]);
    }
}
