using System.Net;
using DocumentFormat.OpenXml.Spreadsheet;
using OfficeCoordinator.Api.Plans;
using OfficeCoordinator.Api.Tests.Infrastructure;
using OfficeCoordinator.Client;
using OfficeCoordinator.Client.Contracts;
using static OfficeCoordinator.Api.Tests.Plans.Workbooks;

namespace OfficeCoordinator.Api.Tests.Plans;

public abstract class PlanDownloadTests(CoordinatorApplication app)
{
    private static readonly DateOnly Monday = new(2026, 12, 7);
    private readonly TestUser _manager = TestUser.Create("Alice Manager");

    [DatabaseFact]
    public async Task A_viewer_downloads_the_plan_as_a_valid_workbook_named_after_the_project_with_its_plan_version_as_ETag()
    {
        var (project, viewer) = await ProjectWithAsync(ProjectRole.Viewer, "Launch: EU/UK \"Q3\"");
        var api = app.ClientFor(_manager);
        await api.CreateTaskAsync(project.Id, new NewTask("Book the venue", Start: Monday, Finish: Monday.AddDays(4), PlannedCost: 12_000m))
            .OkAsync(HttpStatusCode.Created);
        var email = new EmailMessage("<quote-17@venue.example>", "thread-17", null, "RE: Venue quote", new EmailAddress("Erin", "erin@venue.example"), null, null,
            new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.FromHours(1)), "Please confirm by Friday.", WebLink: "https://outlook.office.com/mail/inbox/id/AAMkAGI2%3D");
        await api.CreateTaskFromEmailAsync(project.Id, new EmailTaskRequest(email)).OkAsync(HttpStatusCode.Created);
        var planVersion = (await api.GetProjectAsync(project.Id).OkAsync()).PlanVersion;

        using var response = await app.ClientFor(viewer).DownloadPlanAsync(project.Id);
        var workbook = await response.Content.ReadAsByteArrayAsync();

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be(PlanWorkbookWriter.ContentType);
        response.Content.Headers.ContentDisposition!.DispositionType.Should().Be("attachment");
        response.Content.Headers.ContentDisposition.FileNameStar.Should().Be("Launch EU UK Q3.xlsx");
        response.Content.Headers.ContentLength.Should().Be(workbook.Length);
        response.Headers.ETag!.Tag.Should().Be(CoordinatorClient.ETag(planVersion));
        ValidationErrors(workbook).Should().BeEmpty();
        var rows = ReadWithExcelDataReader(workbook)["Plan"];
        rows.Select(row => row[0]).Should().Equal("ID", "T-1", "T-2");
        rows[1][6].Should().Be(new DateTime(2026, 12, 7));
        rows[2][16].Should().Be("RE: Venue quote");
        using var document = Open(workbook);
        var plan = WorksheetOf(document, "Plan");
        var link = plan.Worksheet.Descendants<Hyperlink>().Should().ContainSingle().Subject;
        link.Reference!.Value.Should().Be("Q3");
        plan.HyperlinkRelationships.Single(r => r.Id == link.Id).Uri.AbsoluteUri.Should().Be(email.WebLink);
        var sheet = await PlanWorkbookReader.ReadAsync(new MemoryStream(workbook), PlanReadLimits.Default, CancellationToken.None);
        sheet.ProjectId.Should().Be(project.Id);
        sheet.PlanVersion.Should().Be(planVersion);
    }

    [DatabaseFact]
    public async Task The_plan_version_in_If_None_Match_gets_304_until_the_plan_changes()
    {
        var (project, viewer) = await ProjectWithAsync(ProjectRole.Viewer);
        var asViewer = app.ClientFor(viewer);
        using var first = await asViewer.DownloadPlanAsync(project.Id);
        var etag = first.Headers.ETag!.Tag;

        using var unchanged = await asViewer.DownloadPlanAsync(project.Id, etag);
        using var weak = await asViewer.DownloadPlanAsync(project.Id, $"\"0\", W/{etag}");
        await app.ClientFor(_manager).CreateTaskAsync(project.Id, new NewTask("Print the brochures")).OkAsync(HttpStatusCode.Created);
        using var changed = await asViewer.DownloadPlanAsync(project.Id, etag);

        unchanged.StatusCode.Should().Be(HttpStatusCode.NotModified);
        unchanged.Headers.ETag!.Tag.Should().Be(etag);
        (await unchanged.Content.ReadAsByteArrayAsync()).Should().BeEmpty();
        weak.StatusCode.Should().Be(HttpStatusCode.NotModified);
        changed.StatusCode.Should().Be(HttpStatusCode.OK);
        changed.Headers.ETag!.Tag.Should().NotBe(etag);
        ReadWithExcelDataReader(await changed.Content.ReadAsByteArrayAsync())["Plan"].Should().HaveCount(2);
    }

    [DatabaseFact]
    public async Task Someone_who_is_not_a_member_gets_404_as_if_the_project_did_not_exist()
    {
        var (project, _) = await ProjectWithAsync(ProjectRole.Viewer);

        using var stranger = await app.ClientFor(_manager.Colleague("Mallory")).DownloadPlanAsync(project.Id);
        using var anonymous = await app.AnonymousClient().DownloadPlanAsync(project.Id);

        stranger.StatusCode.Should().Be(HttpStatusCode.NotFound);
        stranger.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        (await stranger.Content.ReadAsStringAsync()).Should().Contain("not a member");
        anonymous.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [DatabaseFact]
    public async Task Titles_that_look_like_formulas_arrive_as_text_cells_that_stay_text_when_edited()
    {
        var (project, viewer) = await ProjectWithAsync(ProjectRole.Viewer);
        var api = app.ClientFor(_manager);
        string[] titles = ["=HYPERLINK(\"https://evil.example\",\"Click\")", "+1 555 0100 call back", "-5% discount check", "@SUM(A1:A2)", "=1+2"];
        var stored = new List<string>();
        foreach (var title in titles)
        {
            stored.Add((await api.CreateTaskAsync(project.Id, new NewTask(title)).OkAsync(HttpStatusCode.Created)).Title);
        }

        using var response = await app.ClientFor(viewer).DownloadPlanAsync(project.Id);
        var workbook = await response.Content.ReadAsByteArrayAsync();

        stored.Should().Equal(titles);
        using var document = Open(workbook);
        var plan = WorksheetOf(document, "Plan");
        for (var i = 0; i < titles.Length; i++)
        {
            var cell = CellAt(plan, $"B{i + 2}")!;
            cell.DataType!.Value.Should().Be(CellValues.InlineString);
            cell.CellFormula.Should().BeNull();
            cell.InlineString!.InnerText.Should().Be(titles[i]);
            StyleOf(document, cell).QuotePrefix!.Value.Should().BeTrue();
        }

        document.WorkbookPart!.WorksheetParts.SelectMany(part => part.Worksheet.Descendants<CellFormula>()).Should().BeEmpty();
        ReadWithExcelDataReader(workbook)["Plan"].Skip(1).Select(row => row[1]).Should().Equal(titles);
    }

    private async Task<(Project Project, TestUser Member)> ProjectWithAsync(ProjectRole role, string name = "Launch")
    {
        var api = app.ClientFor(_manager);
        var project = await api.CreateProjectAsync(new NewProject(name, Start: Monday, Budget: 80_000m, Currency: "EUR")).OkAsync(HttpStatusCode.Created);
        var member = _manager.Colleague(role.ToString());
        await api.PutMemberAsync(project.Id, member.Email, new MemberRole(role)).OkAsync(HttpStatusCode.Created);
        return (project, member);
    }
}

public sealed class PlanDownloadTestsOnSqlite(SqliteApplication app) : PlanDownloadTests(app), IClassFixture<SqliteApplication>;

public sealed class PlanDownloadTestsOnPostgres(PostgresApplication app) : PlanDownloadTests(app), IClassFixture<PostgresApplication>, IRunsOnPostgres;
