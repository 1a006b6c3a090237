using System.Globalization;
using System.Xml;

namespace OfficeCoordinator.Api.Plans;

// Finds the Plan table in a package the guard has let through: the main part by the package's relationships, the
// custom properties that say which project and plan version the file is, then every sheet's tables in sheet order
// until one is named Plan, with its range, its header row and its own column names.
internal static class PlanTableLocator
{
    public static PlanTableLocation Locate(PlanPackageGuard package)
    {
        var workbook = Relationships(package, "").FirstOrDefault(r => r.Is("officeDocument"))?.Target;
        if (workbook is null || !package.Contains(workbook))
        {
            throw PlanPackageGuard.NotAWorkbook();
        }

        package.CheckContentType(workbook);
        var (projectId, planVersion) = ReadProperties(package);
        var workbookParts = Relationships(package, workbook);
        var (sheet, range, columnNames) = FindPlanTable(package, workbook, workbookParts);
        var sharedStrings = workbookParts.FirstOrDefault(r => r.Is("sharedStrings"))?.Target;
        return new PlanTableLocation(sheet, range, columnNames, sharedStrings, projectId, planVersion);
    }

    private static (string? ProjectId, long? PlanVersion) ReadProperties(PlanPackageGuard package)
    {
        var path = Relationships(package, "").FirstOrDefault(r => r.Is("custom-properties"))?.Target;
        string? projectId = null;
        long? planVersion = null;
        if (path is null)
        {
            return (null, null);
        }

        package.Parse(path, required: false, xml =>
        {
            while (xml.Read())
            {
                if (xml.NodeType != XmlNodeType.Element || !PlanXml.Is(xml.LocalName, package.Names.Property))
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
    private static (string Sheet, CellRange Range, List<string> ColumnNames) FindPlanTable(PlanPackageGuard package, string workbook, List<Relationship> workbookParts)
    {
        var sheets = new List<string>();
        package.Parse(workbook, required: true, xml =>
        {
            while (xml.Read())
            {
                if (xml.NodeType == XmlNodeType.Element && PlanXml.Is(xml.LocalName, package.Names.Sheet) && RelationshipId(xml) is { } id
                    && workbookParts.FirstOrDefault(r => r.Id == id)?.Target is { } target)
                {
                    sheets.Add(target);
                }
            }
        });

        foreach (var sheet in sheets)
        {
            foreach (var tablePart in Relationships(package, sheet).Where(r => r.Is("table")))
            {
                if (ReadTable(package, tablePart.Target) is { } table)
                {
                    return (sheet, table.Range, table.ColumnNames);
                }
            }
        }

        throw new PlanFileException(StatusCodes.Status422UnprocessableEntity,
            "The workbook has no table named Plan; export the plan again, or keep the Plan table (Insert > Table, named Plan) when editing.");
    }

    private static (CellRange Range, List<string> ColumnNames)? ReadTable(PlanPackageGuard package, string path)
    {
        (CellRange, List<string>)? found = null;
        package.Parse(path, required: false, xml =>
        {
            if (xml.MoveToContent() != XmlNodeType.Element || !PlanXml.Is(xml.LocalName, package.Names.Table)
                || !(string.Equals(xml.GetAttribute("displayName"), "Plan", StringComparison.OrdinalIgnoreCase)
                    || string.Equals(xml.GetAttribute("name"), "Plan", StringComparison.OrdinalIgnoreCase)))
            {
                return;
            }

            if (!CellRange.TryParse(xml.GetAttribute("ref"), out var range))
            {
                throw PlanPackageGuard.Damaged(null);
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
                if (xml.NodeType == XmlNodeType.Element && PlanXml.Is(xml.LocalName, package.Names.TableColumn))
                {
                    columns.Add(xml.GetAttribute("name") ?? "");
                }
            }

            found = (range with { LastRow = range.LastRow - Math.Max(0, totalRows) }, columns);
        });
        return found;
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
                text ??= PlanXml.ReadString(xml);
            }
        }

        return text;
    }

    // The relationships of a part ("" for the package), with targets resolved to part names.
    private static List<Relationship> Relationships(PlanPackageGuard package, string part)
    {
        var folder = part.Contains('/', StringComparison.Ordinal) ? part[..(part.LastIndexOf('/') + 1)] : "";
        var path = $"{folder}_rels/{part[folder.Length..]}.rels";
        var relationships = new List<Relationship>();
        package.Parse(path, required: false, xml =>
        {
            while (xml.Read())
            {
                if (xml.NodeType == XmlNodeType.Element && PlanXml.Is(xml.LocalName, package.Names.Relationship)
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

    private sealed record Relationship(string Id, string Type, string Target)
    {
        // By the last segment, so that Strict Open XML's relationship types match too.
        public bool Is(string kind) => Type.EndsWith("/" + kind, StringComparison.OrdinalIgnoreCase);
    }
}

// Where the Plan table is: its sheet part, its range (the totals row left out), the table's own column names, the
// shared strings part, and what the file says about itself.
internal sealed record PlanTableLocation(string Sheet, CellRange Range, IReadOnlyList<string> ColumnNames, string? SharedStrings, string? ProjectId, long? PlanVersion);

// The table's columns by header: the header cell's text (or, when a program left it empty, the table's own name
// for the column), matched to the Plan columns case-insensitively; other columns are ignored. Each Plan column the
// table has gets a slot, in the table's order.
internal sealed class PlanTableColumns
{
    // Columns whose few distinct values repeat on every row: one string per value is kept, not one per row.
    private static readonly HashSet<string> Repeating = new(StringComparer.OrdinalIgnoreCase) { PlanColumns.Phase, PlanColumns.Owner, PlanColumns.Status, PlanColumns.Priority };

    private readonly Dictionary<string, int> _slots = new(StringComparer.OrdinalIgnoreCase);

    public PlanTableColumns(PlanCell[] headerCells, IReadOnlyList<string> tableNames)
    {
        var headers = new List<string>(headerCells.Length);
        var names = new List<string>();
        var repeating = new List<bool>();
        SlotOfColumn = new int[headerCells.Length];
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
                SlotOfColumn[i] = names.Count;
                names.Add(known);
                repeating.Add(Repeating.Contains(known));
            }
            else
            {
                SlotOfColumn[i] = -1;
            }
        }

        Headers = headers;
        Names = [.. names];
        IsRepeating = [.. repeating];
    }

    // Every header of the table, Plan column or not, as the file has them.
    public IReadOnlyList<string> Headers { get; }

    // The Plan columns the table has, by slot.
    public string[] Names { get; }

    public bool[] IsRepeating { get; }

    // By column offset in the table: the Plan column's slot, or -1 for a column that is not imported.
    public int[] SlotOfColumn { get; }

    public int Find(string name) => _slots.TryGetValue(name, out var slot) ? slot : -1;
}

// A range of cells: zero-based columns, one-based rows.
internal readonly record struct CellRange(int FirstColumn, int FirstRow, int LastColumn, int LastRow)
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
