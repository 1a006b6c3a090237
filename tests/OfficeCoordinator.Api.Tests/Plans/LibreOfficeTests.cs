using System.Globalization;
using OfficeCoordinator.Api.Plans;
using OfficeCoordinator.Api.Tasks;
using OfficeCoordinator.Benchmarks.Plans;
using static OfficeCoordinator.Api.Tests.Plans.Workbooks;

namespace OfficeCoordinator.Api.Tests.Plans;

// A second spreadsheet program opens what we write: LibreOffice, headless.
public sealed class LibreOfficeTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("oc-lo-").FullName;

    [LibreOfficeFact]
    public async Task LibreOffice_reads_every_task_with_its_dates_and_formats_from_the_Plan_sheet()
    {
        var plan = SamplePlan.Create(300);
        var file = await SaveAsync(plan, "plan.xlsx");

        var csv = LibreOffice.ParseCsv(await File.ReadAllTextAsync(await LibreOffice.ConvertAsync(file, LibreOffice.CsvOfSheet(2), "csv")));

        csv[0].Should().Equal(PlanColumns.All);
        var rows = csv.Skip(1).ToDictionary(row => row[0]);
        rows.Should().HaveCount(plan.Tasks.Count);
        foreach (var task in plan.Tasks)
        {
            var row = rows[ProjectTask.KeyOf(task.Number)];
            row[1].Should().Be(task.Title, "text that looks like a formula stays text");
            row[6].Should().Be(task.Start!.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            row[7].Should().Be(task.Finish!.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            row[8].Should().Be(task.BaselineStart!.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            row[11].Should().Be($"{task.PercentComplete}%");
            row[13].Should().Be(task.PlannedCost is { } cost ? cost.ToString("'€'#,##0.00", CultureInfo.InvariantCulture) : "");
            row[15].Should().Be(task.Milestone ? "TRUE" : "FALSE");
            row[17].Should().Be(task.Version.ToString(CultureInfo.InvariantCulture));
        }
    }

    [LibreOfficeFact]
    public async Task A_plan_saved_again_by_LibreOffice_reads_back_with_the_same_rows_and_properties()
    {
        var plan = SamplePlan.Create(150);
        var file = await SaveAsync(plan, "plan.xlsx");
        var original = await PlanWorkbookReader.ReadAsync(File.OpenRead(file), PlanReadLimits.Default, CancellationToken.None);

        var resaved = await LibreOffice.ConvertAsync(file, "xlsx", "xlsx");
        await using var upload = File.OpenRead(resaved);
        var sheet = await PlanWorkbookReader.ReadAsync(upload, PlanReadLimits.Default, CancellationToken.None);

        sheet.ProjectId.Should().Be(plan.Project.Id);
        sheet.PlanVersion.Should().Be(plan.Project.PlanVersion);
        sheet.Headers.Should().Equal(PlanColumns.All);
        sheet.Rows.Select(row => row.Row).Should().Equal(original.Rows.Select(row => row.Row));
        foreach (var (before, after) in original.Rows.Zip(sheet.Rows))
        {
            after.Cells.Should().BeEquivalentTo(before.Cells, "{0} should survive a round trip through LibreOffice", before.Cells[PlanColumns.Id].Text);
        }
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private async Task<string> SaveAsync(PlanExport plan, string name)
    {
        var path = Path.Combine(_folder, name);
        await File.WriteAllBytesAsync(path, await WriteAsync(plan));
        return path;
    }
}
