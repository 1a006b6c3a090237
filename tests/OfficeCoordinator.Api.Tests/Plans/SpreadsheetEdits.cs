using System.Diagnostics;

namespace OfficeCoordinator.Api.Tests.Plans;

// Edits a workbook the way a spreadsheet user would, with openpyxl (Debian's python3-openpyxl): cells of the Plan
// table by ID and column header, rows appended with the table extended. The script sees the workbook as `wb`.
public static class SpreadsheetEdits
{
    private const string Python = "/usr/bin/python3";

    private const string Prelude = """
        import sys, datetime, openpyxl
        from openpyxl.utils import get_column_letter, range_boundaries
        wb = openpyxl.load_workbook(sys.argv[1])
        ws = wb["Plan"]
        table = ws.tables["Plan"]
        min_col, min_row, max_col, max_row = range_boundaries(table.ref)
        headers = {ws.cell(min_row, c).value: c for c in range(min_col, max_col + 1)}
        def row_of(task_id):
            for r in range(min_row + 1, max_row + 1):
                if ws.cell(r, headers["ID"]).value == task_id:
                    return r
            raise KeyError(task_id)
        def set_cell(task_id, column, value):
            ws.cell(row_of(task_id), headers[column]).value = value
        def append_row(values):
            global max_row
            max_row += 1
            for column, value in values.items():
                ws.cell(max_row, headers[column]).value = value
            table.ref = f"{get_column_letter(min_col)}{min_row}:{get_column_letter(max_col)}{max_row}"
            if table.autoFilter is not None:
                table.autoFilter.ref = table.ref

        """;

    public static async Task<byte[]> EditAsync(byte[] workbook, string script)
    {
        var folder = Directory.CreateTempSubdirectory("oc-edit-").FullName;
        var file = Path.Combine(folder, "plan.xlsx");
        var program = Path.Combine(folder, "edit.py");
        await File.WriteAllBytesAsync(file, workbook);
        await File.WriteAllTextAsync(program, Prelude + script + "\nwb.save(sys.argv[1])\n");
        var info = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(program);
        info.ArgumentList.Add(file);
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"{Python} did not start.");
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"Editing the workbook failed (apt-get install python3-openpyxl?): {await errors}");
        }

        var edited = await File.ReadAllBytesAsync(file);
        Directory.Delete(folder, recursive: true);
        return edited;
    }
}
