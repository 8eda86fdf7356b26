using System.ComponentModel.DataAnnotations;

namespace SyncStudio.Web.Auth;

public sealed class JwtOptions
{
    public const string SectionName = "Jwt";

    /// <summary>
    /// Base64 or plain text, at least 32 bytes. When unset, a key is generated once and kept in the data folder;
    /// never commit one.
    /// </summary>
    public string? SigningKey { get; set; }

    [Required]
    public string Issuer { get; set; } = "SyncStudio";

    [Required]
    public string Audience { get; set; } = "SyncStudio.Api";

    [Range(1, 24 * 60)]
    public int ExpiryMinutes { get; set; } = 60;
}
