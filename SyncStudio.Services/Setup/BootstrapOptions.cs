namespace SyncStudio.Services.Setup;

/// <summary>The first Admin, created when no user exists. Set the password from the environment, never a file.</summary>
public sealed class BootstrapOptions
{
    public const string SectionName = "Bootstrap";

    public string AdminEmail { get; set; } = "admin@localhost";

    /// <summary>When unset, a random password is generated and written once to the log.</summary>
    public string? AdminPassword { get; set; }
}
