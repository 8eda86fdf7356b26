using System.Collections.Immutable;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace SyncStudio.ShopifySimulator;

/// <summary>The whole store at one journal sequence number.</summary>
internal sealed class StoreSnapshot
{
    public int Format { get; set; } = 1;

    public long Sequence { get; set; }

    public string Seed { get; set; } = "";

    public StoreCounters Counters { get; set; } = StoreCounters.Initial;

    public DateTimeOffset LastStamp { get; set; }

    public List<SimulatedCollectionRecord> Collections { get; set; } = [];

    /// <summary>Every location, the primary first (null in a state written before there were several).</summary>
    public List<SimulatedLocation>? Locations { get; set; }

    public List<SimulatedProduct> Products { get; set; } = [];

    /// <summary>The metafield definitions made (null in a state written before they were kept).</summary>
    public List<SimulatedMetafieldDefinition>? MetafieldDefinitions { get; set; }

    public List<IdempotencyEntry> Idempotency { get; set; } = [];

    public List<MutationLogEntry> Log { get; set; } = [];
}

/// <summary>One acknowledged write: the products it stored whole, the ids it deleted, the locations it added, and what it answered.</summary>
internal sealed record JournalRecord(
    long Sequence,
    DateTimeOffset At,
    string Operation,
    ImmutableArray<SimulatedProduct> Puts,
    ImmutableArray<long> Deletes,
    StoreCounters Counters,
    DateTimeOffset LastStamp,
    IdempotencyEntry? Idempotency,
    ImmutableArray<MutationLogEntry> Log,
    string? Seed = null,
    ImmutableArray<SimulatedLocation>? Locations = null,
    ImmutableArray<SimulatedMetafieldDefinition>? MetafieldDefinitions = null);

/// <summary>
/// Durable state: a snapshot file plus an append-only journal beside it (<c>{path}.journal</c>, one JSON
/// record per line). Every write is appended and flushed to the operating system before it is
/// acknowledged, so killing the process right after a 200 loses nothing; the snapshot is rewritten
/// (temp file, then rename) at shutdown and when the journal grows long, and the journal is then emptied.
/// At start the snapshot is read and the journal records after its sequence number are replayed; a torn
/// last line (the process died while writing it) is ignored.
/// </summary>
internal sealed class StateFile : IDisposable
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private static readonly byte[] NewLine = "\n"u8.ToArray();
    private readonly string _path;
    private readonly string _journalPath;
    private FileStream? _journal;

    public StateFile(string path)
    {
        _path = Path.GetFullPath(path);
        _journalPath = _path + ".journal";
        Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
    }

    public string FullPath => _path;

    public int JournalRecordCount { get; private set; }

    public bool Exists => File.Exists(_path) || File.Exists(_journalPath);

    /// <summary>Reads the snapshot (if any) and the journal records that follow it.</summary>
    public (StoreSnapshot? Snapshot, List<JournalRecord> Journal) Load()
    {
        StoreSnapshot? snapshot = null;
        if (File.Exists(_path))
        {
            using var stream = File.OpenRead(_path);
            snapshot = JsonSerializer.Deserialize<StoreSnapshot>(stream, Json);
        }

        var records = new List<JournalRecord>();
        if (File.Exists(_journalPath))
        {
            using var reader = new StreamReader(new FileStream(_journalPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete), Encoding.UTF8);
            while (reader.ReadLine() is { } line)
            {
                if (line.Length == 0)
                    continue;
                JournalRecord? record;
                try
                {
                    record = JsonSerializer.Deserialize<JournalRecord>(line, Json);
                }
                catch (JsonException) when (reader.Peek() < 0)
                {
                    break; // the last line was cut short by a crash: that write was never acknowledged
                }

                if (record is not null && record.Sequence > (snapshot?.Sequence ?? 0))
                    records.Add(record);
            }
        }

        JournalRecordCount = records.Count;
        return (snapshot, records);
    }

    /// <summary>Appends one record and hands it to the operating system before returning.</summary>
    public void Append(JournalRecord record)
    {
        _journal ??= new FileStream(_journalPath, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
        var bytes = JsonSerializer.SerializeToUtf8Bytes(record, Json);
        _journal.Write(bytes);
        _journal.Write(NewLine);
        _journal.Flush();
        JournalRecordCount++;
    }

    /// <summary>Writes a snapshot (atomically, through a temp file) and empties the journal it covers.</summary>
    public void WriteSnapshot(StoreSnapshot snapshot)
    {
        var temp = _path + ".tmp";
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
        {
            JsonSerializer.Serialize(stream, snapshot, Json);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temp, _path, overwrite: true);

        // Records up to the snapshot's sequence are now redundant; replay skips them even if this
        // truncation is lost to a crash.
        _journal?.Dispose();
        _journal = null;
        using (new FileStream(_journalPath, FileMode.Create, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete))
        {
        }

        JournalRecordCount = 0;
    }

    /// <summary>Closes the journal without a snapshot, as a killed process would leave it.</summary>
    public void Abandon()
    {
        _journal?.Dispose();
        _journal = null;
    }

    public void Dispose() => Abandon();
}
