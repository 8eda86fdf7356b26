using System.Text;

namespace SyncStudio.Catalog;

/// <summary>
/// Reads RFC 4180 records from a <see cref="TextReader"/> one at a time: quoted fields may hold commas,
/// doubled quotes and line breaks; records end at CRLF, LF or CR. Lenient where spreadsheets are sloppy:
/// a quote inside an unquoted field is kept as text, and text after a closing quote is appended.
/// </summary>
internal sealed class CsvRecordReader(TextReader reader)
{
    private const char Quote = '"';
    private readonly char[] _buffer = new char[16 * 1024];
    private readonly StringBuilder _field = new();
    private int _position;
    private int _length;
    private bool _atStart = true;

    /// <summary>The 1-based number of the record last read (blank lines are not counted).</summary>
    public int RecordNumber { get; private set; }

    /// <summary>Reads the next non-blank record into <paramref name="fields"/>; false at the end of input.</summary>
    public bool TryReadRecord(List<string> fields)
    {
        while (true)
        {
            fields.Clear();
            if (!ReadRecord(fields))
                return false;
            if (fields.Count == 1 && fields[0].Length == 0)
                continue; // a blank line
            RecordNumber++;
            return true;
        }
    }

    private bool ReadRecord(List<string> fields)
    {
        if (!EnsureData())
            return false;

        _field.Clear();
        var inQuotes = false;
        var fieldWasQuoted = false;
        while (EnsureData())
        {
            var c = _buffer[_position++];
            if (inQuotes)
            {
                if (c != Quote)
                {
                    _field.Append(c);
                }
                else if (EnsureData() && _buffer[_position] == Quote)
                {
                    _field.Append(Quote);
                    _position++;
                }
                else
                {
                    inQuotes = false;
                }

                continue;
            }

            switch (c)
            {
                case ',':
                    fields.Add(_field.ToString());
                    _field.Clear();
                    fieldWasQuoted = false;
                    break;
                case '\r':
                    if (EnsureData() && _buffer[_position] == '\n')
                        _position++;
                    fields.Add(_field.ToString());
                    return true;
                case '\n':
                    fields.Add(_field.ToString());
                    return true;
                case Quote when _field.Length == 0 && !fieldWasQuoted:
                    inQuotes = true;
                    fieldWasQuoted = true;
                    break;
                default:
                    _field.Append(c);
                    break;
            }
        }

        fields.Add(_field.ToString());
        return true;
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
