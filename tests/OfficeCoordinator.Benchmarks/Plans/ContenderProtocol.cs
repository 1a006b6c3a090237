using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace OfficeCoordinator.Benchmarks.Plans;

// Shared with OfficeCoordinator.Benchmarks.ClosedXml (compiled into both, so it references nothing of the API):
// what a contender process measures and prints, and the workbook's cells as a file for writers that cannot be
// given a PlanExport.

// One contender's runs in its own process: each run's seconds; the resident memory the runs added on top of the
// loaded input at their peak (Linux VmHWM, reset before the first run); bytes allocated per run; the output's size.
public sealed record ContenderResult(IReadOnlyList<double> Seconds, long BaselineBytes, long PeakBytes, long AllocatedBytesPerRun, long OutputBytes, int Rows)
{
    public double MedianSeconds => Seconds.Order().ElementAt(Seconds.Count / 2);

    public long PeakAboveBaselineBytes => Math.Max(0, PeakBytes - BaselineBytes);

    public string ToJson() => JsonSerializer.Serialize(this);

    public static ContenderResult FromJson(string json) => JsonSerializer.Deserialize<ContenderResult>(json)
        ?? throw new InvalidOperationException("A contender printed no result.");

    // Runs the work the given number of times after the caller loaded its input and warmed up.
    public static async Task<ContenderResult> MeasureAsync(int runs, Func<Task<(long OutputBytes, int Rows)>> run)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var baseline = ProcessMemory.Resident();
        ProcessMemory.ResetPeak();
        var seconds = new List<double>(runs);
        long allocated = 0, output = 0;
        var rows = 0;
        for (var i = 0; i < runs; i++)
        {
            var before = GC.GetTotalAllocatedBytes(precise: true);
            var clock = Stopwatch.StartNew();
            (output, rows) = await run();
            seconds.Add(clock.Elapsed.TotalSeconds);
            allocated = Math.Max(allocated, GC.GetTotalAllocatedBytes(precise: true) - before);
        }

        return new ContenderResult(seconds, baseline, ProcessMemory.Peak(), allocated, output, rows);
    }
}

public static class ProcessMemory
{
    public static long Resident() => Environment.WorkingSet;

    // Linux keeps the peak resident size (VmHWM) and resets it on request, so a peak can be taken over just the runs.
    public static void ResetPeak()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
        }
        catch (IOException)
        {
            // not Linux, or not allowed: the peak is then the whole process's
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    public static long Peak()
    {
        try
        {
            var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
            if (line is not null)
            {
                return long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
            }
        }
        catch (IOException)
        {
        }

        using var process = Process.GetCurrentProcess();
        return process.PeakWorkingSet64;
    }
}

// How a cell looks; each writer maps these to its own styles.
public enum CellLook : byte
{
    General,
    Text,
    Label,
    Title,
    Date,
    DateTime,
    Percent,
    Money,
    Link,
    WeekHeader,
    Planned,
    Critical,
    Late,
    LateAndCritical,
    Milestone,
    CriticalMilestone,
    LateMilestone,
    LateAndCriticalMilestone,
}

public enum CellKind : byte
{
    None, // no cell (default)
    Text,
    Number,
    Boolean,
    Blank,
}

// A cell at a zero-based column; a link cell's text links to Link. The default is no cell at all.
public readonly record struct SheetCell(int Column, CellKind Kind, CellLook Look, string? Text = null, double Number = 0, string? Link = null)
{
    public static SheetCell Of(int column, string text, CellLook look = CellLook.Text) => new(column, CellKind.Text, look, text);

    public static SheetCell Of(int column, double number, CellLook look = CellLook.General) => new(column, CellKind.Number, look, Number: number);

    public static SheetCell Of(int column, bool value) => new(column, CellKind.Boolean, CellLook.General, Number: value ? 1 : 0);

    public static SheetCell Blank(int column, CellLook look) => new(column, CellKind.Blank, look);
}

// A sheet as the writers are given it: widths, frozen panes, an optional table over all of it with list validations,
// and its rows from row 1 (a table's first row is its header).
public sealed record SheetLayout(
    string Name,
    IReadOnlyList<double> Widths,
    int FrozenRows,
    int FrozenColumns,
    string? Table,
    IReadOnlyList<(int Column, string[] Values)> Lists,
    IEnumerable<IReadOnlyList<SheetCell>> Rows);

public static class CellsFile
{
    public const string MoneyFormat = "\"€\"#,##0.00";

    public static string? NumberFormatOf(CellLook look) => look switch
    {
        CellLook.Date => "yyyy-mm-dd",
        CellLook.DateTime => "yyyy-mm-dd hh:mm",
        CellLook.WeekHeader => "d mmm",
        CellLook.Percent => "0%",
        CellLook.Money => MoneyFormat,
        CellLook.Text or CellLook.Link => "@",
        _ => null,
    };

    public static string? FillOf(CellLook look) => look switch
    {
        CellLook.Planned => "9BC2E6",
        CellLook.Critical or CellLook.CriticalMilestone => "FF7C80",
        CellLook.Late or CellLook.LateMilestone => "FFC000",
        CellLook.LateAndCritical or CellLook.LateAndCriticalMilestone => "C00000",
        _ => null,
    };

    public static void Write(string path, IEnumerable<SheetLayout> sheets)
    {
        using var file = new BinaryWriter(File.Create(path), Encoding.UTF8);
        var list = sheets.ToList();
        file.Write(list.Count);
        foreach (var sheet in list)
        {
            file.Write(sheet.Name);
            file.Write(sheet.Widths.Count);
            foreach (var width in sheet.Widths)
            {
                file.Write(width);
            }

            file.Write(sheet.FrozenRows);
            file.Write(sheet.FrozenColumns);
            file.Write(sheet.Table ?? "");
            file.Write(sheet.Lists.Count);
            foreach (var (column, values) in sheet.Lists)
            {
                file.Write(column);
                file.Write(string.Join('\u001F', values));
            }

            var rows = sheet.Rows.ToList();
            file.Write(rows.Count);
            foreach (var row in rows)
            {
                file.Write(row.Count);
                foreach (var cell in row)
                {
                    file.Write(cell.Column);
                    file.Write((byte)cell.Kind);
                    file.Write((byte)cell.Look);
                    file.Write(cell.Text ?? "");
                    file.Write(cell.Number);
                    file.Write(cell.Link ?? "");
                }
            }
        }
    }

    public static List<SheetLayout> Read(string path)
    {
        using var file = new BinaryReader(File.OpenRead(path), Encoding.UTF8);
        var sheets = new List<SheetLayout>();
        for (var sheetCount = file.ReadInt32(); sheets.Count < sheetCount;)
        {
            var name = file.ReadString();
            var widths = Enumerable.Range(0, file.ReadInt32()).Select(_ => file.ReadDouble()).ToList();
            var (frozenRows, frozenColumns) = (file.ReadInt32(), file.ReadInt32());
            var table = file.ReadString();
            var lists = Enumerable.Range(0, file.ReadInt32()).Select(_ => (file.ReadInt32(), file.ReadString().Split('\u001F'))).ToList();
            var rows = new List<IReadOnlyList<SheetCell>>();
            for (var rowCount = file.ReadInt32(); rows.Count < rowCount;)
            {
                var cells = new SheetCell[file.ReadInt32()];
                for (var i = 0; i < cells.Length; i++)
                {
                    var (column, kind, look, text, number, link) = (file.ReadInt32(), (CellKind)file.ReadByte(), (CellLook)file.ReadByte(), file.ReadString(), file.ReadDouble(), file.ReadString());
                    cells[i] = new SheetCell(column, kind, look, text.Length == 0 ? null : text, number, link.Length == 0 ? null : link);
                }

                rows.Add(cells);
            }

            sheets.Add(new SheetLayout(name, widths, frozenRows, frozenColumns, table.Length == 0 ? null : table, lists, rows));
        }

        return sheets;
    }
}
