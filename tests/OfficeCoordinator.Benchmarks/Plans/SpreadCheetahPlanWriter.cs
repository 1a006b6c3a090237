using System.Drawing;
using System.Globalization;
using SpreadCheetah;
using SpreadCheetah.Styling;
using SpreadCheetah.Tables;
using SpreadCheetah.Validations;
using SpreadCheetah.Worksheets;

namespace OfficeCoordinator.Benchmarks.Plans;

// The same workbook written with SpreadCheetah, the fastest .NET xlsx writer: the same sheets, cells, looks, tables,
// validations and frozen panes. Where SpreadCheetah has no equivalent it does the nearest thing: links are HYPERLINK
// formulas, and a row's gaps (the Timeline's weeks before a bar) are empty cells, as its rows are dense.
public static class SpreadCheetahPlanWriter
{
    public static async Task WriteAsync(Stream destination, IReadOnlyList<SheetLayout> sheets, CancellationToken cancellationToken)
    {
        await using var spreadsheet = await Spreadsheet.CreateNewAsync(destination, new SpreadCheetahOptions(), cancellationToken);
        var looks = Enum.GetValues<CellLook>().ToDictionary(look => look, look => spreadsheet.AddStyle(StyleOf(look)));
        var row = new Cell[64];
        foreach (var sheet in sheets)
        {
            var options = new WorksheetOptions
            {
                FrozenRows = sheet.FrozenRows > 0 ? sheet.FrozenRows : null,
                FrozenColumns = sheet.FrozenColumns > 0 ? sheet.FrozenColumns : null,
            };
            for (var i = 0; i < sheet.Widths.Count; i++)
            {
                options.Column(i + 1).Width = sheet.Widths[i];
            }

            await spreadsheet.StartWorksheetAsync(sheet.Name, options, cancellationToken);
            if (sheet.Table is { } table)
            {
                spreadsheet.StartTable(new Table(TableStyle.Medium2, table));
            }

            var header = sheet.Table is not null;
            foreach (var cells in sheet.Rows)
            {
                if (header)
                {
                    // A table's columns are named by its header row.
                    await spreadsheet.AddHeaderRowAsync([.. cells.Select(cell => cell.Text ?? "")], token: cancellationToken);
                    header = false;
                    continue;
                }

                var width = 0;
                foreach (var cell in cells)
                {
                    width = cell.Kind == CellKind.None ? width : Math.Max(width, cell.Column + 1);
                }

                if (width > row.Length)
                {
                    row = new Cell[Math.Max(width, row.Length * 2)];
                }

                Array.Clear(row, 0, width);
                foreach (var cell in cells)
                {
                    if (cell.Kind != CellKind.None)
                    {
                        row[cell.Column] = CellOf(cell, looks[cell.Look]);
                    }
                }

                await spreadsheet.AddRowAsync(row.AsMemory(0, width), cancellationToken);
            }

            var lastRow = spreadsheet.NextRowNumber - 1;
            foreach (var (column, values) in sheet.Lists)
            {
                var letter = (char)('A' + column);
                spreadsheet.AddDataValidation(string.Create(CultureInfo.InvariantCulture, $"{letter}2:{letter}{Math.Max(lastRow, 2)}"), DataValidation.ListValues(values));
            }
        }

        await spreadsheet.FinishAsync(cancellationToken);
    }

    private static Cell CellOf(SheetCell cell, StyleId style) => cell.Kind switch
    {
        CellKind.Text when cell.Link is { } link => new Cell(Formula.Hyperlink(new Uri(link), cell.Text!), cell.Text, style),
        CellKind.Text => new Cell(cell.Text, style),
        CellKind.Number => new Cell(cell.Number, style),
        CellKind.Boolean => new Cell(cell.Number != 0, style),
        _ => new Cell((string?)null, style),
    };

    private static Style StyleOf(CellLook look)
    {
        var style = new Style();
        if (CellsFile.NumberFormatOf(look) is { } format)
        {
            style.Format = NumberFormat.Custom(format);
        }

        if (CellsFile.FillOf(look) is { } fill)
        {
            style.Fill.Color = Color.FromArgb(int.Parse("FF" + fill, NumberStyles.HexNumber, CultureInfo.InvariantCulture));
        }

        style.Font.Bold = look is CellLook.Label or CellLook.Title or CellLook.WeekHeader or >= CellLook.Milestone;
        if (look == CellLook.Link)
        {
            style.Font.Underline = Underline.Single;
            style.Font.Color = Color.FromArgb(0x05, 0x63, 0xC1);
        }

        return style;
    }
}
