using System.Globalization;
using ClosedXML.Excel;
using OfficeCoordinator.Benchmarks.Plans;

namespace OfficeCoordinator.Benchmarks.ClosedXml;

// The export benchmark's ClosedXML contender: loads the workbook's cells, warms up on a slice of them, then writes the
// whole workbook the given number of times and prints its ContenderResult as one line of JSON.
internal static class Program
{
    private const string Usage = "Usage: OfficeCoordinator.Benchmarks.ClosedXml --cells <file> [--runs 3]";

    public static int Main(string[] args)
    {
        if (Option(args, "--cells") is not { } path)
        {
            Console.Error.WriteLine(Usage);
            return 2;
        }

        var runs = Option(args, "--runs") is { } count ? int.Parse(count, CultureInfo.InvariantCulture) : 3;
        var sheets = CellsFile.Read(path);
        Write([.. sheets.Select(sheet => sheet with { Rows = sheet.Rows.Take(200).ToList() })]);
        var result = ContenderResult.MeasureAsync(runs, () => Task.FromResult((Write(sheets), sheets.Single(s => s.Table == "Plan").Rows.Count() - 1)))
            .GetAwaiter().GetResult();
        Console.WriteLine(result.ToJson());
        return 0;
    }

    // As a team would write it with ClosedXML: values and styles cell by cell, then tables, validations and panes.
    private static long Write(IReadOnlyList<SheetLayout> sheets)
    {
        using var workbook = new XLWorkbook();
        foreach (var sheet in sheets)
        {
            var worksheet = workbook.Worksheets.Add(sheet.Name);
            for (var i = 0; i < sheet.Widths.Count; i++)
            {
                worksheet.Column(i + 1).Width = sheet.Widths[i];
            }

            var rowNumber = 0;
            var lastColumn = 1;
            foreach (var row in sheet.Rows)
            {
                rowNumber++;
                foreach (var cell in row)
                {
                    if (cell.Kind != CellKind.None)
                    {
                        Write(worksheet.Cell(rowNumber, cell.Column + 1), cell);
                        lastColumn = Math.Max(lastColumn, cell.Column + 1);
                    }
                }
            }

            var lastRow = Math.Max(rowNumber, 2);
            if (sheet.Table is { } table)
            {
                worksheet.Range(1, 1, lastRow, lastColumn).CreateTable(table);
            }

            foreach (var (column, values) in sheet.Lists)
            {
                worksheet.Range(2, column + 1, lastRow, column + 1).SetDataValidation().List($"\"{string.Join(",", values)}\"", true);
            }

            if (sheet.FrozenRows > 0 || sheet.FrozenColumns > 0)
            {
                worksheet.SheetView.Freeze(sheet.FrozenRows, sheet.FrozenColumns);
            }
        }

        using var file = new FileStream(Path.Combine(Path.GetTempPath(), $"oc-closedxml-{Guid.NewGuid():N}.xlsx"), FileMode.CreateNew, FileAccess.ReadWrite,
            FileShare.None, 64 * 1024, FileOptions.DeleteOnClose);
        workbook.SaveAs(file);
        return file.Length;
    }

    private static void Write(IXLCell target, SheetCell cell)
    {
        switch (cell.Kind)
        {
            case CellKind.Text:
                target.SetValue(cell.Text);
                break;
            case CellKind.Number:
                target.SetValue(cell.Number);
                break;
            case CellKind.Boolean:
                target.SetValue(cell.Number != 0);
                break;
        }

        if (CellsFile.NumberFormatOf(cell.Look) is { } format)
        {
            target.Style.NumberFormat.Format = format;
        }

        if (CellsFile.FillOf(cell.Look) is { } fill)
        {
            target.Style.Fill.BackgroundColor = XLColor.FromHtml("#" + fill);
        }

        if (cell.Look is CellLook.Label or CellLook.Title or CellLook.WeekHeader or >= CellLook.Milestone)
        {
            target.Style.Font.Bold = true;
        }

        if (cell.Link is { } link)
        {
            target.Hyperlink = new XLHyperlink(new Uri(link));
        }
    }

    private static string? Option(string[] args, string name) =>
        Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}
