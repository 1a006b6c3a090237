using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using DocumentFormat.OpenXml.Validation;
using ExcelDataReader;
using OfficeCoordinator.Api.Plans;
using OfficeCoordinator.Api.Projects;
using OfficeCoordinator.Api.Tasks;
using OfficeCoordinator.Client.Contracts;
using Project = OfficeCoordinator.Api.Projects.Project;

namespace OfficeCoordinator.Api.Tests.Plans;

// What every workbook test needs: write one, validate it, and read it with other readers than ours.
public static class Workbooks
{
    static Workbooks() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance); // ExcelDataReader reads with code page 1252

    public static readonly DateTimeOffset Now = new(2026, 12, 9, 9, 30, 0, TimeSpan.Zero);

    // A small plan built by hand: the given tasks and nothing else, generated on Wednesday 2026-12-09.
    public static PlanExport Plan(IEnumerable<ProjectTask> tasks, string currency = "EUR", IReadOnlySet<int>? critical = null, IReadOnlySet<int>? late = null)
    {
        var project = new Project
        {
            Id = "project-under-test", TenantId = "tests", Name = "Launch", Currency = currency, Budget = 50_000m, PlanVersion = 42,
            Start = new DateOnly(2026, 11, 30), CreatedBy = "tests",
        };
        return new PlanExport(project, [], [.. tasks], [], [], [], critical ?? new HashSet<int>(), late ?? new HashSet<int>(), Now);
    }

    public static ProjectTask PlanTask(int number, string title, DateOnly? start = null, DateOnly? finish = null, bool milestone = false) => new()
    {
        TenantId = "tests", ProjectId = "project-under-test", Number = number, Title = title, Start = start, Finish = finish, Milestone = milestone,
        Status = WorkStatus.InProgress, PercentComplete = 40, PlannedCost = 1_234.5m, Owner = "bob@contoso.com", CreatedBy = "tests", Version = 3,
    };

    public static async Task<byte[]> WriteAsync(PlanExport plan)
    {
        using var stream = new MemoryStream();
        await PlanWorkbookWriter.WriteAsync(stream, plan, CancellationToken.None);
        return stream.ToArray();
    }

    // The Open XML SDK's schema and semantic validation, for the oldest and the newest Excel it knows.
    public static IReadOnlyList<string> ValidationErrors(byte[] workbook)
    {
        using var document = SpreadsheetDocument.Open(new MemoryStream(workbook), isEditable: false);
        return [.. new[] { FileFormatVersions.Office2007, FileFormatVersions.Microsoft365 }
            .SelectMany(version => new OpenXmlValidator(version).Validate(document)
                .Select(error => $"{version} {error.Part?.Uri} {error.Path?.XPath}: {error.Description}"))];
    }

    public static SpreadsheetDocument Open(byte[] workbook) => SpreadsheetDocument.Open(new MemoryStream(workbook), isEditable: false);

    // Every sheet as ExcelDataReader sees it: rows of cell values (strings, doubles, booleans, DateTimes for date cells).
    public static Dictionary<string, List<object?[]>> ReadWithExcelDataReader(byte[] workbook)
    {
        using var reader = ExcelReaderFactory.CreateOpenXmlReader(new MemoryStream(workbook));
        var sheets = new Dictionary<string, List<object?[]>>();
        do
        {
            var rows = new List<object?[]>();
            while (reader.Read())
            {
                var row = new object?[reader.FieldCount];
                for (var i = 0; i < row.Length; i++)
                {
                    row[i] = reader.GetValue(i);
                }

                rows.Add(row);
            }

            sheets[reader.Name] = rows;
        }
        while (reader.NextResult());

        return sheets;
    }

    public static WorksheetPart WorksheetOf(SpreadsheetDocument document, string name)
    {
        var sheet = document.WorkbookPart!.Workbook.Sheets!.Elements<Sheet>().Single(s => s.Name == name);
        return (WorksheetPart)document.WorkbookPart.GetPartById(sheet.Id!);
    }

    // The cell at an A1 reference, whether or not the writer gave it an explicit reference.
    public static Cell? CellAt(WorksheetPart sheet, string reference)
    {
        var (column, row) = Parse(reference);
        var found = sheet.Worksheet.Descendants<Row>().FirstOrDefault(r => r.RowIndex?.Value == row);
        var index = 0;
        foreach (var cell in found?.Elements<Cell>() ?? [])
        {
            index = cell.CellReference?.Value is { } explicitReference ? Parse(explicitReference).Column : index + 1;
            if (index == column)
            {
                return cell;
            }
        }

        return null;
    }

    public static CellFormat StyleOf(SpreadsheetDocument document, Cell cell) =>
        document.WorkbookPart!.WorkbookStylesPart!.Stylesheet.CellFormats!.Elements<CellFormat>().ElementAt((int)(cell.StyleIndex?.Value ?? 0));

    public static string? NumberFormatOf(SpreadsheetDocument document, Cell cell)
    {
        var id = StyleOf(document, cell).NumberFormatId?.Value ?? 0;
        return document.WorkbookPart!.WorkbookStylesPart!.Stylesheet.NumberingFormats?.Elements<NumberingFormat>()
            .FirstOrDefault(f => f.NumberFormatId?.Value == id)?.FormatCode?.Value ?? id switch { 9 => "0%", 49 => "@", 0 => "General", _ => $"builtin {id}" };
    }

    public static string? FillOf(SpreadsheetDocument document, Cell cell)
    {
        var stylesheet = document.WorkbookPart!.WorkbookStylesPart!.Stylesheet;
        var fill = stylesheet.Fills!.Elements<Fill>().ElementAt((int)(StyleOf(document, cell).FillId?.Value ?? 0));
        return fill.PatternFill?.ForegroundColor?.Rgb?.Value;
    }

    public static string? CustomPropertyOf(SpreadsheetDocument document, string name) =>
        document.CustomFilePropertiesPart?.Properties.Elements<DocumentFormat.OpenXml.CustomProperties.CustomDocumentProperty>()
            .FirstOrDefault(p => p.Name == name)?.FirstChild?.InnerText;

    // One-based column and row.
    private static (int Column, uint Row) Parse(string reference)
    {
        var letters = reference.TakeWhile(char.IsAsciiLetter).ToArray();
        var column = letters.Aggregate(0, (sum, letter) => sum * 26 + (char.ToUpperInvariant(letter) - 'A' + 1));
        return (column, uint.Parse(reference[letters.Length..], System.Globalization.CultureInfo.InvariantCulture));
    }
}
