using System.Buffers;
using System.Buffers.Binary;
using System.Collections;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Xml;

namespace OfficeCoordinator.Api.Plans;

// Reads the Plan table of an uploaded workbook, which nobody vouches for. One pass with ZipArchive and XmlReader over
// the few parts it needs: the upload is capped in size, the zip in parts and in what its parts declare, every part
// is counted while it inflates and stops at the cap (a zip bomb is refused after reading at most the cap, in well
// under a second), DTDs are refused, and files that are not workbooks, are damaged, encrypted or carry macros are
// refused with a PlanFileException that says so. Formula cells count by their cached value; dates are the numbers
// Excel stores; the table's columns are found by their header names, wherever they were moved.
public static class PlanWorkbookReader
{
    private const int CopyBuffer = 81_920;

    private static readonly byte[] CompoundFile = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    private static readonly byte[] EncryptedPackage = Encoding.Unicode.GetBytes("EncryptedPackage");

    public static async Task<PlanSheet> ReadAsync(Stream upload, PlanReadLimits limits, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(upload);
        ArgumentNullException.ThrowIfNull(limits);
        var (file, owned) = await SeekableAsync(upload, limits.MaxUploadBytes, cancellationToken);
        try
        {
            return Read(file, limits, cancellationToken);
        }
        finally
        {
            if (owned)
            {
                await file.DisposeAsync();
            }
        }
    }

    // A zip is read from its end, so it needs a seekable stream: the upload itself when it is one, else a
    // temporary file filled up to the cap.
    private static async Task<(Stream File, bool Owned)> SeekableAsync(Stream upload, long maxBytes, CancellationToken cancellationToken)
    {
        if (upload is { CanSeek: true, Position: 0 })
        {
            return upload.Length <= maxBytes ? (upload, false) : throw TooLarge(maxBytes);
        }

        var file = new FileStream(
            Path.Combine(Path.GetTempPath(), $"officecoordinator-upload-{Guid.NewGuid():N}.xlsx"), FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None,
            CopyBuffer, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        var buffer = ArrayPool<byte>.Shared.Rent(CopyBuffer);
        try
        {
            long total = 0;
            int read;
            while ((read = await upload.ReadAsync(buffer, cancellationToken)) > 0)
            {
                total += read;
                if (total > maxBytes)
                {
                    throw TooLarge(maxBytes);
                }

                await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            }

            file.Position = 0;
            return (file, true);
        }
        catch
        {
            await file.DisposeAsync();
            throw;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static PlanSheet Read(Stream file, PlanReadLimits limits, CancellationToken cancellationToken)
    {
        Recognize(file);
        CheckDeclaredEntries(file, limits.MaxParts);
        try
        {
            using var zip = new ZipArchive(file, ZipArchiveMode.Read, leaveOpen: true);
            var package = new UploadedPackage(zip, limits);
            return package.ReadPlan(cancellationToken);
        }
        catch (InvalidDataException damaged)
        {
            throw Damaged(damaged);
        }
        catch (EndOfStreamException damaged)
        {
            throw Damaged(damaged);
        }
    }

    // By the first bytes: a zip goes on; an OLE compound file is encrypted or an old .xls; anything else is refused.
    private static void Recognize(Stream file)
    {
        Span<byte> head = stackalloc byte[8];
        var read = file.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        file.Position = 0;
        if (read == 0)
        {
            throw new PlanFileException(StatusCodes.Status400BadRequest, "The file is empty; choose the plan workbook (.xlsx) and upload it again.");
        }

        if (head[..read].SequenceEqual(CompoundFile))
        {
            throw IsEncrypted(file)
                ? new PlanFileException(StatusCodes.Status422UnprocessableEntity,
                    "The workbook is encrypted (protected with a password); remove the password in Excel (File > Info > Protect Workbook) and upload it again.")
                : new PlanFileException(StatusCodes.Status415UnsupportedMediaType,
                    "The file is an old-format Excel workbook (.xls) or another Office document; save it as an Excel workbook (.xlsx) and upload that.");
        }

        if (read < 4 || head[0] != 'P' || head[1] != 'K' || !(head[2] is 3 or 5 && head[3] == head[2] + 1))
        {
            throw NotAWorkbook();
        }
    }

    // Encrypted Office files are compound files holding a stream named EncryptedPackage.
    private static bool IsEncrypted(Stream file)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(CopyBuffer + EncryptedPackage.Length);
        try
        {
            var carried = 0;
            int read;
            while ((read = file.Read(buffer, carried, CopyBuffer)) > 0)
            {
                var window = buffer.AsSpan(0, carried + read);
                if (window.IndexOf(EncryptedPackage) >= 0)
                {
                    return true;
                }

                carried = Math.Min(EncryptedPackage.Length - 1, window.Length);
                window[^carried..].CopyTo(buffer);
            }

            return false;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            file.Position = 0;
        }
    }

    // The entry count the zip's end record declares, read before ZipArchive builds an object per entry.
    private static void CheckDeclaredEntries(Stream file, int maxParts)
    {
        const int endRecord = 22;
        var tail = (int)Math.Min(file.Length, endRecord + ushort.MaxValue);
        var buffer = ArrayPool<byte>.Shared.Rent(tail);
        try
        {
            file.Position = file.Length - tail;
            file.ReadExactly(buffer, 0, tail);
            var span = buffer.AsSpan(0, tail);
            var end = span.LastIndexOf("PK\u0005\u0006"u8);
            if (end < 0 || end + endRecord > tail)
            {
                throw new PlanFileException(StatusCodes.Status400BadRequest,
                    "The workbook is incomplete or damaged (it may have been cut off while uploading); save it again and upload it again.");
            }

            long entries = BinaryPrimitives.ReadUInt16LittleEndian(span[(end + 10)..]);
            if (entries == ushort.MaxValue && end >= 20 && span.Slice(end - 20, 4).SequenceEqual("PK\u0006\u0007"u8))
            {
                // Zip64: the count is in the Zip64 end record that the locator points to.
                var zip64End = (long)BinaryPrimitives.ReadUInt64LittleEndian(span[(end - 12)..]);
                Span<byte> record = stackalloc byte[40];
                file.Position = zip64End;
                if (zip64End < 0 || zip64End > file.Length - record.Length || file.ReadAtLeast(record, record.Length, throwOnEndOfStream: false) < record.Length)
                {
                    throw Damaged(null);
                }

                entries = (long)BinaryPrimitives.ReadUInt64LittleEndian(record[32..]);
            }

            if (entries > maxParts)
            {
                throw TooManyParts(maxParts);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            file.Position = 0;
        }
    }

    private static PlanFileException TooLarge(long maxBytes) => new(StatusCodes.Status413PayloadTooLarge,
        $"The file is larger than the {Megabytes(maxBytes)} a plan workbook may have; remove other sheets or pictures and upload it again.");

    private static PlanFileException TooManyParts(int maxParts) => new(StatusCodes.Status413PayloadTooLarge,
        $"The workbook has more than {maxParts:N0} parts, more than a plan workbook needs; it is not read.");

    private static PlanFileException NotAWorkbook() => new(StatusCodes.Status415UnsupportedMediaType,
        "The file is not an Excel workbook (.xlsx); export the plan again or save the file as an Excel workbook.");

    private static PlanFileException Damaged(Exception? cause) => new(StatusCodes.Status400BadRequest,
        "The workbook is damaged or incomplete and cannot be read; save it again and upload it again.", cause);

    private static string Megabytes(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024.0):0.#} MB");

    // The package's parts as the reader needs them: found by name, relationships resolved, every byte inflated counted.
    private sealed class UploadedPackage
    {
        private readonly Dictionary<string, ZipArchiveEntry> _parts = new(StringComparer.OrdinalIgnoreCase);
        private readonly List<string> _warnings = [];
        private readonly PlanReadLimits _limits;
        private readonly XmlReaderSettings _settings;
        private readonly Names _names;
        private long _inflated;

        public UploadedPackage(ZipArchive zip, PlanReadLimits limits)
        {
            _limits = limits;
            var entries = zip.Entries;
            if (entries.Count > limits.MaxParts)
            {
                throw TooManyParts(limits.MaxParts);
            }

            long declared = 0;
            foreach (var entry in entries)
            {
                var name = entry.FullName.Replace('\\', '/').TrimStart('/');
                declared += entry.Length;
                if (name.Contains("vbaProject", StringComparison.OrdinalIgnoreCase) || name.StartsWith("xl/macrosheets/", StringComparison.OrdinalIgnoreCase))
                {
                    throw HasMacros();
                }

                _parts.TryAdd(name, entry);
            }

            if (declared > limits.MaxUncompressedBytes)
            {
                throw ExpandsTooFar();
            }

            // Links to other files and data connections are never opened or refreshed: only the cached values count.
            if (_parts.Keys.Any(name => name.StartsWith("xl/externalLinks/", StringComparison.OrdinalIgnoreCase)))
            {
                _warnings.Add("The workbook links to other files (external links); they were ignored and not followed, and the cells' saved values were imported.");
            }

            if (_parts.Keys.Any(name => name.Equals("xl/connections.xml", StringComparison.OrdinalIgnoreCase)
                || name.StartsWith("xl/queryTables/", StringComparison.OrdinalIgnoreCase)))
            {
                _warnings.Add("The workbook has data connections or queries; they were ignored and not refreshed, and the cells' saved values were imported.");
            }

            var table = new NameTable();
            _names = new Names(table);
            _settings = new XmlReaderSettings
            {
                DtdProcessing = DtdProcessing.Prohibit,
                XmlResolver = null,
                NameTable = table,
                IgnoreComments = true,
                IgnoreProcessingInstructions = true,
                IgnoreWhitespace = true,
                CloseInput = true,
            };
        }

        public PlanSheet ReadPlan(CancellationToken cancellationToken)
        {
            var workbook = Relationships("").FirstOrDefault(r => r.Is("officeDocument"))?.Target;
            if (workbook is null || !_parts.ContainsKey(workbook))
            {
                throw NotAWorkbook();
            }

            CheckContentType(workbook);
            var (projectId, planVersion) = ReadProperties();
            var workbookParts = Relationships(workbook);
            var (sheet, table) = FindPlanTable(workbook, workbookParts);
            var shared = workbookParts.FirstOrDefault(r => r.Is("sharedStrings"))?.Target is { } sharedPath ? ReadSharedStrings(sharedPath) : [];
            return ReadRows(sheet, table, shared, projectId, planVersion, cancellationToken);
        }

        // The workbook must be an .xlsx (or .xltx): a binary or macro-enabled main part is refused by its content type,
        // which is its Override or else the Default for its extension.
        private void CheckContentType(string workbook)
        {
            string? overridden = null, byExtension = null;
            var extension = Path.GetExtension(workbook).TrimStart('.');
            var macros = false;
            Parse("[Content_Types].xml", required: true, xml =>
            {
                while (xml.Read())
                {
                    if (xml.NodeType != XmlNodeType.Element)
                    {
                        continue;
                    }

                    var type = xml.GetAttribute("ContentType") ?? "";
                    macros |= (type.Contains("macroEnabled", StringComparison.OrdinalIgnoreCase) && !type.Contains(".binary.", StringComparison.OrdinalIgnoreCase))
                        || type.Contains("vbaProject", StringComparison.OrdinalIgnoreCase) || type.Contains("macrosheet", StringComparison.OrdinalIgnoreCase);
                    if (Is(xml.LocalName, _names.Override) && string.Equals(xml.GetAttribute("PartName")?.TrimStart('/'), workbook, StringComparison.OrdinalIgnoreCase))
                    {
                        overridden = type;
                    }
                    else if (Is(xml.LocalName, _names.Default) && string.Equals(xml.GetAttribute("Extension"), extension, StringComparison.OrdinalIgnoreCase))
                    {
                        byExtension = type;
                    }
                }
            });

            var mainType = overridden ?? byExtension;
            if (mainType?.Contains(".binary.", StringComparison.OrdinalIgnoreCase) == true)
            {
                throw new PlanFileException(StatusCodes.Status415UnsupportedMediaType,
                    "The file is a binary Excel workbook (.xlsb); save it as an Excel workbook (.xlsx) and upload that.");
            }

            if (macros)
            {
                throw HasMacros();
            }

            if (mainType is null || !(mainType.EndsWith(".sheet.main+xml", StringComparison.OrdinalIgnoreCase) || mainType.EndsWith(".template.main+xml", StringComparison.OrdinalIgnoreCase)))
            {
                throw NotAWorkbook();
            }
        }

        private (string? ProjectId, long? PlanVersion) ReadProperties()
        {
            var path = Relationships("").FirstOrDefault(r => r.Is("custom-properties"))?.Target;
            string? projectId = null;
            long? planVersion = null;
            if (path is null)
            {
                return (null, null);
            }

            Parse(path, required: false, xml =>
            {
                while (xml.Read())
                {
                    if (xml.NodeType != XmlNodeType.Element || !Is(xml.LocalName, _names.Property))
                    {
                        continue;
                    }

                    var name = xml.GetAttribute("name");
                    var value = FirstChildText(xml)?.Trim();
                    if (name == PlanWorkbookWriter.ProjectIdProperty)
                    {
                        projectId = string.IsNullOrEmpty(value) ? null : value;
                    }
                    else if (name == PlanWorkbookWriter.PlanVersionProperty && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var version)
                        && version == Math.Floor(version) && version is >= 0 and <= long.MaxValue)
                    {
                        planVersion = (long)version;
                    }
                }
            });
            return (projectId, planVersion);
        }

        // Every sheet's tables, in sheet order, until one is named Plan (Excel compares table names case-insensitively).
        private (string Sheet, TableRange Table) FindPlanTable(string workbook, List<Relationship> workbookParts)
        {
            var sheets = new List<string>();
            Parse(workbook, required: true, xml =>
            {
                while (xml.Read())
                {
                    if (xml.NodeType == XmlNodeType.Element && Is(xml.LocalName, _names.Sheet) && RelationshipId(xml) is { } id
                        && workbookParts.FirstOrDefault(r => r.Id == id)?.Target is { } target)
                    {
                        sheets.Add(target);
                    }
                }
            });

            foreach (var sheet in sheets)
            {
                foreach (var tablePart in Relationships(sheet).Where(r => r.Is("table")))
                {
                    if (ReadTable(tablePart.Target) is { } table)
                    {
                        return (sheet, table);
                    }
                }
            }

            throw new PlanFileException(StatusCodes.Status422UnprocessableEntity,
                "The workbook has no table named Plan; export the plan again, or keep the Plan table (Insert > Table, named Plan) when editing.");
        }

        private TableRange? ReadTable(string path)
        {
            TableRange? found = null;
            Parse(path, required: false, xml =>
            {
                if (xml.MoveToContent() != XmlNodeType.Element || !Is(xml.LocalName, _names.Table)
                    || !(string.Equals(xml.GetAttribute("displayName"), "Plan", StringComparison.OrdinalIgnoreCase)
                        || string.Equals(xml.GetAttribute("name"), "Plan", StringComparison.OrdinalIgnoreCase)))
                {
                    return;
                }

                if (!CellRange.TryParse(xml.GetAttribute("ref"), out var range))
                {
                    throw Damaged(null);
                }

                var headerRows = int.TryParse(xml.GetAttribute("headerRowCount"), CultureInfo.InvariantCulture, out var header) ? header : 1;
                var totalRows = int.TryParse(xml.GetAttribute("totalsRowCount"), CultureInfo.InvariantCulture, out var totals) ? totals : 0;
                if (headerRows != 1)
                {
                    throw new PlanFileException(StatusCodes.Status422UnprocessableEntity,
                        "The Plan table has no header row; turn the header row back on (Table Design > Header Row) and upload it again.");
                }

                var columns = new List<string>();
                while (xml.Read())
                {
                    if (xml.NodeType == XmlNodeType.Element && Is(xml.LocalName, _names.TableColumn))
                    {
                        columns.Add(xml.GetAttribute("name") ?? "");
                    }
                }

                found = new TableRange(range with { LastRow = range.LastRow - Math.Max(0, totalRows) }, columns);
            });
            return found;
        }

        private List<string> ReadSharedStrings(string path)
        {
            var strings = new List<string>();
            Parse(path, required: false, xml =>
            {
                while (xml.Read())
                {
                    if (xml.NodeType == XmlNodeType.Element && Is(xml.LocalName, _names.StringItem))
                    {
                        strings.Add(Unescape(ReadRichText(xml)));
                    }
                }
            });
            return strings;
        }

        private PlanSheet ReadRows(string sheet, TableRange table, List<string> shared, string? projectId, long? planVersion, CancellationToken cancellationToken)
        {
            var range = table.Range;
            var width = range.LastColumn - range.FirstColumn + 1;
            var headerCells = new PlanCell[width];
            var rowCells = new PlanCell[width];
            Columns? columns = null;
            var rows = new List<PlanRowInput>(Math.Clamp(range.LastRow - range.FirstRow, 0, _limits.MaxRows));
            Parse(sheet, required: true, xml =>
            {
                var rowNumber = 0;
                while (xml.Read())
                {
                    if (xml.NodeType != XmlNodeType.Element || !Is(xml.LocalName, _names.Row))
                    {
                        continue;
                    }

                    rowNumber = int.TryParse(xml.GetAttribute("r"), NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number : rowNumber + 1;
                    if (rowNumber > range.LastRow)
                    {
                        break;
                    }

                    if (rowNumber < range.FirstRow)
                    {
                        MoveToEndOf(xml);
                        continue;
                    }

                    if (rowNumber == range.FirstRow)
                    {
                        ReadCells(xml, range, shared, headerCells);
                        columns = new Columns(headerCells, table.Names);
                        continue;
                    }

                    // A header row without cells: the table's own column names stand in.
                    columns ??= new Columns(headerCells, table.Names);
                    Array.Clear(rowCells);
                    ReadCells(xml, range, shared, rowCells);
                    if (columns.IsBlank(rowCells))
                    {
                        continue; // a blank line in the table
                    }

                    if (rows.Count == _limits.MaxRows)
                    {
                        throw new PlanFileException(StatusCodes.Status413PayloadTooLarge,
                            $"The Plan table has more than {_limits.MaxRows:N0} rows, more than one import takes; split the plan and import it in parts.");
                    }

                    rows.Add(new PlanRowInput(rowNumber, new RowCells(columns, rowCells)));
                    if (rows.Count % 1_000 == 0)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                    }
                }
            });

            columns ??= new Columns(headerCells, table.Names);
            return new PlanSheet(projectId, planVersion, columns.Headers, rows, _warnings);
        }

        // The cells of the row the reader is on that fall inside the table, by column offset; leaves it on the row's end.
        // Attributes and <v> values are read as characters into one buffer (ReadValueChunk), so that numbers, dates
        // and cell references make no strings: only text that a row keeps does.
        private void ReadCells(XmlReader xml, CellRange range, List<string> shared, PlanCell[] cells)
        {
            if (xml.IsEmptyElement)
            {
                return;
            }

            var depth = xml.Depth;
            var column = -1;
            while (xml.Read() && !(xml.NodeType == XmlNodeType.EndElement && xml.Depth == depth))
            {
                if (xml.NodeType != XmlNodeType.Element || !Is(xml.LocalName, _names.Cell))
                {
                    continue;
                }

                int? referenced = null;
                var type = CellType.Number;
                while (xml.MoveToNextAttribute())
                {
                    if (Is(xml.LocalName, _names.Reference))
                    {
                        referenced = CellRange.TryParseColumn(ChunkedValue(xml, 0), out var parsed) ? parsed : null;
                    }
                    else if (Is(xml.LocalName, _names.Text))
                    {
                        type = TypeOf(ChunkedValue(xml, 0));
                    }
                }

                xml.MoveToElement();
                column = referenced ?? column + 1;
                var inline = ReadCellContent(xml, out var valueLength);
                if (column >= range.FirstColumn && column <= range.LastColumn)
                {
                    cells[column - range.FirstColumn] = ValueOf(type, _buffer.AsSpan(0, Math.Max(0, valueLength)), valueLength >= 0, inline, shared);
                }
            }
        }

        // A cell's <v> (into the buffer; its length out, -1 without one) and <is> (returned); a formula (<f>) is
        // skipped, so its cached value is what counts.
        private string? ReadCellContent(XmlReader xml, out int valueLength)
        {
            valueLength = -1;
            if (xml.IsEmptyElement)
            {
                return null;
            }

            var depth = xml.Depth;
            string? inline = null;
            while (xml.Read() && !(xml.NodeType == XmlNodeType.EndElement && xml.Depth == depth))
            {
                if (xml.NodeType != XmlNodeType.Element)
                {
                    continue;
                }

                if (Is(xml.LocalName, _names.Value))
                {
                    valueLength = ReadValueIntoBuffer(xml);
                }
                else if (Is(xml.LocalName, _names.InlineString))
                {
                    inline = ReadRichText(xml);
                }
                else
                {
                    MoveToEndOf(xml);
                }
            }

            return inline;
        }

        // The text content of the element the reader is on, into the buffer; returns its length and leaves the
        // reader on the element's end.
        private int ReadValueIntoBuffer(XmlReader xml)
        {
            if (xml.IsEmptyElement)
            {
                return 0;
            }

            var depth = xml.Depth;
            var length = 0;
            while (xml.Read() && !(xml.NodeType == XmlNodeType.EndElement && xml.Depth == depth))
            {
                if (xml.NodeType is XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.SignificantWhitespace or XmlNodeType.Whitespace)
                {
                    length = ChunkedValue(xml, length).Length;
                }
                else if (xml.NodeType == XmlNodeType.Element)
                {
                    MoveToEndOf(xml);
                }
            }

            return length;
        }

        // The value of the attribute or text node the reader is on, appended to the buffer after `start` characters;
        // returns the buffer's filled part. The buffer grows as needed (the inflated-size cap bounds it).
        private ReadOnlySpan<char> ChunkedValue(XmlReader xml, int start)
        {
            var length = start;
            while (true)
            {
                if (length == _buffer.Length)
                {
                    Array.Resize(ref _buffer, _buffer.Length * 2);
                }

                var read = xml.ReadValueChunk(_buffer, length, _buffer.Length - length);
                if (read == 0)
                {
                    return _buffer.AsSpan(0, length);
                }

                length += read;
            }
        }

        private char[] _buffer = new char[256];

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

        private static PlanCell ValueOf(CellType type, ReadOnlySpan<char> value, bool hasValue, string? inline, List<string> shared) => type switch
        {
            CellType.SharedString => int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < shared.Count
                ? PlanCell.Of(shared[index])
                : throw Damaged(null),
            CellType.InlineString => PlanCell.Of(inline is null ? null : Unescape(inline)),
            CellType.FormulaString or CellType.Error => PlanCell.Of(hasValue ? new string(value) : null),
            CellType.Boolean => value.Trim() switch
            {
                "1" or "true" => PlanCell.Of(true),
                "0" or "false" => PlanCell.Of(false),
                var other => PlanCell.Of(hasValue ? new string(other) : null),
            },
            CellType.Date => DateTime.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var instant)
                ? PlanCell.Of(DateOnly.FromDateTime(instant))
                : PlanCell.Of(hasValue ? new string(value) : null),
            _ => value.IsWhiteSpace() ? PlanCell.Empty
                : double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) ? PlanCell.Of(number)
                : PlanCell.Of(new string(value)),
        };

        // The text of an <si> or <is>: its <t>, or its runs' <t>s, without phonetic guides; leaves the reader on its end.
        private string ReadRichText(XmlReader xml)
        {
            if (xml.IsEmptyElement)
            {
                return "";
            }

            var depth = xml.Depth;
            string? single = null;
            StringBuilder? runs = null;
            while (xml.Read() && !(xml.NodeType == XmlNodeType.EndElement && xml.Depth == depth))
            {
                if (xml.NodeType != XmlNodeType.Element)
                {
                    continue;
                }

                if (Is(xml.LocalName, _names.Text))
                {
                    var text = ReadString(xml);
                    if (single is null)
                    {
                        single = text;
                    }
                    else
                    {
                        (runs ??= new StringBuilder(single)).Append(text);
                    }
                }
                else if (Is(xml.LocalName, _names.Phonetic))
                {
                    MoveToEndOf(xml);
                }
            }

            return runs?.ToString() ?? single ?? "";
        }

        // The text content of the element the reader is on; leaves it on the element's end.
        private static string ReadString(XmlReader xml)
        {
            if (xml.IsEmptyElement)
            {
                return "";
            }

            var depth = xml.Depth;
            string? single = null;
            StringBuilder? more = null;
            while (xml.Read() && !(xml.NodeType == XmlNodeType.EndElement && xml.Depth == depth))
            {
                if (xml.NodeType is XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.SignificantWhitespace or XmlNodeType.Whitespace)
                {
                    if (single is null)
                    {
                        single = xml.Value;
                    }
                    else
                    {
                        (more ??= new StringBuilder(single)).Append(xml.Value);
                    }
                }
                else if (xml.NodeType == XmlNodeType.Element)
                {
                    MoveToEndOf(xml);
                }
            }

            return more?.ToString() ?? single ?? "";
        }

        private static string? FirstChildText(XmlReader xml)
        {
            if (xml.IsEmptyElement)
            {
                return null;
            }

            var depth = xml.Depth;
            string? text = null;
            while (xml.Read() && !(xml.NodeType == XmlNodeType.EndElement && xml.Depth == depth))
            {
                if (xml.NodeType == XmlNodeType.Element)
                {
                    text ??= ReadString(xml);
                }
            }

            return text;
        }

        private static void MoveToEndOf(XmlReader xml)
        {
            if (xml.IsEmptyElement)
            {
                return;
            }

            var depth = xml.Depth;
            while (xml.Read() && !(xml.NodeType == XmlNodeType.EndElement && xml.Depth == depth))
            {
            }
        }

        // The relationships of a part ("" for the package), with targets resolved to part names.
        private List<Relationship> Relationships(string part)
        {
            var folder = part.Contains('/', StringComparison.Ordinal) ? part[..(part.LastIndexOf('/') + 1)] : "";
            var path = $"{folder}_rels/{part[folder.Length..]}.rels";
            var relationships = new List<Relationship>();
            Parse(path, required: false, xml =>
            {
                while (xml.Read())
                {
                    if (xml.NodeType == XmlNodeType.Element && Is(xml.LocalName, _names.Relationship)
                        && xml.GetAttribute("TargetMode") != "External"
                        && xml.GetAttribute("Id") is { } id && xml.GetAttribute("Type") is { } type && xml.GetAttribute("Target") is { } target)
                    {
                        relationships.Add(new Relationship(id, type, Resolve(folder, target)));
                    }
                }
            });
            return relationships;
        }

        private static string Resolve(string folder, string target)
        {
            var path = Uri.UnescapeDataString(target.Replace('\\', '/'));
            var segments = new List<string>((path.StartsWith('/') ? path : folder + path).Split('/', StringSplitOptions.RemoveEmptyEntries));
            for (var i = 0; i < segments.Count; i++)
            {
                if (segments[i] == ".")
                {
                    segments.RemoveAt(i--);
                }
                else if (segments[i] == "..")
                {
                    segments.RemoveAt(i--);
                    if (i >= 0)
                    {
                        segments.RemoveAt(i--);
                    }
                }
            }

            return string.Join('/', segments);
        }

        private static string? RelationshipId(XmlReader xml)
        {
            if (!xml.MoveToFirstAttribute())
            {
                return null;
            }

            do
            {
                if (xml.LocalName == "id" && xml.NamespaceURI.EndsWith("/relationships", StringComparison.Ordinal))
                {
                    var id = xml.Value;
                    xml.MoveToElement();
                    return id;
                }
            }
            while (xml.MoveToNextAttribute());

            xml.MoveToElement();
            return null;
        }

        // Reads one part with the shared settings; a missing required part means the file is not a workbook.
        private void Parse(string path, bool required, Action<XmlReader> read)
        {
            if (!_parts.TryGetValue(path, out var entry))
            {
                if (required)
                {
                    throw NotAWorkbook();
                }

                return;
            }

            try
            {
                using var xml = XmlReader.Create(new CountingStream(entry.Open(), this, entry.Length), _settings);
                read(xml);
            }
            catch (XmlException malformed)
            {
                throw new PlanFileException(StatusCodes.Status400BadRequest, malformed.Message.Contains("DTD", StringComparison.Ordinal)
                    ? $"The workbook's part {path} contains a DTD, which an uploaded workbook may not have."
                    : $"The workbook is damaged: its part {path} is not well-formed XML (line {malformed.LineNumber}).", malformed);
            }
        }

        private void Count(long bytes)
        {
            _inflated += bytes;
            if (_inflated > _limits.MaxUncompressedBytes)
            {
                throw ExpandsTooFar();
            }
        }

        private PlanFileException ExpandsTooFar() => new(StatusCodes.Status413PayloadTooLarge,
            $"The workbook expands to more than {Megabytes(_limits.MaxUncompressedBytes)} when unzipped, more than a plan workbook needs; it is not read.");

        private static PlanFileException HasMacros() => new(StatusCodes.Status422UnprocessableEntity,
            "The workbook contains macros, which are not accepted; save it as an Excel workbook (.xlsx) without macros and upload that.");

        private static bool Is(string name, string atom) => ReferenceEquals(name, atom);

        // Counts what a part inflates to, against the package's total and against the size the part declared.
        private sealed class CountingStream(Stream inner, UploadedPackage package, long declared) : Stream
        {
            private long _read;

            public override bool CanRead => true;
            public override bool CanSeek => false;
            public override bool CanWrite => false;
            public override long Length => throw new NotSupportedException();
            public override long Position { get => _read; set => throw new NotSupportedException(); }

            public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

            public override int Read(Span<byte> buffer)
            {
                var read = inner.Read(buffer);
                _read += read;
                package.Count(read);
                return _read > declared ? throw Damaged(null) : read;
            }

            public override void Flush()
            {
            }

            public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

            public override void SetLength(long value) => throw new NotSupportedException();

            public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

            protected override void Dispose(bool disposing)
            {
                if (disposing)
                {
                    inner.Dispose();
                }

                base.Dispose(disposing);
            }
        }
    }

    // Excel writes characters XML cannot carry as _xHHHH_ (and a literal "_x" as _x005F_x).
    private static string Unescape(string text)
    {
        var start = text.IndexOf("_x", StringComparison.Ordinal);
        if (start < 0)
        {
            return text;
        }

        var result = new StringBuilder(text.Length);
        result.Append(text, 0, start);
        for (var i = start; i < text.Length; i++)
        {
            if (text[i] == '_' && i + 6 < text.Length && text[i + 1] == 'x' && text[i + 6] == '_'
                && ushort.TryParse(text.AsSpan(i + 2, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code))
            {
                result.Append((char)code);
                i += 6;
            }
            else
            {
                result.Append(text[i]);
            }
        }

        return result.ToString();
    }

    private sealed record Relationship(string Id, string Type, string Target)
    {
        // By the last segment, so that Strict Open XML's relationship types match too.
        public bool Is(string kind) => Type.EndsWith("/" + kind, StringComparison.OrdinalIgnoreCase);
    }

    private sealed record TableRange(CellRange Range, List<string> Names);

    // Zero-based columns, one-based rows.
    private readonly record struct CellRange(int FirstColumn, int FirstRow, int LastColumn, int LastRow)
    {
        public static bool TryParse(string? reference, out CellRange range)
        {
            range = default;
            var parts = reference?.Split(':');
            if (parts is not [var first, var last] || !TryParseCell(first, out var from) || !TryParseCell(last, out var to) || to.Column < from.Column || to.Row < from.Row)
            {
                return false;
            }

            range = new CellRange(from.Column, from.Row, to.Column, to.Row);
            return true;
        }

        public static bool TryParseColumn(string? reference, out int column) => TryParseColumn(reference.AsSpan(), out column);

        public static bool TryParseColumn(ReadOnlySpan<char> reference, out int column)
        {
            column = -1;
            if (reference.IsEmpty)
            {
                return false;
            }

            var index = 0;
            var letters = 0;
            foreach (var character in reference)
            {
                if (!char.IsAsciiLetter(character))
                {
                    break;
                }

                index = index * 26 + (char.ToUpperInvariant(character) - 'A' + 1);
                if (++letters > 3)
                {
                    return false;
                }
            }

            column = index - 1;
            return letters > 0;
        }

        private static bool TryParseCell(string reference, out (int Column, int Row) cell)
        {
            cell = default;
            reference = reference.Replace("$", "", StringComparison.Ordinal);
            if (!TryParseColumn(reference, out var column))
            {
                return false;
            }

            var digits = reference.AsSpan(reference.TakeWhile(char.IsAsciiLetter).Count());
            if (!int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var row) || row < 1)
            {
                return false;
            }

            cell = (column, row);
            return true;
        }
    }

    // The table's columns by header: the header cell's text (or, when a program left it empty, the table's own name
    // for the column), matched to the Plan columns case-insensitively; other columns are ignored.
    private sealed class Columns
    {
        // Columns whose few distinct values repeat on every row: one string per value is kept, not one per row.
        private static readonly HashSet<string> Repeating = new(StringComparer.OrdinalIgnoreCase) { PlanColumns.Phase, PlanColumns.Owner, PlanColumns.Status, PlanColumns.Priority };
        private const int MaxPooled = 10_000;

        // Rows' cells are kept in shared chunks of this many rows: a few large arrays, which the garbage collector
        // does not copy, rather than an array per row that it would copy twice.
        private const int RowsPerChunk = 2_048;

        private readonly Dictionary<string, int> _slots = new(StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<string, string> _pool = new(StringComparer.Ordinal);
        private readonly (int Column, bool Pooled)[] _present;
        private PlanCell[] _chunk = [];
        private int _used;

        public Columns(PlanCell[] headerCells, List<string> tableNames)
        {
            var headers = new List<string>(headerCells.Length);
            var present = new List<(int, bool)>();
            var names = new List<string>();
            for (var i = 0; i < headerCells.Length; i++)
            {
                var header = headerCells[i] switch
                {
                    { Kind: PlanCellKind.Text, Text: { } text } when !string.IsNullOrWhiteSpace(text) => text.Trim(),
                    { Kind: PlanCellKind.Number or PlanCellKind.Date } number => number.Number.ToString(CultureInfo.InvariantCulture),
                    _ => i < tableNames.Count ? tableNames[i].Trim() : "",
                };
                headers.Add(header);
                var known = PlanColumns.All.FirstOrDefault(column => string.Equals(column, header, StringComparison.OrdinalIgnoreCase));
                if (known is not null && _slots.TryAdd(known, names.Count))
                {
                    present.Add((i, Repeating.Contains(known)));
                    names.Add(known);
                }
            }

            Headers = headers;
            Names = [.. names];
            _present = [.. present];
        }

        public IReadOnlyList<string> Headers { get; }
        public string[] Names { get; }

        public int Find(string name) => _slots.TryGetValue(name, out var slot) ? slot : -1;

        public bool IsBlank(PlanCell[] row)
        {
            foreach (var (column, _) in _present)
            {
                if (!row[column].IsEmpty)
                {
                    return false;
                }
            }

            return true;
        }

        // The Plan columns' cells of a row read by column offset, copied to where the row will keep them.
        public ReadOnlyMemory<PlanCell> Take(PlanCell[] row)
        {
            if (_used + _present.Length > _chunk.Length)
            {
                _chunk = new PlanCell[RowsPerChunk * _present.Length];
                _used = 0;
            }

            var cells = _chunk.AsMemory(_used, _present.Length);
            for (var slot = 0; slot < _present.Length; slot++)
            {
                var (column, pooled) = _present[slot];
                var cell = row[column];
                cells.Span[slot] = pooled && cell is { Kind: PlanCellKind.Text, Text: { } text } ? cell with { Text = Pool(text) } : cell;
            }

            _used += _present.Length;
            return cells;
        }

        private string Pool(string text)
        {
            if (_pool.TryGetValue(text, out var pooled))
            {
                return pooled;
            }

            if (_pool.Count < MaxPooled)
            {
                _pool.Add(text, text);
            }

            return text;
        }
    }

    // One row's cells by column name, for the Plan columns the table has: a cell the row leaves out is empty.
    private sealed class RowCells(Columns columns, PlanCell[] row) : IReadOnlyDictionary<string, PlanCell>
    {
        private readonly ReadOnlyMemory<PlanCell> _cells = columns.Take(row);

        public int Count => _cells.Length;
        public IEnumerable<string> Keys => columns.Names;
        public IEnumerable<PlanCell> Values => _cells.ToArray();

        public PlanCell this[string key] => TryGetValue(key, out var cell) ? cell : throw new KeyNotFoundException($"The Plan table has no column {key}.");

        public bool ContainsKey(string key) => columns.Find(key) >= 0;

        public bool TryGetValue(string key, out PlanCell value)
        {
            var slot = columns.Find(key);
            value = slot >= 0 ? _cells.Span[slot] : default;
            return slot >= 0;
        }

        public IEnumerator<KeyValuePair<string, PlanCell>> GetEnumerator()
        {
            for (var i = 0; i < _cells.Length; i++)
            {
                yield return new(columns.Names[i], _cells.Span[i]);
            }
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }

    // Element names, atomized once so that the reader compares references.
    private sealed class Names(XmlNameTable table)
    {
        public string Row { get; } = table.Add("row");
        public string Cell { get; } = table.Add("c");
        public string Reference { get; } = table.Add("r");
        public string Value { get; } = table.Add("v");
        public string InlineString { get; } = table.Add("is");
        public string Text { get; } = table.Add("t");
        public string Phonetic { get; } = table.Add("rPh");
        public string StringItem { get; } = table.Add("si");
        public string Sheet { get; } = table.Add("sheet");
        public string Table { get; } = table.Add("table");
        public string TableColumn { get; } = table.Add("tableColumn");
        public string Relationship { get; } = table.Add("Relationship");
        public string Override { get; } = table.Add("Override");
        public string Default { get; } = table.Add("Default");
        public string Property { get; } = table.Add("property");
    }
}
