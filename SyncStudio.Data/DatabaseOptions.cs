using System.ComponentModel.DataAnnotations;

namespace SyncStudio.Data;

public sealed class DatabaseOptions
{
    public const string SectionName = "Database";
    public const string Sqlite = "Sqlite";
    public const string SqlServer = "SqlServer";

    /// <summary><c>Sqlite</c> (embedded default) or <c>SqlServer</c>.</summary>
    [Required]
    [RegularExpression("^(Sqlite|SqlServer)$", ErrorMessage = "Database:Provider must be Sqlite or SqlServer.")]
    public string Provider { get; set; } = Sqlite;
}

/// <summary>Where the app keeps its own files: the SQLite database, generated keys, the simulator's store.</summary>
public sealed class AppDataOptions
{
    public const string SectionName = "App";

    /// <summary>Absolute, or relative to the content root. Default: <c>data</c> under the content root.</summary>
    public string DataFolder { get; set; } = "data";
}
