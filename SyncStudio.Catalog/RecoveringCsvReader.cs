using System.Text;
using CsvHelper;

namespace SyncStudio.Catalog;

/// <summary>A record whose quoting is broken: the field where the unclosed quote opened, and what went wrong.</summary>
internal sealed record CsvBrokenRecord(int FieldIndex, string Message);

/// <summary>
/// Reads CSV records one at a time, streaming, with CsvHelper doing the parsing (RFC 4180: quoted fields may hold
/// commas, doubled quotes and line breaks; records end at CRLF, LF or CR; a stray quote in an unquoted field and text
/// after a closing quote are kept, as spreadsheets write them). What this class adds is recovery from a broken quote
/// (docs/decisions/0013-csv-injection-and-broken-quotes.md): a quoted field is allowed to run onto the next physical
/// line only while that line does not read as a row of its own (a well-formed line with the header's field count),
/// the field closes cleanly, the file has not ended and the record stays under <see cref="MaxRecordChars"/>.
/// Otherwise the record that opened the quote is reported as broken, on its own, and reading goes on at the physical
/// line after the one where it started. So a broken quote costs its own row, never the rows after it.
/// The first record read is taken as the header, whose field count that rule uses.
/// </summary>
internal sealed class RecoveringCsvReader
{
    /// <summary>The longest record (in characters) that is still waited for: a bound on what one open quote holds in memory.</summary>
    public const int MaxRecordChars = 8 * 1024 * 1024;

    private readonly PhysicalLineReader _lines;
    private readonly CsvReaderOptions _options;
    private CsvMalformedReason? _malformed;
    private int _headerFieldCount = -1;

    public RecoveringCsvReader(TextReader reader)
    {
        _lines = new PhysicalLineReader(reader);
        _options = CsvReaderOptions.Default with
        {
            Separator = ',',
            HasHeader = false,
            MalformedData = CsvMalformedDataHandling.Recover,
            FieldCountMismatch = CsvFieldCountHandling.Allow,
            // Setting the callback is what turns CsvHelper's malformed-quote detection on.
            OnMalformedRecord = record => _malformed ??= record.Reason,
        };
    }

    /// <summary>The 1-based number of the record last read, broken ones included (blank lines are not counted).</summary>
    public int RecordNumber { get; private set; }

    /// <summary>
    /// Reads the next non-blank record into <paramref name="fields"/>; false at the end of input. A broken record comes
    /// back with <paramref name="broken"/> set and the fields its first line holds (those before the broken one are whole).
    /// </summary>
    public bool TryReadRecord(List<string> fields, out CsvBrokenRecord? broken)
    {
        broken = null;
        PhysicalLine first;
        do
        {
            if (!_lines.TryRead(out first))
                return false;
        } while (first.Text.Length == 0);

        RecordNumber++;
        if (!EndsInsideQuotes(first.Text, Parse(first.Text, fields)))
        {
            if (_headerFieldCount < 0)
                _headerFieldCount = fields.Count;
            return true;
        }

        // A quoted field opens on this line and does not close on it: look at the lines that would continue it.
        var openField = fields.Count - 1;
        var taken = new List<PhysicalLine> { first };
        var length = first.Text.Length;
        while (true)
        {
            if (!_lines.TryPeek(out var next))
            {
                broken = Broken(openField, $"A quoted field opens on line {first.Number} and is never closed before the end of the file.");
                break;
            }

            if (ReadsAsARow(next.Text))
            {
                broken = Broken(openField,
                    $"A quoted field opens on line {first.Number} and is not closed before line {next.Number}, which reads as a row of its own.");
                break;
            }

            if (length + next.Text.Length > MaxRecordChars)
            {
                broken = Broken(openField,
                    $"A quoted field opens on line {first.Number} and is not closed within {MaxRecordChars:N0} characters.");
                break;
            }

            _lines.TryRead(out next);
            taken.Add(next);
            length += next.Terminator.Length + next.Text.Length;
            // Whether the field is still open after this line: the line read as the inside of a quoted field.
            var inside = "\"" + next.Text;
            if (EndsInsideQuotes(inside, Parse(inside, null)))
                continue;

            var whole = new List<string>();
            if (Parse(Join(taken), whole) is null)
            {
                fields.Clear();
                fields.AddRange(whole);
                return true;
            }

            broken = Broken(openField,
                $"A quoted field opens on line {first.Number} and closes on line {next.Number}, but not at the end of a field.");
            break;
        }

        // Everything after the broken record's first line is read again, as records of its own.
        _lines.PushBack(taken.Skip(1));
        return true;
    }

    private static CsvBrokenRecord Broken(int fieldIndex, string message) =>
        new(fieldIndex, $"{message} The row is skipped; reading goes on at the next line.");

    /// <summary>A line that CsvHelper reads cleanly on its own, with the header's field count: the start of a row.</summary>
    private bool ReadsAsARow(string line) => _headerFieldCount > 0 && Parse(line, null, out var count) is null && count == _headerFieldCount;

    /// <summary>
    /// Whether a quoted field is still open where <paramref name="text"/> ends. CsvHelper names one problem per record,
    /// the first: when that is another one, a sentinel line after the text tells (an open field swallows it).
    /// </summary>
    private bool EndsInsideQuotes(string text, CsvMalformedReason? malformed)
    {
        if (malformed is null)
            return false;
        if (malformed == CsvMalformedReason.UnterminatedQuote)
            return true;
        using var csv = CsvReader.FromText(text + "\nsentinel", _options);
        var records = 0;
        while (csv.Read())
            records++;
        return records < 2;
    }

    private CsvMalformedReason? Parse(string text, List<string>? fields) => Parse(text, fields, out _);

    /// <summary>Parses <paramref name="text"/> as one record; answers the first quoting problem CsvHelper found, if any.</summary>
    private CsvMalformedReason? Parse(string text, List<string>? fields, out int fieldCount)
    {
        _malformed = null;
        fields?.Clear();
        fieldCount = 0;
        using var csv = CsvReader.FromText(text, _options);
        if (!csv.Read())
            return _malformed;
        fieldCount = csv.FieldCount;
        if (fields is not null)
        {
            for (var i = 0; i < fieldCount; i++)
                fields.Add(csv[i].ToString());
        }

        return _malformed;
    }

    private static string Join(List<PhysicalLine> lines)
    {
        var text = new StringBuilder(lines[0].Text);
        for (var i = 1; i < lines.Count; i++)
            text.Append(lines[i - 1].Terminator).Append(lines[i].Text);
        return text.ToString();
    }
}

/// <summary>One line of the input as it stands in the file: its text, the line break that ended it, its 1-based number.</summary>
internal readonly record struct PhysicalLine(string Text, string Terminator, int Number);

/// <summary>
/// Splits a <see cref="TextReader"/> into physical lines (ended by CRLF, LF or CR, which are kept so a quoted field
/// spanning lines reads back exactly), a buffer at a time, with lines put back to be read again.
/// </summary>
internal sealed class PhysicalLineReader(TextReader reader)
{
    private readonly char[] _buffer = new char[16 * 1024];
    private readonly LinkedList<PhysicalLine> _pending = new();
    private readonly StringBuilder _text = new();
    private int _position;
    private int _length;
    private int _number;
    private bool _atStart = true;

    public bool TryPeek(out PhysicalLine line)
    {
        if (_pending.Count == 0 && ReadLine() is { } read)
            _pending.AddFirst(read);
        line = _pending.First?.Value ?? default;
        return _pending.Count > 0;
    }

    public bool TryRead(out PhysicalLine line)
    {
        if (!TryPeek(out line))
            return false;
        _pending.RemoveFirst();
        return true;
    }

    /// <summary>Puts lines back in front of the rest of the input, in the order given.</summary>
    public void PushBack(IEnumerable<PhysicalLine> lines)
    {
        var before = _pending.First;
        foreach (var line in lines)
        {
            if (before is null)
                _pending.AddLast(line);
            else
                _pending.AddBefore(before, line);
        }
    }

    private PhysicalLine? ReadLine()
    {
        if (!EnsureData())
            return null;
        _text.Clear();
        while (EnsureData())
        {
            var rest = _buffer.AsSpan(_position, _length - _position);
            var end = rest.IndexOfAny('\r', '\n');
            if (end < 0)
            {
                _text.Append(rest);
                _position = _length;
                continue;
            }

            _text.Append(rest[..end]);
            _position += end + 1;
            if (rest[end] == '\n')
                return new PhysicalLine(_text.ToString(), "\n", ++_number);
            if (EnsureData() && _buffer[_position] == '\n')
            {
                _position++;
                return new PhysicalLine(_text.ToString(), "\r\n", ++_number);
            }

            return new PhysicalLine(_text.ToString(), "\r", ++_number);
        }

        return new PhysicalLine(_text.ToString(), "", ++_number);
    }

    private bool EnsureData()
    {
        if (_position < _length)
            return true;
        _length = reader.Read(_buffer, 0, _buffer.Length);
        _position = 0;
        if (_atStart && _length > 0)
        {
            _atStart = false;
            if (_buffer[0] == '\uFEFF')
                _position = 1; // a byte-order mark the reader did not consume
            return _position < _length || EnsureData();
        }

        return _length > 0;
    }
}
