using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using OfficeCoordinator.Api.Tests.Infrastructure;
using OfficeCoordinator.Client;
using OfficeCoordinator.Client.Contracts;
using Refit;

namespace OfficeCoordinator.Api.Tests.Plans;

// plan.xlsx out, edited in a spreadsheet program, back in through POST /plan/import.
public abstract class PlanImportTests(CoordinatorApplication app)
{
    private readonly TestUser _manager = TestUser.Create("Alice Manager");

    [DatabaseFact]
    public async Task An_export_with_a_moved_finish_and_a_new_row_imports_as_a_dry_run_first_then_for_real()
    {
        var (project, coordinator) = await PlanAsync();
        var api = app.ClientFor(coordinator);
        var edited = await SpreadsheetEdits.EditAsync(await ExportAsync(project.Id), """
            set_cell("T-2", "Finish", datetime.datetime(2026, 12, 23))
            append_row({"Task": "Print the banners", "Phase": "Executing", "Status": "NotStarted", "Priority": "High",
                         "Start": datetime.datetime(2027, 1, 4), "Finish": datetime.datetime(2027, 1, 8), "Predecessors": "T-2"})
            """);
        var before = await api.GetProjectAsync(project.Id).OkAsync();

        var dry = await ImportAsync(coordinator, project.Id, edited, dryRun: true);
        var unchanged = await api.GetProjectAsync(project.Id).OkAsync();
        var notYet = await api.GetTaskAsync(project.Id, 4);
        var real = await ImportAsync(coordinator, project.Id, edited, dryRun: false);

        dry.Applied.Should().ContainSingle().Which.Should().Match<AppliedCell>(a => a.Id == "T-2" && a.Column == "Finish" && a.From == "2026-12-18" && a.To == "2026-12-23");
        dry.Created.Should().ContainSingle().Which.Should().Match<CreatedRow>(c => c.Row == 5 && c.Key == "T-4");
        dry.Conflicts.Should().BeEmpty();
        dry.RowErrors.Should().BeEmpty();
        unchanged.PlanVersion.Should().Be(before.PlanVersion);
        notYet.StatusCode.Should().Be(HttpStatusCode.NotFound);
        real.Should().BeEquivalentTo(dry, o => o.For(r => r.Applied).Exclude(a => a.Version));
        (await api.GetTaskAsync(project.Id, 2).OkAsync()).Finish.Should().Be(new DateOnly(2026, 12, 23));
        (await api.GetTaskAsync(project.Id, 4).OkAsync()).Should().Match<TaskItem>(t => t.Title == "Print the banners" && t.Priority == TaskPriority.High && t.Predecessors.Count == 1);
        var history = await api.GetTaskHistoryAsync(project.Id, 2).OkAsync();
        history.Items.Should().ContainSingle(h => h.Field == "finish").Which.By.Should().Be(new Actor(coordinator.Name, coordinator.Email));
    }

    [DatabaseFact]
    public async Task An_old_file_conflicts_on_a_title_the_server_changed_and_merges_a_finish_it_did_not()
    {
        var (project, coordinator) = await PlanAsync();
        var exported = await ExportAsync(project.Id);
        var task = await app.ClientFor(_manager).GetTaskAsync(project.Id, 1).OkAsync();
        await app.ClientFor(_manager).UpdateTaskAsync(project.Id, 1, new { title = "Design the stand" }, CoordinatorClient.ETag(task.Version)).OkAsync();

        var titleEdited = await SpreadsheetEdits.EditAsync(exported, """set_cell("T-1", "Task", "Design the booth")""");
        var finishEdited = await SpreadsheetEdits.EditAsync(exported, """set_cell("T-1", "Finish", datetime.datetime(2026, 12, 14))""");
        var conflict = await ImportAsync(coordinator, project.Id, titleEdited, dryRun: false);
        var merged = await ImportAsync(coordinator, project.Id, finishEdited, dryRun: false);

        conflict.Conflicts.Should().ContainSingle().Which.Should().Be(new ConflictCell(2, "T-1", "Task", "Design", "Design the stand", "Design the booth", 2));
        conflict.Applied.Should().BeEmpty();
        merged.Conflicts.Should().BeEmpty();
        merged.Applied.Should().ContainSingle().Which.Column.Should().Be("Finish");
        var after = await app.ClientFor(coordinator).GetTaskAsync(project.Id, 1).OkAsync();
        after.Title.Should().Be("Design the stand");
        after.Finish.Should().Be(new DateOnly(2026, 12, 14));
    }

    [DatabaseFact]
    public async Task An_export_imported_unchanged_changes_nothing_and_a_task_missing_from_the_sheet_is_reported_not_deleted()
    {
        var (project, coordinator) = await PlanAsync();
        var exported = await ExportAsync(project.Id);
        var withoutTest = await SpreadsheetEdits.EditAsync(exported, """
            r = row_of("T-3")
            for c in range(min_col, max_col + 1):
                ws.cell(r, c).value = None
            """);

        var same = await ImportAsync(coordinator, project.Id, exported, dryRun: false);
        var missing = await ImportAsync(coordinator, project.Id, withoutTest, dryRun: false);

        same.Should().BeEquivalentTo(new PlanImportReport([], [], [], [], [], []));
        missing.Missing.Should().Equal("T-3");
        missing.Created.Should().BeEmpty();
        (await app.ClientFor(coordinator).GetTaskAsync(project.Id, 3)).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [DatabaseFact]
    public async Task Another_projects_workbook_gets_409_and_a_viewer_gets_403()
    {
        var (project, _) = await PlanAsync();
        var other = await app.ClientFor(_manager).CreateProjectAsync(new NewProject("Another project")).OkAsync(HttpStatusCode.Created);
        var viewer = _manager.Colleague("Vera Viewer");
        await app.ClientFor(_manager).PutMemberAsync(project.Id, viewer.Email, new MemberRole(ProjectRole.Viewer)).OkAsync(HttpStatusCode.Created);
        var exported = await ExportAsync(project.Id);

        var wrongProject = await PostAsync(_manager, other.Id, exported, dryRun: true, multipart: true);
        var asViewer = await PostAsync(viewer, project.Id, exported, dryRun: true, multipart: false);

        wrongProject.StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await wrongProject.Content.ReadAsStringAsync()).Should().Contain("another project");
        asViewer.StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    [DatabaseFact]
    public async Task A_zip_bomb_random_bytes_and_a_macro_workbook_are_refused_quickly_with_problem_details_and_change_nothing()
    {
        var (project, coordinator) = await PlanAsync();
        var exported = await ExportAsync(project.Id);
        var bombPath = HostileWorkbooks.ZipBomb(exported, lyingSizes: true);
        var uploads = new (string Name, byte[] Body)[]
        {
            ("zip bomb", await File.ReadAllBytesAsync(bombPath)),
            ("random bytes", HostileWorkbooks.RandomBytes(100_000)),
            ("macro workbook", HostileWorkbooks.WithMacros(exported)),
        };
        var before = await app.ClientFor(coordinator).GetProjectAsync(project.Id).OkAsync();

        foreach (var (name, body) in uploads)
        {
            var clock = Stopwatch.StartNew();
            using var response = await PostAsync(coordinator, project.Id, body, dryRun: false, multipart: false);
            clock.Stop();

            ((int)response.StatusCode).Should().BeInRange(400, 499, name);
            response.Content.Headers.ContentType?.MediaType.Should().Be("application/problem+json", name);
            (await response.Content.ReadAsStringAsync()).Should().Contain("\"detail\"", name);
            clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(5), $"a {name} is refused without reading it through");
        }

        File.Delete(bombPath);
        (await app.ClientFor(coordinator).GetProjectAsync(project.Id).OkAsync()).PlanVersion.Should().Be(before.PlanVersion);
    }

    [DatabaseFact]
    public async Task A_row_typed_with_only_task_start_and_finish_imports_with_the_defaults_and_the_phase_of_the_row_above()
    {
        var (project, coordinator) = await PlanAsync();
        var edited = await SpreadsheetEdits.EditAsync(await ExportAsync(project.Id), """
            append_row({"Task": "Book the stand cleaners", "Start": datetime.datetime(2027, 1, 4), "Finish": datetime.datetime(2027, 1, 6)})
            """);

        var dry = await ImportAsync(coordinator, project.Id, edited, dryRun: true);
        var real = await ImportAsync(coordinator, project.Id, edited, dryRun: false);

        dry.RowErrors.Should().BeEmpty();
        dry.Created.Should().ContainSingle().Which.Key.Should().Be("T-4");
        real.Should().BeEquivalentTo(dry, o => o.For(r => r.Applied).Exclude(a => a.Version));
        var created = await app.ClientFor(coordinator).GetTaskAsync(project.Id, 4).OkAsync();
        created.Should().Match<TaskItem>(t => t.Title == "Book the stand cleaners" && t.Status == WorkStatus.NotStarted && t.Priority == TaskPriority.Medium
            && t.Phase == ProjectPhase.Executing && t.Start == new DateOnly(2027, 1, 4) && t.Finish == new DateOnly(2027, 1, 6));
    }

    [DatabaseFact]
    public async Task A_retried_import_with_the_same_key_is_answered_once_even_with_a_new_multipart_boundary()
    {
        var (project, coordinator) = await PlanAsync();
        var edited = await SpreadsheetEdits.EditAsync(await ExportAsync(project.Id), """
            append_row({"Task": "Order lanyards", "Start": datetime.datetime(2027, 1, 4), "Finish": datetime.datetime(2027, 1, 5)})
            """);
        var key = CoordinatorClient.NewIdempotencyKey();

        using var first = await PostAsync(coordinator, project.Id, edited, dryRun: false, multipart: true, key);
        using var retry = await PostAsync(coordinator, project.Id, edited, dryRun: false, multipart: true, key);
        using var otherFile = await PostAsync(coordinator, project.Id, await ExportAsync(project.Id), dryRun: false, multipart: true, key);

        first.StatusCode.Should().Be(HttpStatusCode.OK);
        retry.StatusCode.Should().Be(HttpStatusCode.OK);
        retry.Headers.GetValues("Idempotent-Replayed").Should().Equal("true");
        (await retry.Content.ReadAsStringAsync()).Should().Be(await first.Content.ReadAsStringAsync());
        otherFile.StatusCode.Should().Be(HttpStatusCode.UnprocessableContent);
        var tasks = await app.ClientFor(coordinator).ListTasksAsync(project.Id).OkAsync();
        tasks.Items.Should().ContainSingle(t => t.Title == "Order lanyards");
    }

    [DatabaseFact]
    public async Task External_links_and_data_connections_are_ignored_with_a_warning_and_the_rows_still_import()
    {
        var (project, coordinator) = await PlanAsync();
        var edited = await SpreadsheetEdits.EditAsync(await ExportAsync(project.Id), """set_cell("T-2", "Finish", datetime.datetime(2026, 12, 23))""");

        var report = await ImportAsync(coordinator, project.Id, HostileWorkbooks.WithExternalLinksAndConnections(edited), dryRun: false);

        report.Applied.Should().ContainSingle().Which.Column.Should().Be("Finish");
        report.Warnings.Select(w => w.Detail).Should().HaveCount(2)
            .And.Contain(d => d.Contains("external links") && d.Contains("not followed"))
            .And.Contain(d => d.Contains("data connections") && d.Contains("not refreshed"));
    }

    [DatabaseFact]
    public async Task The_exported_labels_import_unchanged_and_labels_or_names_in_any_case_set_status_phase_and_priority()
    {
        var (project, coordinator) = await PlanAsync();
        var exported = await ExportAsync(project.Id);
        var edited = await SpreadsheetEdits.EditAsync(exported, """
            set_cell("T-1", "Status", "in progress")
            set_cell("T-2", "Status", "BLOCKED")
            set_cell("T-2", "Phase", "closing")
            set_cell("T-3", "Status", "InProgress")
            set_cell("T-3", "Priority", "high")
            append_row({"Task": "Print the banners", "Status": "not Started", "Phase": "Executing", "Priority": "LOW"})
            append_row({"Task": "Hang the banners", "Status": "notstarted"})
            """);

        var unchanged = await ImportAsync(coordinator, project.Id, exported, dryRun: true);
        var report = await ImportAsync(coordinator, project.Id, edited, dryRun: false);

        unchanged.Applied.Should().BeEmpty("the sheet's labels (\"Not started\", \"Medium\") are the values the server has");
        unchanged.RowErrors.Should().BeEmpty();
        report.RowErrors.Should().BeEmpty();
        report.Applied.Select(a => (a.Id, a.Column, a.From, a.To)).Should().BeEquivalentTo(new[]
        {
            ("T-1", "Status", (string?)"NotStarted", (string?)"InProgress"), ("T-2", "Status", "NotStarted", "Blocked"), ("T-2", "Phase", "Executing", "Closing"),
            ("T-3", "Status", "NotStarted", "InProgress"), ("T-3", "Priority", "Medium", "High"),
        }, "reports keep the API's values");
        report.Created.Select(c => c.Key).Should().Equal("T-4", "T-5");
        (await app.ClientFor(coordinator).GetTaskAsync(project.Id, 4).OkAsync()).Should().Match<TaskItem>(t =>
            t.Status == WorkStatus.NotStarted && t.Phase == ProjectPhase.Executing && t.Priority == TaskPriority.Low);
        (await app.ClientFor(coordinator).GetTaskAsync(project.Id, 5).OkAsync()).Status.Should().Be(WorkStatus.NotStarted);
    }

    private async Task<byte[]> ExportAsync(string projectId)
    {
        using var response = await app.ClientFor(_manager).DownloadPlanAsync(projectId);
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        return await response.Content.ReadAsByteArrayAsync();
    }

    private async Task<PlanImportReport> ImportAsync(TestUser user, string projectId, byte[] workbook, bool dryRun)
    {
        using var response = await PostAsync(user, projectId, workbook, dryRun, multipart: true);
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.OK, body);
        return System.Text.Json.JsonSerializer.Deserialize<PlanImportReport>(body, CoordinatorClient.JsonOptions)!;
    }

    // As a browser or a script would send it: a multipart file, or the workbook as the body.
    private async Task<HttpResponseMessage> PostAsync(TestUser user, string projectId, byte[] workbook, bool dryRun, bool multipart, string? idempotencyKey = null)
    {
        using var http = app.CreateHttpClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", app.TokenFor(user));
        if (idempotencyKey is not null)
        {
            http.DefaultRequestHeaders.Add("Idempotency-Key", idempotencyKey);
        }

        var content = new ByteArrayContent(workbook);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        HttpContent body = multipart ? new MultipartFormDataContent { { content, "file", "plan.xlsx" } } : content;
        var response = await http.PostAsync($"/api/projects/{projectId}/plan/import?dryRun={(dryRun ? "true" : "false")}", body);
        await response.Content.LoadIntoBufferAsync();
        return response;
    }

    // Design (T-1) → Build (T-2, lag 2) → Test (T-3).
    private Task<(Project Project, TestUser Coordinator)> PlanAsync() => TradeFair.CreateAsync(app, _manager);
}

public sealed class PlanImportTestsOnSqlite(SqliteApplication app) : PlanImportTests(app), IClassFixture<SqliteApplication>;

public sealed class PlanImportTestsOnPostgres(PostgresApplication app) : PlanImportTests(app), IClassFixture<PostgresApplication>, IRunsOnPostgres;
