using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace OfficeCoordinator.Api.Tests.Plans;

// Files an attacker or an accident would upload in place of a plan, each built from a real export.
public static class HostileWorkbooks
{
    public const long BombSize = 2L * 1024 * 1024 * 1024;
    private const string BombPart = "xl/worksheets/sheet2.xml";

    // A workbook whose Plan sheet inflates to 2 GB of blanks: valid-looking XML that never ends. Written to a
    // temporary file from a 1 MB buffer (2 MB zipped), so building it takes little memory; with lyingSizes the zip's headers
    // claim the part is 1 KB, so that only counting while inflating can catch it.
    public static string ZipBomb(byte[] workbook, bool lyingSizes)
    {
        var path = Path.Combine(Path.GetTempPath(), $"oc-bomb-{Guid.NewGuid():N}.xlsx");
        using (var file = File.Create(path))
        using (var bomb = new ZipArchive(file, ZipArchiveMode.Create))
        using (var source = new ZipArchive(new MemoryStream(workbook)))
        {
            foreach (var entry in source.Entries)
            {
                using var to = bomb.CreateEntry(entry.FullName, CompressionLevel.SmallestSize).Open();
                if (entry.FullName != BombPart)
                {
                    using var from = entry.Open();
                    from.CopyTo(to);
                    continue;
                }

                to.Write("""<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"""u8);
                var blanks = new byte[1024 * 1024];
                Array.Fill(blanks, (byte)' ');
                for (long written = 0; written < BombSize; written += blanks.Length)
                {
                    to.Write(blanks);
                }

                to.Write("</sheetData></worksheet>"u8);
            }
        }

        if (lyingSizes)
        {
            ClaimSize(path, BombPart, 1024);
        }

        return path;
    }

    // The workbook cut off halfway, as an interrupted upload leaves it.
    public static byte[] Truncated(byte[] workbook) => workbook[..(workbook.Length / 2)];

    public static byte[] RandomBytes(int length) => [.. Enumerable.Range(0, length).Select(i => (byte)(i * 7919 % 251))];

    // An OLE compound file as Office writes an encrypted workbook: the header, then a directory naming its streams.
    public static byte[] Encrypted() => CompoundFile("EncryptionInfo", "EncryptedPackage");

    // The same container with a worksheet stream: an Excel 97-2003 (.xls) workbook.
    public static byte[] LegacyWorkbook() => CompoundFile("Workbook", "\u0005SummaryInformation");

    // The workbook saved as macro-enabled: a VBA project part and the macro-enabled content type.
    public static byte[] WithMacros(byte[] workbook) => Rewrite(workbook, (name, content) => name switch
    {
        "[Content_Types].xml" => Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(content)
            .Replace("spreadsheetml.sheet.main+xml", "sheet.macroEnabled.main+xml", StringComparison.Ordinal)
            .Replace("<Default Extension=\"xml\"", "<Default Extension=\"bin\" ContentType=\"application/vnd.ms-office.vbaProject\"/><Default Extension=\"xml\"", StringComparison.Ordinal)),
        _ => content,
    }, ("xl/vbaProject.bin", RandomBytes(4096)));

    // Only the VBA project, content types untouched (a renamed .xlsm).
    // A link to another workbook and a data connection to a web query, as Excel saves them (never to be followed).
    public static byte[] WithExternalLinksAndConnections(byte[] workbook) => Rewrite(workbook, (_, content) => content,
        ("xl/externalLinks/externalLink1.xml", Encoding.UTF8.GetBytes(
            "<externalLink xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><externalBook r:id=\"rId1\" " +
            "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"/></externalLink>")),
        ("xl/externalLinks/_rels/externalLink1.xml.rels", Encoding.UTF8.GetBytes(
            "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" " +
            "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/externalLinkPath\" Target=\"file:///\\\\evil\\share\\budget.xlsx\" TargetMode=\"External\"/></Relationships>")),
        ("xl/connections.xml", Encoding.UTF8.GetBytes(
            "<connections xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><connection id=\"1\" name=\"q\" type=\"4\" refreshOnLoad=\"1\">" +
            "<webPr url=\"https://evil.example/data\"/></connection></connections>")));

    public static byte[] WithHiddenMacros(byte[] workbook) => Rewrite(workbook, (_, content) => content, ("xl/vbaProject.bin", RandomBytes(4096)));

    public static byte[] WithDtd(byte[] workbook) => Rewrite(workbook, (name, content) => name == "xl/workbook.xml"
        ? Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(content).Replace("?>", "?><!DOCTYPE lol [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;&lol;\">]>", StringComparison.Ordinal))
        : content);

    public static byte[] WithManyParts(byte[] workbook, int parts) =>
        Rewrite(workbook, (_, content) => content, [.. Enumerable.Range(0, parts).Select(i => ($"customXml/item{i}.xml", "<a/>"u8.ToArray()))]);

    // A Word document: a valid package, but not a workbook.
    public static byte[] WordDocument()
    {
        using var memory = new MemoryStream();
        using (var zip = new ZipArchive(memory, ZipArchiveMode.Create, leaveOpen: true))
        {
            Add(zip, "[Content_Types].xml", """<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>""");
            Add(zip, "_rels/.rels", """<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="r1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>""");
            Add(zip, "word/document.xml", """<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body/></w:document>""");
        }

        return memory.ToArray();
    }

    // The workbook with its Plan table renamed, as if someone converted it back to a plain range.
    public static byte[] WithoutPlanTable(byte[] workbook) => Rewrite(workbook, (name, content) => name.StartsWith("xl/tables/", StringComparison.Ordinal)
        ? Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(content).Replace("\"Plan\"", "\"Tasks\"", StringComparison.Ordinal))
        : content);

    public static byte[] Rewrite(byte[] workbook, Func<string, byte[], byte[]> change, params (string Name, byte[] Content)[] added)
    {
        using var memory = new MemoryStream();
        using (var target = new ZipArchive(memory, ZipArchiveMode.Create, leaveOpen: true))
        using (var source = new ZipArchive(new MemoryStream(workbook)))
        {
            foreach (var entry in source.Entries)
            {
                using var from = entry.Open();
                using var content = new MemoryStream();
                from.CopyTo(content);
                Add(target, entry.FullName, change(entry.FullName, content.ToArray()));
            }

            foreach (var (name, content) in added)
            {
                Add(target, name, content);
            }
        }

        return memory.ToArray();
    }

    private static void Add(ZipArchive zip, string name, string content) => Add(zip, name, Encoding.UTF8.GetBytes(content));

    private static void Add(ZipArchive zip, string name, byte[] content)
    {
        using var stream = zip.CreateEntry(name).Open();
        stream.Write(content);
    }

    private static byte[] CompoundFile(params string[] streams)
    {
        var file = new byte[512 * 3];
        byte[] signature = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
        signature.CopyTo(file, 0);
        BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(0x1A), 3); // major version 3: 512-byte sectors
        BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(0x1C), 0xFFFE);
        BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(0x1E), 9);
        // The directory sector: 128-byte entries, names in UTF-16 with their byte length.
        var names = streams.Prepend("Root Entry").ToArray();
        for (var i = 0; i < names.Length; i++)
        {
            var entry = file.AsSpan(512 + i * 128, 128);
            var name = Encoding.Unicode.GetBytes(names[i] + "\0");
            name.CopyTo(entry);
            BinaryPrimitives.WriteUInt16LittleEndian(entry[0x40..], (ushort)name.Length);
            entry[0x42] = (byte)(i == 0 ? 5 : 2);
        }

        return file;
    }

    // Overwrites the uncompressed size of a part in its local header and in the central directory.
    private static void ClaimSize(string path, string part, uint size)
    {
        var bytes = File.ReadAllBytes(path);
        var name = Encoding.UTF8.GetBytes(part);
        for (var i = 0; i + 46 < bytes.Length; i++)
        {
            var local = bytes.AsSpan(i).StartsWith("PK\u0003\u0004"u8) && bytes.AsSpan(i + 30).StartsWith(name);
            var central = bytes.AsSpan(i).StartsWith("PK\u0001\u0002"u8) && bytes.AsSpan(i + 46).StartsWith(name);
            if (local)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(i + 22), size);
            }
            else if (central)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(i + 24), size);
            }
        }

        File.WriteAllBytes(path, bytes);
    }
}
