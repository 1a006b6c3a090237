using System.Buffers;
using System.Globalization;
using System.Text;

namespace OfficeCoordinator.Api.Plans;

// One part of the workbook written as UTF-8 into a pooled buffer that goes to the zip entry between rows:
// no DOM and no XmlWriter, so memory stays flat however many rows there are and a cell costs a few byte copies.
internal sealed class PlanExportXmlWriter : IDisposable
{
    public const string Declaration = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>""" + "\r\n";

    // Excel refuses longer cell text.
    public const int MaxCellText = 32_767;

    private const int InitialBuffer = 64 * 1024;
    private const int FlushThreshold = 48 * 1024;

    // What XML 1.0 or Excel's reading of it would change: markup, whitespace that parsers normalise, characters XML
    // cannot carry, and '_' (Excel reads _xHHHH_ as an escaped character).
    private static readonly SearchValues<char> Special = SearchValues.Create(
        "&<>\"_\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u0009\u000A\u000B\u000C\u000D\u000E\u000F" +
        "\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001A\u001B\u001C\u001D\u001E\u001F\uFFFE\uFFFF");

    private readonly PlanExportPackage _package;
    private readonly Stream _part;
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(InitialBuffer);
    private int _length;
    private int _row;
    private int _nextColumn;
    private bool _disposed;

    public PlanExportXmlWriter(PlanExportPackage package, Stream part)
    {
        _package = package;
        _part = part;
        Raw(Encoding.UTF8.GetBytes(Declaration));
    }

    public void Raw(ReadOnlySpan<byte> utf8)
    {
        utf8.CopyTo(Reserve(utf8.Length));
        _length += utf8.Length;
    }

    public void Integer(long value)
    {
        value.TryFormat(Reserve(20), out var written, default, CultureInfo.InvariantCulture);
        _length += written;
    }

    // Text as element content or an attribute value.
    public void Escaped(ReadOnlySpan<char> text)
    {
        while (!text.IsEmpty)
        {
            var special = text.IndexOfAny(Special);
            var plain = special < 0 ? text : text[..special];
            if (!plain.IsEmpty)
            {
                _length += Encoding.UTF8.GetBytes(plain, Reserve(Encoding.UTF8.GetMaxByteCount(plain.Length)));
            }

            if (special < 0)
            {
                return;
            }

            Raw(text[special] switch
            {
                '&' => "&amp;"u8,
                '<' => "&lt;"u8,
                '>' => "&gt;"u8,
                '"' => "&quot;"u8,
                '\t' => "&#9;"u8,
                '\n' => "&#10;"u8,
                '\r' => "&#13;"u8,
                '_' when LooksEscaped(text[special..]) => "_x005F_"u8,
                '_' => "_"u8,
                _ => [], // not representable in XML 1.0: dropped
            });
            text = text[(special + 1)..];
        }
    }

    public void StartRow(int row, double? height = null)
    {
        _row = row;
        _nextColumn = 0;
        Raw("<row r=\""u8);
        Integer(row);
        if (height is { } points)
        {
            Raw("\" ht=\""u8);
            Integer((long)points);
            Raw("\" customHeight=\"1"u8);
        }

        Raw("\">"u8);
    }

    public void EndRow() => Raw("</row>"u8);

    public void TextCell(int column, string text, int style)
    {
        if (text.Length == 0)
        {
            StyledCell(column, style);
            return;
        }

        if (text.Length > MaxCellText)
        {
            text = text[..MaxCellText];
        }

        StartCell(column, style);
        // Leading or trailing whitespace survives only with xml:space="preserve".
        Raw(char.IsWhiteSpace(text[0]) || char.IsWhiteSpace(text[^1]) ? " t=\"inlineStr\"><is><t xml:space=\"preserve\">"u8 : " t=\"inlineStr\"><is><t>"u8);
        Escaped(text);
        Raw("</t></is></c>"u8);
    }

    public void NumberCell(int column, double value, int style)
    {
        if (!double.IsFinite(value))
        {
            StyledCell(column, style);
            return;
        }

        StartCell(column, style);
        Raw("><v>"u8);
        value.TryFormat(Reserve(32), out var written, default, CultureInfo.InvariantCulture);
        _length += written;
        Raw("</v></c>"u8);
    }

    // 1 and 0: LibreOffice reads "true" as FALSE.
    public void BooleanCell(int column, bool value, int style)
    {
        StartCell(column, style);
        Raw(value ? " t=\"b\"><v>1</v></c>"u8 : " t=\"b\"><v>0</v></c>"u8);
    }

    // A cell with a style and no value (a Timeline fill).
    public void StyledCell(int column, int style)
    {
        StartCell(column, style);
        Raw("/>"u8);
    }

    // A1-style reference of a zero-based column and a one-based row.
    public void Reference(int column, int row)
    {
        ColumnName(column);
        Integer(row);
    }

    public void ColumnName(int column)
    {
        Span<byte> letters = stackalloc byte[3];
        var start = letters.Length;
        for (var index = column + 1; index > 0; index = (index - 1) / 26)
        {
            letters[--start] = (byte)('A' + (index - 1) % 26);
        }

        Raw(letters[start..]);
    }

    // Called between rows: once the buffer is mostly full, it goes through the zip entry to the destination.
    public ValueTask FlushIfFullAsync(CancellationToken cancellationToken) =>
        _length >= FlushThreshold ? FlushAsync(cancellationToken) : ValueTask.CompletedTask;

    public async Task CompleteAsync(CancellationToken cancellationToken)
    {
        _part.Write(_buffer, 0, _length);
        _length = 0;
        Dispose();
        await _package.SendAsync(cancellationToken);
    }

    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            _part.Dispose();
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
        }
    }

    private ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        _part.Write(_buffer, 0, _length);
        _length = 0;
        return _package.SendAsync(cancellationToken);
    }

    // The reference is written only after a skipped column; cells in sequence do not need one.
    private void StartCell(int column, int style)
    {
        Raw("<c"u8);
        if (column != _nextColumn)
        {
            Raw(" r=\""u8);
            Reference(column, _row);
            Raw("\""u8);
        }

        if (style != 0)
        {
            Raw(" s=\""u8);
            Integer(style);
            Raw("\""u8);
        }

        _nextColumn = column + 1;
    }

    // A row larger than the buffer (very long texts) grows it; it never forces a synchronous write.
    private Span<byte> Reserve(int bytes)
    {
        if (_length + bytes > _buffer.Length)
        {
            var larger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, _length + bytes));
            _buffer.AsSpan(0, _length).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = larger;
        }

        return _buffer.AsSpan(_length);
    }

    private static bool LooksEscaped(ReadOnlySpan<char> text) =>
        text.Length >= 7 && text[1] == 'x' && text[6] == '_' && char.IsAsciiHexDigit(text[2]) && char.IsAsciiHexDigit(text[3])
        && char.IsAsciiHexDigit(text[4]) && char.IsAsciiHexDigit(text[5]);
}
