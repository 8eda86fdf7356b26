namespace SyncStudio.Data;

/// <summary>The store connection set through the dashboard. The token is Data Protection ciphertext, never plain.</summary>
public class ShopifyConnection
{
    public int Id { get; set; }
    public required string ShopDomain { get; set; }
    public string ApiVersion { get; set; } = "2026-07";
    public required string EncryptedAccessToken { get; set; }
    public bool IsActive { get; set; } = true;
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public int? UpdatedById { get; set; }
}
