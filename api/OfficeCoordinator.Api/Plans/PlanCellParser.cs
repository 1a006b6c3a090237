using System.Globalization;
using System.Xml;

namespace OfficeCoordinator.Api.Plans;

// Reads the Plan table's rows in one streaming pass over its sheet part. Formula cells count by their cached value;
// dates are the numbers Excel stores; blank lines in the table are skipped. Attribute values, <v> values and inline
// text are gathered into reused buffers: numbers and dates are parsed from the characters, a row's text gathers in
// one buffer, and the row is then kept in the rows' compact form (PlanSheetRows). Besides the kept rows, the reader
// holds one row.
internal sealed class PlanCellParser
{
    private readonly PlanPackageGuard _package;
    private readonly PlanXmlNames _names;

    // A cell's <v>; a cell's or shared string's text, runs joined; the text of the row's cells.
    private char[] _value = new char[256];
    private char[] _text = new char[256];
    private char[] _rowText = new char[1024];
    private int _rowTextUsed;

    private PlanCellParser(PlanPackageGuard package)
    {
        _package = package;
        _names = package.Names;
    }

    // Where a row's reading is: between cells, in a cell, in its <v>, in its <is>, in a <t> of the <is>.
    private enum Within
    {
        Row,
        Cell,
        Value,
        Inline,
        InlineText,
    }

    private enum CellType
    {
        Number,
        SharedString,
        InlineString,
        FormulaString,
        Error,
        Boolean,
        Date,
    }

    public static PlanSheet Read(PlanPackageGuard package, PlanTableLocation table, int maxRows, CancellationToken cancellationToken)
    {
        var parser = new PlanCellParser(package);
        var shared = table.SharedStrings is { } path ? parser.ReadSharedStrings(path) : [];
        var rows = parser.ReadRows(table, shared, maxRows, cancellationToken);
        return new PlanSheet(table.ProjectId, table.PlanVersion, rows.Columns.Headers, rows, package.Warnings);
    }

    private List<string> ReadSharedStrings(string path)
    {
        var strings = new List<string>();
        _package.Parse(path, required: false, xml =>
        {
            while (xml.Read())
            {
                if (xml.NodeType == XmlNodeType.Element && PlanXml.Is(xml.LocalName, _names.StringItem))
                {
                    strings.Add(new string(Unescape(_text.AsSpan(0, ReadRichText(xml)))));
                }
            }
        });
        return strings;
    }

    // The header row gives the columns; every later row that is not blank is kept. Rows out of order, which Excel
    // never writes, keep the first header the pass met.
    private PlanSheetRows ReadRows(PlanTableLocation table, List<string> shared, int maxRows, CancellationToken cancellationToken)
    {
        var range = table.Range;
        var headerCells = new PlanCell[range.LastColumn - range.FirstColumn + 1];
        var rows = new PlanSheetRows(shared, Math.Clamp(range.LastRow - range.FirstRow, 0, maxRows));
        ParsedCell[] rowCells = [];
        _package.Parse(table.Sheet, required: true, xml =>
        {
            var rowNumber = 0;
            while (xml.Read())
            {
                if (xml.NodeType != XmlNodeType.Element || !PlanXml.Is(xml.LocalName, _names.Row))
                {
                    continue;
                }

                rowNumber = int.TryParse(xml.GetAttribute("r"), NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number : rowNumber + 1;
                if (rowNumber > range.LastRow)
                {
                    break;
                }

                if (rowNumber < range.FirstRow || (rowNumber == range.FirstRow && rows.HasColumns))
                {
                    PlanXml.MoveToEndOf(xml);
                    continue;
                }

                if (rowNumber == range.FirstRow)
                {
                    var header = new ParsedCell[headerCells.Length];
                    ReadCells(xml, range, rows, null, header);
                    for (var i = 0; i < header.Length; i++)
                    {
                        headerCells[i] = rows.CellOf(header[i], RowText);
                    }

                    rows.Columns = new PlanTableColumns(headerCells, table.ColumnNames);
                    rowCells = new ParsedCell[rows.Columns.Names.Length];
                    continue;
                }

                // A header row without cells: the table's own column names stand in.
                if (!rows.HasColumns)
                {
                    rows.Columns = new PlanTableColumns(headerCells, table.ColumnNames);
                    rowCells = new ParsedCell[rows.Columns.Names.Length];
                }

                Array.Clear(rowCells);
                ReadCells(xml, range, rows, rows.Columns, rowCells);
                if (IsBlank(rows, rowCells))
                {
                    continue; // a blank line in the table
                }

                if (rows.Count == maxRows)
                {
                    throw new PlanFileException(StatusCodes.Status413PayloadTooLarge,
                        $"The Plan table has more than {maxRows:N0} rows, more than one import takes; split the plan and import it in parts.");
                }

                rows.Add(rowNumber, rowCells, RowText);
                if (rows.Count % 1_000 == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }
            }
        });

        if (!rows.HasColumns)
        {
            rows.Columns = new PlanTableColumns(headerCells, table.ColumnNames);
        }

        return rows;
    }

    private ReadOnlySpan<char> RowText => _rowText.AsSpan(0, _rowTextUsed);

    private bool IsBlank(PlanSheetRows rows, ParsedCell[] cells)
    {
        foreach (var cell in cells)
        {
            if (!rows.IsBlank(cell, RowText))
            {
                return false;
            }
        }

        return true;
    }

    // A text cell: a repeating column's value by its index in the rows' table, any other text in the row's buffer.
    private ParsedCell Text(PlanSheetRows rows, ReadOnlySpan<char> text, bool repeating)
    {
        if (text.IsEmpty)
        {
            return default;
        }

        if (repeating && rows.Repeating(text) is var index and >= 0)
        {
            return new ParsedCell(PlanCellKind.Text, Start: index, InTable: true);
        }

        if (_rowTextUsed + text.Length > _rowText.Length)
        {
            Array.Resize(ref _rowText, Math.Max(_rowText.Length * 2, _rowTextUsed + text.Length));
        }

        text.CopyTo(_rowText.AsSpan(_rowTextUsed));
        _rowTextUsed += text.Length;
        return new ParsedCell(PlanCellKind.Text, Start: _rowTextUsed - text.Length, Length: text.Length);
    }

    // The cells of the row the reader is on that fall inside the table, into their slots (by column offset without
    // `columns`); leaves the reader on the row's end. One loop over the row's nodes, which asks the reader as little
    // as it can (at a million cells, every call counts): a cell's <v> and its <is> (the <t>s of its runs, without
    // phonetic guides) are read; formulas and anything else in a cell are skipped, so a formula's cached value counts.
    // Cells of columns that are not imported are skipped unread, except that a shared string's index is checked
    // wherever it is in the table.
    private void ReadCells(XmlReader xml, CellRange range, PlanSheetRows rows, PlanTableColumns? columns, Span<ParsedCell> cells)
    {
        _rowTextUsed = 0;
        if (xml.IsEmptyElement)
        {
            return;
        }

        var rowDepth = xml.Depth;
        var within = Within.Row;
        int column = -1, slot = -1, inlineDepth = 0, valueLength = 0, textLength = 0;
        var type = CellType.Number;
        while (xml.Read())
        {
            switch (xml.NodeType)
            {
                case XmlNodeType.Element:
                    var name = xml.LocalName;
                    switch (within)
                    {
                        case Within.Row when PlanXml.Is(name, _names.Cell):
                            type = ReadCellAttributes(xml, ref column);
                            var inTable = column >= range.FirstColumn && column <= range.LastColumn;
                            slot = !inTable ? -1 : columns is null ? column - range.FirstColumn : columns.SlotOfColumn[column - range.FirstColumn];
                            (valueLength, textLength) = (0, 0);
                            if (slot < 0 && !(inTable && type == CellType.SharedString))
                            {
                                PlanXml.MoveToEndOf(xml);
                            }
                            else if (xml.IsEmptyElement)
                            {
                                KeepCell(rows, columns, cells, slot, type, valueLength, textLength);
                            }
                            else
                            {
                                within = Within.Cell;
                            }

                            break;
                        case Within.Cell when PlanXml.Is(name, _names.Value):
                            valueLength = 0;
                            within = xml.IsEmptyElement ? Within.Cell : Within.Value;
                            break;
                        case Within.Cell when type == CellType.InlineString && PlanXml.Is(name, _names.InlineString):
                            textLength = 0;
                            (within, inlineDepth) = xml.IsEmptyElement ? (Within.Cell, 0) : (Within.Inline, xml.Depth);
                            break;
                        case Within.Inline when PlanXml.Is(name, _names.Text):
                            within = xml.IsEmptyElement ? Within.Inline : Within.InlineText;
                            break;
                        case Within.Cell or Within.Value or Within.InlineText:
                        case Within.Inline when PlanXml.Is(name, _names.Phonetic):
                            PlanXml.MoveToEndOf(xml);
                            break;
                    }

                    break;
                case XmlNodeType.EndElement:
                    switch (within)
                    {
                        case Within.Row when xml.Depth == rowDepth:
                            return;
                        case Within.Cell:
                            KeepCell(rows, columns, cells, slot, type, valueLength, textLength);
                            within = Within.Row;
                            break;
                        case Within.Value:
                            within = Within.Cell;
                            break;
                        case Within.InlineText:
                            within = Within.Inline;
                            break;
                        case Within.Inline when xml.Depth == inlineDepth:
                            within = Within.Cell;
                            break;
                    }

                    break;
                case XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.SignificantWhitespace or XmlNodeType.Whitespace:
                    if (within == Within.Value)
                    {
                        valueLength = AppendValue(xml, ref _value, valueLength);
                    }
                    else if (within == Within.InlineText)
                    {
                        textLength = AppendValue(xml, ref _text, textLength);
                    }

                    break;
            }
        }
    }

    // A cell's type, and its column: the one its reference names, else the one after the previous cell's.
    private CellType ReadCellAttributes(XmlReader xml, ref int column)
    {
        int? referenced = null;
        var type = CellType.Number;
        while (xml.MoveToNextAttribute())
        {
            if (PlanXml.Is(xml.LocalName, _names.Reference))
            {
                referenced = CellRange.TryParseColumn(xml.Value, out var parsed) ? parsed : null;
            }
            else if (PlanXml.Is(xml.LocalName, _names.Text))
            {
                type = TypeOf(xml.Value);
            }
        }

        xml.MoveToElement();
        column = referenced ?? column + 1;
        return type;
    }

    // The cell's value into its slot; a cell outside the Plan columns (only read to check its shared string) is not kept.
    private void KeepCell(PlanSheetRows rows, PlanTableColumns? columns, Span<ParsedCell> cells, int slot, CellType type, int valueLength, int textLength)
    {
        var cell = ValueOf(rows, type, _value.AsSpan(0, valueLength), _text.AsSpan(0, textLength), repeating: slot >= 0 && columns is not null && columns.IsRepeating[slot]);
        if (slot >= 0)
        {
            cells[slot] = cell;
        }
    }

    // The text of a shared string (<si>) into the text buffer: its <t>, or its runs' <t>s joined, without phonetic
    // guides; returns its length and leaves the reader on its end. ReadCells reads a cell's <is> the same way.
    private int ReadRichText(XmlReader xml)
    {
        if (xml.IsEmptyElement)
        {
            return 0;
        }

        var depth = xml.Depth;
        var length = 0;
        while (xml.Read() && !(xml.NodeType == XmlNodeType.EndElement && xml.Depth == depth))
        {
            if (xml.NodeType != XmlNodeType.Element)
            {
                continue;
            }

            if (PlanXml.Is(xml.LocalName, _names.Text))
            {
                length = AppendContent(xml, ref _text, length);
            }
            else if (PlanXml.Is(xml.LocalName, _names.Phonetic))
            {
                PlanXml.MoveToEndOf(xml);
            }
        }

        return length;
    }

    // The text content of the element the reader is on, appended to `buffer` after `start` characters; returns the
    // new length and leaves the reader on the element's end.
    private static int AppendContent(XmlReader xml, ref char[] buffer, int start)
    {
        if (xml.IsEmptyElement)
        {
            return start;
        }

        var depth = xml.Depth;
        var length = start;
        while (xml.Read() && !(xml.NodeType == XmlNodeType.EndElement && xml.Depth == depth))
        {
            if (PlanXml.IsText(xml.NodeType))
            {
                length = AppendValue(xml, ref buffer, length);
            }
            else if (xml.NodeType == XmlNodeType.Element)
            {
                PlanXml.MoveToEndOf(xml);
            }
        }

        return length;
    }

    // The value of the attribute or text node the reader is on, appended to `buffer` after `start` characters;
    // returns the new length. The buffer grows as needed (the inflated-size cap bounds it). Value makes a string that
    // dies young, which costs less than ReadValueChunk switching the reader in and out of incremental reading.
    private static int AppendValue(XmlReader xml, ref char[] buffer, int start)
    {
        var value = xml.Value;
        if (start + value.Length > buffer.Length)
        {
            Array.Resize(ref buffer, Math.Max(buffer.Length * 2, start + value.Length));
        }

        value.CopyTo(buffer.AsSpan(start));
        return start + value.Length;
    }

    private static CellType TypeOf(ReadOnlySpan<char> type) => type switch
    {
        "s" => CellType.SharedString,
        "inlineStr" => CellType.InlineString,
        "str" => CellType.FormulaString,
        "e" => CellType.Error,
        "b" => CellType.Boolean,
        "d" => CellType.Date,
        _ => CellType.Number,
    };

    // A cell without <v> reads as an empty value: empty text, which is an empty cell.
    private ParsedCell ValueOf(PlanSheetRows rows, CellType type, ReadOnlySpan<char> value, Span<char> inline, bool repeating) => type switch
    {
        CellType.SharedString => int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < rows.SharedStringCount
            ? rows.SharedString(index)
            : throw PlanPackageGuard.Damaged(null),
        CellType.InlineString => Text(rows, Unescape(inline), repeating),
        CellType.FormulaString or CellType.Error => Text(rows, value, repeating),
        CellType.Boolean => value.Trim() switch
        {
            "1" or "true" => new ParsedCell(PlanCellKind.Boolean, Number: 1),
            "0" or "false" => new ParsedCell(PlanCellKind.Boolean, Number: 0),
            var other => Text(rows, other, repeating),
        },
        CellType.Date => DateTime.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var instant)
            ? new ParsedCell(PlanCellKind.Date, Number: ExcelDates.ToSerial(DateOnly.FromDateTime(instant)))
            : Text(rows, value, repeating),
        _ => value.IsWhiteSpace() ? default
            : TryParseNumber(value, out var number) ? new ParsedCell(PlanCellKind.Number, Number: number)
            : Text(rows, value, repeating),
    };

    // Powers of ten that a double holds exactly.
    private static readonly double[] PowersOfTen = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

    // The numbers a sheet holds are mostly short decimals ("46391", "0.89", "2701.75"); those are parsed here, to the
    // same double as double.TryParse gives (a whole number below 2^53 divided by an exact power of ten is correctly
    // rounded), and at a fraction of its cost, which counts at a million cells. Anything else goes to double.TryParse.
    private static bool TryParseNumber(ReadOnlySpan<char> text, out double number)
    {
        var negative = !text.IsEmpty && text[0] == '-';
        ulong whole = 0;
        int digits = 0, decimals = -1;
        for (var i = negative ? 1 : 0; i < text.Length; i++)
        {
            var digit = (uint)(text[i] - '0');
            if (digit <= 9 && digits < 15)
            {
                whole = whole * 10 + digit;
                digits++;
                decimals += decimals >= 0 ? 1 : 0;
            }
            else if (text[i] == '.' && decimals < 0)
            {
                decimals = 0;
            }
            else
            {
                return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out number);
            }
        }

        if (digits == 0)
        {
            return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out number);
        }

        number = decimals > 0 ? whole / PowersOfTen[decimals] : whole;
        number = negative ? -number : number;
        return true;
    }

    // Excel writes characters XML cannot carry as _xHHHH_ (and a literal "_x" as _x005F_x); decoded in place.
    private static Span<char> Unescape(Span<char> text)
    {
        var start = text.IndexOf("_x");
        if (start < 0)
        {
            return text;
        }

        var length = start;
        for (var i = start; i < text.Length; i++)
        {
            if (text[i] == '_' && i + 6 < text.Length && text[i + 1] == 'x' && text[i + 6] == '_'
                && ushort.TryParse(text.Slice(i + 2, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code))
            {
                text[length++] = (char)code;
                i += 6;
            }
            else
            {
                text[length++] = text[i];
            }
        }

        return text[..length];
    }
}
