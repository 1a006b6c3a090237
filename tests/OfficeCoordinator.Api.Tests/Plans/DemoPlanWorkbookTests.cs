using System.Text.RegularExpressions;
using DocumentFormat.OpenXml.Spreadsheet;
using OfficeCoordinator.Api.Tests.Infrastructure;
using OfficeCoordinator.Api.Tests.Reports;
using static OfficeCoordinator.Api.Tests.Plans.Workbooks;

namespace OfficeCoordinator.Api.Tests.Plans;

// The README's demo project as plan.xlsx, downloaded as Alice on the fixed clock (Wednesday 9 December 2026).
public sealed partial class DemoPlanWorkbookTests(DemoAtFixedClock app) : IClassFixture<DemoAtFixedClock>, IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("oc-demo-plan-").FullName;

    [Fact]
    public async Task Every_sheet_of_the_demo_plan_prints_landscape_one_page_wide_with_its_header_rows_on_every_page()
    {
        var workbook = await DownloadAsync();

        ValidationErrors(workbook).Should().BeEmpty();
        using var document = Open(workbook);
        var setups = WorkbookWriterTests.PrintSetupOf(document).ToList();
        setups.Select(s => s.Sheet).Should().Equal("Summary", "Plan", "Timeline", "Stakeholders", "Communications", "Decisions", "Obstacles", "Status");
        setups.Should().OnlyContain(s => s.FitToPage && s.Orientation == OrientationValues.Landscape && s.Wide == 1);
        setups.Single(s => s.Sheet == "Summary").Tall.Should().Be(1, "the Summary is one printed page");
        setups.Where(s => s.Sheet is not ("Summary" or "Status")).Should().OnlyContain(s => s.Titles != null && s.Titles.StartsWith($"'{s.Sheet}'!$1:$"));
    }

    [Fact]
    public async Task The_demo_summary_shows_who_took_the_baseline_and_the_schedules_late_and_slipped_counts()
    {
        // Three weeks after the demo was seeded, some of its work is late.
        var (api, projectId) = await app.SignInAsync("Alice Manager", "alice@contoso.com");
        var seededAt = app.Clock.Now;
        app.Clock.Now = seededAt.AddDays(21);
        try
        {
            var schedule = await api.GetScheduleAsync(projectId).OkAsync();

            var summary = ReadWithExcelDataReader(await DownloadAsync())["Summary"].Where(row => row[0] is string).ToDictionary(row => (string)row[0]!, row => row[1]);

            summary["Baseline taken (UTC)"].Should().Be(seededAt.UtcDateTime, "the demo's baseline is taken when it is seeded");
            summary["Baseline taken by"].Should().Be("Alice Manager <alice@contoso.com>");
            schedule.Tasks.Count(t => t.Late).Should().BeGreaterThan(1);
            summary["Late tasks"].Should().Be((double)schedule.Tasks.Count(t => t.Late));
            summary["Slipped tasks (forecast finish after baseline)"].Should().Be((double)schedule.Tasks.Count(t => t.FinishVariance > 0))
                .And.Be(1.0, "the venue contract (T-5) slipped");
        }
        finally
        {
            app.Clock.Now = seededAt;
        }
    }

    [LibreOfficeFact]
    public async Task LibreOffice_prints_the_demo_plan_on_at_most_ten_pages()
    {
        var file = Path.Combine(_folder, "plan.xlsx");
        await File.WriteAllBytesAsync(file, await DownloadAsync());

        var pdf = await File.ReadAllTextAsync(await LibreOffice.ConvertAsync(file, "pdf", "pdf"), System.Text.Encoding.Latin1);

        var pages = PageObject().Count(pdf);
        pages.Should().BeInRange(8, 10, "each of the eight sheets prints on a page or two, one page wide");
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private async Task<byte[]> DownloadAsync()
    {
        var (api, projectId) = await app.SignInAsync("Alice Manager", "alice@contoso.com");
        using var response = await api.DownloadPlanAsync(projectId);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsByteArrayAsync();
    }

    // A page object of the PDF (not the /Pages tree nodes).
    [GeneratedRegex(@"/Type\s*/Page(?![A-Za-z])")]
    private static partial Regex PageObject();
}
