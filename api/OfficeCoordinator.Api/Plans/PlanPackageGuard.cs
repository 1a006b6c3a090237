using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Xml;

namespace OfficeCoordinator.Api.Plans;

// An uploaded workbook's package, which nobody vouches for, opened only within bounds: the upload is capped in
// size, the zip in parts and in what its parts declare, every part is counted while it inflates and stops at the cap
// (a zip bomb is refused after reading at most the cap, in well under a second), DTDs are refused and nothing is
// resolved, and files that are not workbooks, are damaged, encrypted or carry macros are refused with a
// PlanFileException that says so. Links to other files and data connections are never opened: they become warnings.
internal sealed class PlanPackageGuard
{
    private const int CopyBuffer = 81_920;

    private static readonly byte[] CompoundFile = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    private static readonly byte[] EncryptedPackage = Encoding.Unicode.GetBytes("EncryptedPackage");

    private readonly Dictionary<string, ZipArchiveEntry> _parts = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<string> _warnings = [];
    private readonly PlanReadLimits _limits;
    private readonly XmlReaderSettings _settings;
    private long _inflated;

    private PlanPackageGuard(ZipArchive zip, PlanReadLimits limits)
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
            throw ExpandsTooFar(limits.MaxUncompressedBytes);
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
        Names = new PlanXmlNames(table);
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

    // Element names atomized in the name table every part is read with, so that readers compare references.
    public PlanXmlNames Names { get; }

    public IReadOnlyList<string> Warnings => _warnings;

    // Opens the upload within the bounds and hands the package to `read`; a zip that turns out damaged while it is
    // read is refused as damaged, whichever part meets it.
    public static async Task<T> ReadAsync<T>(Stream upload, PlanReadLimits limits, Func<PlanPackageGuard, T> read, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(upload);
        ArgumentNullException.ThrowIfNull(limits);
        var (file, owned) = await SeekableAsync(upload, limits.MaxUploadBytes, cancellationToken);
        try
        {
            Recognize(file);
            CheckDeclaredEntries(file, limits.MaxParts);
            try
            {
                using var zip = new ZipArchive(file, ZipArchiveMode.Read, leaveOpen: true);
                return read(new PlanPackageGuard(zip, limits));
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
        finally
        {
            if (owned)
            {
                await file.DisposeAsync();
            }
        }
    }

    public bool Contains(string part) => _parts.ContainsKey(part);

    // The workbook must be an .xlsx (or .xltx): a binary or macro-enabled main part is refused by its content type,
    // which is its Override or else the Default for its extension.
    public void CheckContentType(string workbook)
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
                if (PlanXml.Is(xml.LocalName, Names.Override) && string.Equals(xml.GetAttribute("PartName")?.TrimStart('/'), workbook, StringComparison.OrdinalIgnoreCase))
                {
                    overridden = type;
                }
                else if (PlanXml.Is(xml.LocalName, Names.Default) && string.Equals(xml.GetAttribute("Extension"), extension, StringComparison.OrdinalIgnoreCase))
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

    // Reads one part with the safe settings, counting what it inflates to; a missing required part means the file is
    // not a workbook.
    public void Parse(string path, bool required, Action<XmlReader> read)
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
            // XmlReader asks for a few kilobytes at a time; inflating in larger pieces costs fewer calls into zlib.
            var inflated = new BufferedStream(new CountingStream(entry.Open(), this, entry.Length), (int)Math.Clamp(entry.Length, 4096, 65536));
            using var xml = XmlReader.Create(inflated, _settings);
            read(xml);
        }
        catch (XmlException malformed)
        {
            throw new PlanFileException(StatusCodes.Status400BadRequest, malformed.Message.Contains("DTD", StringComparison.Ordinal)
                ? $"The workbook's part {path} contains a DTD, which an uploaded workbook may not have."
                : $"The workbook is damaged: its part {path} is not well-formed XML (line {malformed.LineNumber}).", malformed);
        }
    }

    public static PlanFileException NotAWorkbook() => new(StatusCodes.Status415UnsupportedMediaType,
        "The file is not an Excel workbook (.xlsx); export the plan again or save the file as an Excel workbook.");

    public static PlanFileException Damaged(Exception? cause) => new(StatusCodes.Status400BadRequest,
        "The workbook is damaged or incomplete and cannot be read; save it again and upload it again.", cause);

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

    private void Count(long bytes)
    {
        _inflated += bytes;
        if (_inflated > _limits.MaxUncompressedBytes)
        {
            throw ExpandsTooFar(_limits.MaxUncompressedBytes);
        }
    }

    private static PlanFileException TooLarge(long maxBytes) => new(StatusCodes.Status413PayloadTooLarge,
        $"The file is larger than the {Megabytes(maxBytes)} a plan workbook may have; remove other sheets or pictures and upload it again.");

    private static PlanFileException TooManyParts(int maxParts) => new(StatusCodes.Status413PayloadTooLarge,
        $"The workbook has more than {maxParts:N0} parts, more than a plan workbook needs; it is not read.");

    private static PlanFileException ExpandsTooFar(long maxBytes) => new(StatusCodes.Status413PayloadTooLarge,
        $"The workbook expands to more than {Megabytes(maxBytes)} when unzipped, more than a plan workbook needs; it is not read.");

    private static PlanFileException HasMacros() => new(StatusCodes.Status422UnprocessableEntity,
        "The workbook contains macros, which are not accepted; save it as an Excel workbook (.xlsx) without macros and upload that.");

    private static string Megabytes(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024.0):0.#} MB");

    // Counts what a part inflates to, against the package's total and against the size the part declared.
    private sealed class CountingStream(Stream inner, PlanPackageGuard package, long declared) : Stream
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

// Element names, atomized once so that the reader compares references.
internal sealed class PlanXmlNames(XmlNameTable table)
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

// Small steps over the parts' XML that the table locator and the cell parser share.
internal static class PlanXml
{
    public static bool Is(string name, string atom) => ReferenceEquals(name, atom);

    // The text content of the element the reader is on; leaves it on the element's end.
    public static string ReadString(XmlReader xml)
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
            if (IsText(xml.NodeType))
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

    public static bool IsText(XmlNodeType type) =>
        type is XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.SignificantWhitespace or XmlNodeType.Whitespace;

    public static void MoveToEndOf(XmlReader xml)
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
}
