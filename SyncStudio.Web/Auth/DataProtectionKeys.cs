using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;
using SyncStudio.Data;

namespace SyncStudio.Web.Auth;

/// <summary>Where the certificate that encrypts the Data Protection keys comes from (docs/decisions/0014).</summary>
public sealed class DataProtectionKeyOptions
{
    public const string SectionName = "DataProtection";

    /// <summary>A PFX file holding the certificate and its private key.</summary>
    public string? CertificatePath { get; set; }

    /// <summary>The PFX's password, if it has one (from the environment or user secrets, never a committed file).</summary>
    public string? CertificatePassword { get; set; }

    /// <summary>The PFX itself, base64 (for hosts that hand secrets over as environment variables).</summary>
    public string? Certificate { get; set; }
}

/// <summary>
/// The Data Protection key ring: stored in the database beside the ciphertext it opens, each key encrypted at rest with
/// a certificate kept outside the database (docs/decisions/0014-keys-backups-and-observability.md). The certificate
/// comes from <c>DataProtection:CertificatePath</c> (+ <c>CertificatePassword</c>) or <c>DataProtection:Certificate</c>
/// (base64 PFX); without either, one is generated once into the data folder. Whoever holds the database alone can no
/// longer read the saved store token; a backup must carry the certificate with the database.
/// </summary>
public static class DataProtectionKeys
{
    /// <summary>The generated certificate's file in the data folder.</summary>
    public const string GeneratedCertificateFile = "data-protection.pfx";

    public static IHostApplicationBuilder AddSyncStudioDataProtection(this IHostApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(DataProtectionKeyOptions.SectionName).Get<DataProtectionKeyOptions>() ?? new();
        var dataFolder = new AppDataFolder(builder.Configuration.GetSection(AppDataOptions.SectionName).Get<AppDataOptions>() ?? new(), builder.Environment);
        var certificate = Load(options) ?? LoadOrCreate(dataFolder.File(GeneratedCertificateFile));
        builder.Services.AddDataProtection()
            .SetApplicationName("SyncStudio")
            .PersistKeysToDbContext<SyncStudioDbContext>()
            .ProtectKeysWithCertificate(certificate)
            // Decryption looks for the certificate in the machine's store unless told: on Linux there is none.
            .UnprotectKeysWithAnyCertificate(certificate);
        return builder;
    }

    private static X509Certificate2? Load(DataProtectionKeyOptions options)
    {
        X509Certificate2 certificate;
        if (!string.IsNullOrWhiteSpace(options.Certificate))
            certificate = X509CertificateLoader.LoadPkcs12(Convert.FromBase64String(options.Certificate.Trim()), options.CertificatePassword);
        else if (!string.IsNullOrWhiteSpace(options.CertificatePath))
            certificate = X509CertificateLoader.LoadPkcs12FromFile(options.CertificatePath, options.CertificatePassword);
        else
            return null;
        if (!certificate.HasPrivateKey)
            throw new InvalidOperationException("The DataProtection certificate has no private key: the keys it encrypts could not be read back.");
        return certificate;
    }

    /// <summary>Reads the generated certificate, or makes it the first time (owner-only file; two instances starting together agree on one).</summary>
    private static X509Certificate2 LoadOrCreate(string path)
    {
        if (!File.Exists(path))
        {
            using var rsa = RSA.Create(2048);
            var request = new CertificateRequest("CN=SyncStudio Data Protection", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            var now = DateTimeOffset.UtcNow;
            // Only its key pair matters (nothing checks its dates to decrypt); it lives as long as the data it protects.
            using var created = request.CreateSelfSigned(now.AddDays(-1), now.AddYears(100));
            var temp = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
            File.WriteAllBytes(temp, created.Export(X509ContentType.Pkcs12));
            if (!OperatingSystem.IsWindows())
                File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            try
            {
                File.Move(temp, path, overwrite: false);
            }
            catch (IOException) when (File.Exists(path))
            {
                File.Delete(temp);
            }
        }
        return X509CertificateLoader.LoadPkcs12FromFile(path, password: null);
    }
}
