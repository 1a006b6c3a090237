using System.Buffers.Binary;
using System.Collections;
using System.Runtime.InteropServices;
using System.Text;

namespace OfficeCoordinator.Api.Plans;

// The rows a workbook read hands on. The merge needs every row before it merges any (it matches all IDs and fetches
// the history of stale rows first), so they are kept, but compactly: each row is a record of bytes in a few large
// shared buffers (a tag per cell, then whole numbers in 4 bytes, other numbers in 8, ASCII text a byte a character,
// a label or shared string by its index in one table). 100,000 rows are then about 19 MB in some twenty objects,
// which the garbage collector neither copies nor walks, instead of a million small strings and arrays it would copy
// twice. A cell becomes a PlanCell (its text a string) when it is asked for, and a row a PlanRowInput likewise.
internal sealed class PlanSheetRows : IReadOnlyList<PlanRowInput>
{
    // Large enough for the large object heap, where the garbage collector never copies them.
    private const int BytesPerChunk = 1 << 20;

    // A Status or Phase column holds a few labels; past this many distinct values it is not worth a table entry.
    private const int MaxRepeatingValues = 10_000;

    private readonly List<string> _strings;
    private readonly Dictionary<string, int> _repeating = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _repeatingBySpan;
    private readonly List<byte[]> _chunks = [];
    private readonly List<int> _rowNumbers;
    private readonly List<long> _rowStarts;
    private int _used;
    private PlanTableColumns? _columns;

    // `strings`: the workbook's shared strings, which cells refer to by index.
    public PlanSheetRows(List<string> strings, int expectedRows)
    {
        _strings = strings;
        SharedStringCount = strings.Count;
        _repeatingBySpan = _repeating.GetAlternateLookup<ReadOnlySpan<char>>();
        _rowNumbers = new List<int>(expectedRows);
        _rowStarts = new List<long>(expectedRows);
    }

    private enum Tag : byte
    {
        Empty,
        False,
        True,
        WholeNumber,
        Number,
        WholeDate,
        Date,
        Table,
        Ascii,
        Utf16,
    }

    public int Count => _rowNumbers.Count;

    public PlanRowInput this[int index] => new(_rowNumbers[index], new RowCells(this, index));

    public int SharedStringCount { get; }

    // A cell that holds shared string `index` (an empty string is an empty cell).
    public ParsedCell SharedString(int index) => _strings[index].Length == 0 ? default : new ParsedCell(PlanCellKind.Text, Start: index, InTable: true);

    public bool HasColumns => _columns is not null;

    // The Plan columns of the rows, set once the header row is read.
    public PlanTableColumns Columns
    {
        get => _columns ?? throw new InvalidOperationException("The rows' columns are set once the header row is read.");
        set => _columns = value;
    }

    // A repeating column's value as its index in the table, one string per value; -1 once the table is full.
    public int Repeating(ReadOnlySpan<char> text)
    {
        if (_repeatingBySpan.TryGetValue(text, out var known))
        {
            return known;
        }

        if (_repeating.Count == MaxRepeatingValues)
        {
            return -1;
        }

        var value = new string(text);
        _repeating.Add(value, _strings.Count);
        _strings.Add(value);
        return _strings.Count - 1;
    }

    public PlanCell CellOf(ParsedCell cell, ReadOnlySpan<char> text) => cell.Kind switch
    {
        PlanCellKind.Text => new PlanCell(PlanCellKind.Text, cell.InTable ? _strings[cell.Start] : new string(text.Slice(cell.Start, cell.Length))),
        PlanCellKind.Boolean => PlanCell.Of(cell.Number == 1),
        PlanCellKind.Number or PlanCellKind.Date => new PlanCell(cell.Kind, Number: cell.Number),
        _ => PlanCell.Empty,
    };

    public bool IsBlank(ParsedCell cell, ReadOnlySpan<char> text) => cell.Kind switch
    {
        PlanCellKind.Empty => true,
        PlanCellKind.Text => cell.InTable ? string.IsNullOrWhiteSpace(_strings[cell.Start]) : text.Slice(cell.Start, cell.Length).IsWhiteSpace(),
        _ => false,
    };

    // Keeps a row: its cells by slot, their text in `text`. Written straight into the current chunk, which has room
    // for the most the row can take: a tag, a length and 8 bytes per cell, and its text as UTF-16.
    public void Add(int rowNumber, ReadOnlySpan<ParsedCell> cells, ReadOnlySpan<char> text)
    {
        var most = cells.Length * 14 + text.Length * 2;
        if (_chunks.Count == 0 || _used + most > _chunks[^1].Length)
        {
            // A row longer than a chunk gets a buffer of its own.
            _chunks.Add(new byte[Math.Max(BytesPerChunk, most)]);
            _used = 0;
        }

        var record = _chunks[^1].AsSpan(_used);
        var length = 0;
        foreach (var cell in cells)
        {
            length += Write(cell, text, record[length..]);
        }

        _rowStarts.Add(((long)(_chunks.Count - 1) << 32) | (uint)_used);
        _rowNumbers.Add(rowNumber);
        _used += length;
    }

    public IEnumerator<PlanRowInput> GetEnumerator()
    {
        for (var i = 0; i < Count; i++)
        {
            yield return this[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    // One cell at the start of `record`; returns the bytes it took.
    private static int Write(ParsedCell cell, ReadOnlySpan<char> text, Span<byte> record)
    {
        switch (cell.Kind)
        {
            case PlanCellKind.Boolean:
                record[0] = (byte)(cell.Number == 1 ? Tag.True : Tag.False);
                return 1;
            case PlanCellKind.Number or PlanCellKind.Date when IsWhole(cell.Number):
                record[0] = (byte)(cell.Kind == PlanCellKind.Date ? Tag.WholeDate : Tag.WholeNumber);
                BinaryPrimitives.WriteInt32LittleEndian(record[1..], (int)cell.Number);
                return 5;
            case PlanCellKind.Number or PlanCellKind.Date:
                record[0] = (byte)(cell.Kind == PlanCellKind.Date ? Tag.Date : Tag.Number);
                BinaryPrimitives.WriteDoubleLittleEndian(record[1..], cell.Number);
                return 9;
            case PlanCellKind.Text when cell.InTable:
                record[0] = (byte)Tag.Table;
                BinaryPrimitives.WriteInt32LittleEndian(record[1..], cell.Start);
                return 5;
            case PlanCellKind.Text:
                var chars = text.Slice(cell.Start, cell.Length);
                var ascii = Ascii.IsValid(chars);
                record[0] = (byte)(ascii ? Tag.Ascii : Tag.Utf16);
                var header = 1 + WriteLength(record[1..], chars.Length);
                if (ascii)
                {
                    Ascii.FromUtf16(chars, record[header..], out _);
                    return header + chars.Length;
                }

                // Raw UTF-16, so that every character comes back as it was, lone surrogates included.
                MemoryMarshal.AsBytes(chars).CopyTo(record[header..]);
                return header + chars.Length * 2;
            default:
                record[0] = (byte)Tag.Empty;
                return 1;
        }
    }

    // Whole numbers that an int holds, and not -0, which keeps its sign as a double.
    private static bool IsWhole(double number) =>
        number is >= int.MinValue and <= int.MaxValue && number == Math.Floor(number) && !(number == 0 && double.IsNegative(number));

    private static int WriteLength(Span<byte> destination, int length)
    {
        var written = 0;
        var value = (uint)length;
        while (value >= 0x80)
        {
            destination[written++] = (byte)(value | 0x80);
            value >>= 7;
        }

        destination[written++] = (byte)value;
        return written;
    }

    private static int ReadLength(ReadOnlySpan<byte> source, out int read)
    {
        var value = 0;
        var shift = 0;
        read = 0;
        byte next;
        do
        {
            next = source[read++];
            value |= (next & 0x7F) << shift;
            shift += 7;
        }
        while (next >= 0x80);

        return value;
    }

    private ReadOnlySpan<byte> RecordOf(int row)
    {
        var start = _rowStarts[row];
        return _chunks[(int)(start >> 32)].AsSpan((int)(start & uint.MaxValue));
    }

    // The cell in `slot` of row `row`, found by stepping over the cells before it.
    private PlanCell CellAt(int row, int slot)
    {
        var record = RecordOf(row);
        var at = 0;
        for (var i = 0; i < slot; i++)
        {
            Next(record, ref at);
        }

        return Next(record, ref at);
    }

    // The cell that starts at `at`; moves `at` past it.
    private PlanCell Next(ReadOnlySpan<byte> record, ref int at)
    {
        var tag = (Tag)record[at];
        var payload = record[(at + 1)..];
        switch (tag)
        {
            case Tag.False or Tag.True:
                at += 1;
                return PlanCell.Of(tag == Tag.True);
            case Tag.WholeNumber or Tag.WholeDate:
                at += 5;
                return new PlanCell(tag == Tag.WholeDate ? PlanCellKind.Date : PlanCellKind.Number, Number: BinaryPrimitives.ReadInt32LittleEndian(payload));
            case Tag.Number or Tag.Date:
                at += 9;
                return new PlanCell(tag == Tag.Date ? PlanCellKind.Date : PlanCellKind.Number, Number: BinaryPrimitives.ReadDoubleLittleEndian(payload));
            case Tag.Table:
                at += 5;
                return new PlanCell(PlanCellKind.Text, _strings[BinaryPrimitives.ReadInt32LittleEndian(payload)]);
            case Tag.Ascii:
            {
                var length = ReadLength(payload, out var header);
                at += 1 + header + length;
                return new PlanCell(PlanCellKind.Text, Encoding.ASCII.GetString(payload.Slice(header, length)));
            }

            case Tag.Utf16:
            {
                var length = ReadLength(payload, out var header);
                at += 1 + header + length * 2;
                return new PlanCell(PlanCellKind.Text, new string(MemoryMarshal.Cast<byte, char>(payload.Slice(header, length * 2))));
            }

            default:
                at += 1;
                return PlanCell.Empty;
        }
    }

    // One row's cells by column name, for the Plan columns the table has: a cell the row leaves out is empty.
    private sealed class RowCells(PlanSheetRows rows, int row) : IReadOnlyDictionary<string, PlanCell>
    {
        public int Count => rows.Columns.Names.Length;
        public IEnumerable<string> Keys => rows.Columns.Names;
        public IEnumerable<PlanCell> Values => this.Select(pair => pair.Value);

        public PlanCell this[string key] => TryGetValue(key, out var cell) ? cell : throw new KeyNotFoundException($"The Plan table has no column {key}.");

        public bool ContainsKey(string key) => rows.Columns.Find(key) >= 0;

        public bool TryGetValue(string key, out PlanCell value)
        {
            var slot = rows.Columns.Find(key);
            value = slot >= 0 ? rows.CellAt(row, slot) : default;
            return slot >= 0;
        }

        public IEnumerator<KeyValuePair<string, PlanCell>> GetEnumerator()
        {
            var at = 0;
            for (var slot = 0; slot < Count; slot++)
            {
                yield return new(rows.Columns.Names[slot], rows.Next(rows.RecordOf(row), ref at));
            }
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}

// A cell as the parser reads it, before its row is kept: a number, date or boolean (1 or 0) in Number; a text as
// Start and Length in the row's characters, or (InTable) as its index Start in the rows' table of strings.
internal readonly record struct ParsedCell(PlanCellKind Kind, double Number = 0, int Start = 0, int Length = 0, bool InTable = false);
