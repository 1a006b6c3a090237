using System.Text.Json;
using Microsoft.Playwright;
using OfficeCoordinator.Api.Tests.Infrastructure;
using OfficeCoordinator.Client;
using OfficeCoordinator.Client.Contracts;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace OfficeCoordinator.Api.Tests.Browser;

// The Excel pane in real Chromium against the real API (Development: demo project, development sign-in), with a
// simulated Excel host in office.js's place that draws the workbook's Plan table beside the pane. Each test makes the
// tasks it edits, so the tests hold in any order. Screenshots of each state go to TestResults/screenshots.
public sealed class ExcelPaneTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private const string ConflictFill = "#FFC7CE";
    private const string CriticalFill = "#FCE4D6";

    [BrowserFact]
    public async Task The_pane_loads_the_plan_pushes_an_edit_reports_a_conflict_and_merges_an_edit_of_a_stale_row()
    {
        var api = await AliceApiAsync();
        var projectId = await DemoProjectIdAsync(api);
        var formulaLike = await CreateAsync(api, projectId, "=SUM(A1) budget check", new DateOnly(2026, 12, 7), new DateOnly(2026, 12, 9));
        var photographer = await CreateAsync(api, projectId, "Book the stand photographer", new DateOnly(2026, 12, 7), new DateOnly(2026, 12, 8));
        var badges = await CreateAsync(api, projectId, "Print the visitor badges", new DateOnly(2026, 12, 7), new DateOnly(2026, 12, 8));
        var page = await browser.OpenExcelPaneAsync();
        await page.GotoAsync("/excel/");
        await Steps.SignInAsync(page, "alice@contoso.com");

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Connect this workbook" })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Combobox, new() { Name = "Project" }).SelectOptionAsync(projectId);
        await page.GetByRole(AriaRole.Button, new() { Name = "Connect" }).ClickAsync();
        await Expect(Status(page)).ToContainTextAsync("The plan is up to date");
        var rows = (await api.GetPlanRowsAsync(projectId, limit: 500).OkAsync()).Rows.Count;
        await Expect(page.Locator("#excel-grid tr")).ToHaveCountAsync(rows + 1);
        await Expect(Cell(page, formulaLike.Key, "Task")).ToHaveTextAsync("=SUM(A1) budget check");
        await Expect(Cell(page, formulaLike.Key, "Task")).Not.ToHaveAttributeAsync("data-formula", new System.Text.RegularExpressions.Regex(".*"));
        await Expect(Cell(page, formulaLike.Key, "Finish")).ToHaveTextAsync("2026-12-09");
        await Expect(page.Locator("#excel-grid th").First).ToHaveTextAsync("ID");
        var properties = await page.EvaluateAsync<JsonElement>("() => window.__excel.properties()");
        properties.GetProperty("OfficeCoordinator.ProjectId").GetString().Should().Be(projectId);
        properties.ToString().Should().NotContain("eyJ", "no token is stored in the workbook").And.NotContain("alice", "nor anything personal");
        await BrowserFixture.ScreenshotAsync(page, "excel-1-loaded");

        await TypeAsync(page, formulaLike.Key, "Finish", "2026-12-11");
        await Push(page).ClickAsync();

        await Expect(Status(page)).ToContainTextAsync("Pushed 1 row: 1 change saved");
        await Expect(Report(page, "applied")).ToContainTextAsync($"{formulaLike.Key} Finish: 2026-12-09 → 2026-12-11");
        (await api.GetTaskAsync(projectId, formulaLike.Number).OkAsync()).Finish.Should().Be(new DateOnly(2026, 12, 11));
        await Expect(Cell(page, formulaLike.Key, "Version")).ToHaveTextAsync((formulaLike.Version + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
        await BrowserFixture.ScreenshotAsync(page, "excel-2-applied");

        await api.UpdateTaskAsync(projectId, photographer.Number, new { title = "Book the photographer (server)" }, CoordinatorClient.ETag(photographer.Version)).OkAsync();
        await TypeAsync(page, photographer.Key, "Task", "Book the photographer (workbook)");
        await Push(page).ClickAsync();

        await Expect(Status(page)).ToContainTextAsync("1 conflict to decide below");
        await Expect(Report(page, "conflict")).ToContainTextAsync(
            $"{photographer.Key} Task: the server has Book the photographer (server), you have Book the photographer (workbook).");
        await Expect(Cell(page, photographer.Key, "Task")).ToHaveCSSAsync("background-color", "rgb(255, 199, 206)");
        (await PlanCellAsync(page, photographer.Key, "Task")).GetProperty("fill").GetString().Should().Be(ConflictFill);
        (await api.GetTaskAsync(projectId, photographer.Number).OkAsync()).Title.Should().Be("Book the photographer (server)");
        var settings = await page.EvaluateAsync<JsonElement>("() => window.__excel.settings()");
        settings.GetProperty($"OfficeCoordinator.Marks.{projectId}").GetProperty("conflicts").EnumerateArray()
            .Select(mark => mark[0].GetString()).Should().Equal($"{photographer.Key}|Task"); // kept with the workbook for a reopened pane
        var decide = page.GetByRole(AriaRole.Region, new() { Name = "Conflicts to decide" });
        await Expect(decide).ToContainTextAsync($"{photographer.Key}Task: yours Book the photographer (workbook); the server's Book the photographer (server)");
        await BrowserFixture.ScreenshotAsync(page, "excel-3-conflict");

        // An unrelated push (a stale row whose other cell the server changed) leaves the undecided conflict alone.
        await api.UpdateTaskAsync(projectId, badges.Number, new { title = "Print the badges (server)" }, CoordinatorClient.ETag(badges.Version)).OkAsync();
        await TypeAsync(page, badges.Key, "Finish", "2026-12-10");
        await Push(page).ClickAsync();

        await Expect(Status(page)).ToContainTextAsync("Pushed 1 row: 1 change saved");
        await Expect(Report(page, "applied")).ToHaveTextAsync([$"Row {await RowOfAsync(page, badges.Key)}{badges.Key} Finish: 2026-12-08 → 2026-12-10Saved"]);
        var merged = await api.GetTaskAsync(projectId, badges.Number).OkAsync();
        merged.Title.Should().Be("Print the badges (server)", "the server's change to another cell of the stale row is kept");
        merged.Finish.Should().Be(new DateOnly(2026, 12, 10));
        await Expect(Cell(page, badges.Key, "Task")).ToHaveTextAsync("Print the badges (server)");
        (await api.GetTaskAsync(projectId, photographer.Number).OkAsync()).Title.Should().Be("Book the photographer (server)", "a conflict is never pushed silently");
        await Expect(Cell(page, photographer.Key, "Task")).ToHaveTextAsync("Book the photographer (workbook)");
        (await PlanCellAsync(page, photographer.Key, "Task")).GetProperty("fill").GetString().Should().Be(ConflictFill);
        await Expect(decide.GetByRole(AriaRole.Listitem)).ToHaveCountAsync(1);
        await BrowserFixture.ScreenshotAsync(page, "excel-4-conflict-survives-a-push");

        // Undo of that push: a new push of the earlier value, with history.
        await page.GetByRole(AriaRole.Button, new() { Name = "Undo last push" }).ClickAsync();
        await Expect(Status(page)).ToContainTextAsync("Undid the last push: 1 value put back");
        (await api.GetTaskAsync(projectId, badges.Number).OkAsync()).Finish.Should().Be(new DateOnly(2026, 12, 8));
        await Expect(Cell(page, badges.Key, "Finish")).ToHaveTextAsync("2026-12-08");
        var badgeHistory = (await api.GetTaskHistoryAsync(projectId, badges.Number).OkAsync()).Items.Where(h => h.Field == "finish").ToList();
        badgeHistory.Select(h => h.NewValue).Should().Contain(["2026-12-10", "2026-12-08"]);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Undo last push" })).ToBeHiddenAsync();

        // Keep mine: the workbook's value is pushed against the server's current version.
        await decide.GetByRole(AriaRole.Button, new() { Name = "Keep mine" }).ClickAsync();
        await Expect(Status(page)).ToContainTextAsync($"Kept your Task for {photographer.Key}");
        (await api.GetTaskAsync(projectId, photographer.Number).OkAsync()).Title.Should().Be("Book the photographer (workbook)");
        await Expect(decide).ToBeHiddenAsync();
        (await PlanCellAsync(page, photographer.Key, "Task")).GetProperty("fill").ValueKind.Should().Be(JsonValueKind.Null, "the decided conflict's mark is cleared");
        (await api.GetTaskAsync(projectId, formulaLike.Number).OkAsync()).Title.Should().Be("=SUM(A1) budget check");
        await BrowserFixture.ScreenshotAsync(page, "excel-4-merged");
    }

    [BrowserFact]
    public async Task Taking_the_servers_value_ends_a_conflict_without_pushing_and_keeps_the_other_edits_of_the_row()
    {
        var api = await AliceApiAsync();
        var projectId = await DemoProjectIdAsync(api);
        var sign = await CreateAsync(api, projectId, "Order the stand sign", new DateOnly(2026, 12, 7), new DateOnly(2026, 12, 9));
        var page = await browser.OpenExcelPaneAsync(officeBackground: "#1f1f1f");
        await page.GotoAsync("/excel/");
        await Steps.SignInAsync(page, "alice@contoso.com");
        await page.GetByRole(AriaRole.Combobox, new() { Name = "Project" }).SelectOptionAsync(projectId);
        await page.GetByRole(AriaRole.Button, new() { Name = "Connect" }).ClickAsync();
        await Expect(Status(page)).ToContainTextAsync("The plan is up to date");
        await api.UpdateTaskAsync(projectId, sign.Number, new { title = "Order the sign (server)" }, CoordinatorClient.ETag(sign.Version)).OkAsync();
        await TypeAsync(page, sign.Key, "Task", "Order the sign (workbook)");
        await Push(page).ClickAsync();
        await Expect(Status(page)).ToContainTextAsync("1 conflict to decide below");
        await TypeAsync(page, sign.Key, "Priority", "High");

        var decide = page.GetByRole(AriaRole.Region, new() { Name = "Conflicts to decide" });
        await decide.GetByRole(AriaRole.Button, new() { Name = "Take the server's" }).ClickAsync();

        await Expect(Status(page)).ToContainTextAsync($"{sign.Key} Task now has the server's value.");
        await Expect(Cell(page, sign.Key, "Task")).ToHaveTextAsync("Order the sign (server)");
        (await PlanCellAsync(page, sign.Key, "Task")).GetProperty("fill").ValueKind.Should().Be(JsonValueKind.Null, "the decided conflict's mark is cleared");
        await Expect(Cell(page, sign.Key, "Priority")).ToHaveTextAsync("High", new() { Timeout = 5_000 });
        await Expect(decide).ToBeHiddenAsync();
        var stored = await api.GetTaskAsync(projectId, sign.Number).OkAsync();
        stored.Title.Should().Be("Order the sign (server)");
        stored.Priority.Should().Be(TaskPriority.Medium, "nothing was pushed: the Priority edit waits for the next push");
        await BrowserFixture.ScreenshotAsync(page, "excel-6-take-the-servers-dark");
    }

    [BrowserFact]
    public async Task Shifting_the_selected_task_from_the_keyboard_moves_its_successors_in_the_grid_and_shows_the_critical_rows_and_slack()
    {
        var api = await AliceApiAsync();
        var projectId = await DemoProjectIdAsync(api);
        var first = await CreateAsync(api, projectId, "Rehearse the launch talk", new DateOnly(2026, 12, 14), new DateOnly(2026, 12, 16));
        var next = await CreateAsync(api, projectId, "Record the launch talk", new DateOnly(2026, 12, 17), new DateOnly(2026, 12, 18), first.Number);
        var page = await browser.OpenExcelPaneAsync(officeBackground: "#1f1f1f");
        await page.GotoAsync("/excel/");
        await page.EvaluateAsync("id => window.__excel.setProperty('OfficeCoordinator.ProjectId', id)", projectId);
        await Steps.SignInAsync(page, "alice@contoso.com");

        await Expect(Status(page)).ToContainTextAsync("This workbook is the plan of Contoso product launch");
        await page.GetByRole(AriaRole.Button, new() { Name = "Load plan" }).ClickAsync();
        await Expect(Status(page)).ToContainTextAsync("The plan is up to date");
        await Cell(page, first.Key, "Task").ClickAsync();
        await page.GetByLabel("Working days (negative: earlier)").FillAsync("3");
        await page.Keyboard.PressAsync("Tab");
        await Expect(page.GetByLabel("Move its successors too")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Tab");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Shift selected task" })).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");

        await Expect(Status(page)).ToContainTextAsync($"Shifted {first.Key}: moved {first.Key} 2026-12-14 → 2026-12-17");
        await Expect(Cell(page, first.Key, "Start")).ToHaveTextAsync("2026-12-17");
        await Expect(Cell(page, first.Key, "Finish")).ToHaveTextAsync("2026-12-21");
        await Expect(Cell(page, next.Key, "Start")).ToHaveTextAsync("2026-12-22");
        await Expect(Cell(page, next.Key, "Finish")).ToHaveTextAsync("2026-12-23");
        (await api.GetTaskAsync(projectId, next.Number).OkAsync()).Start.Should().Be(new DateOnly(2026, 12, 22));
        await Expect(page.Locator("#excel-grid th[data-beside]")).ToHaveTextAsync("Slack");
        var schedule = await api.GetScheduleAsync(projectId).OkAsync();
        schedule.Tasks.Should().Contain(t => t.Critical).And.Contain(t => !t.Critical);
        foreach (var task in schedule.Tasks)
        {
            var id = (await PlanCellAsync(page, task.Key, "ID")).GetProperty("fill");
            (id.ValueKind == JsonValueKind.String ? id.GetString() : null).Should().Be(task.Critical ? CriticalFill : null, $"{task.Key} is {(task.Critical ? "" : "not ")}critical");
            (await PlanCellAsync(page, task.Key, "Slack")).GetProperty("value").GetInt32().Should().Be(task.TotalSlack);
        }

        var unlabelled = await page.EvaluateAsync<string[]>(
            "() => [...document.querySelectorAll('main input, main select, main textarea, main button')].filter(e => !e.labels?.length && !e.closest('label') && !e.textContent.trim() && !e.getAttribute('aria-label')).map(e => e.name || e.outerHTML)");
        unlabelled.Should().BeEmpty();
        await Expect(page.Locator("html")).ToHaveAttributeAsync("data-theme", "dark");
        await BrowserFixture.ScreenshotAsync(page, "excel-5-shifted");

        // Undo of the shift: the earlier dates pushed again with the versions the shift returned.
        await page.GetByRole(AriaRole.Button, new() { Name = "Undo last shift" }).ClickAsync();
        await Expect(Status(page)).ToContainTextAsync("Undid the last shift");
        await Expect(Cell(page, first.Key, "Start")).ToHaveTextAsync("2026-12-14");
        await Expect(Cell(page, next.Key, "Finish")).ToHaveTextAsync("2026-12-18");
        (await api.GetTaskAsync(projectId, next.Number).OkAsync()).Start.Should().Be(new DateOnly(2026, 12, 17));
        (await api.GetTaskHistoryAsync(projectId, first.Number).OkAsync()).Items.Count(h => h.Field == "start").Should().Be(2, "the shift and its undo are both in history");
    }

    [BrowserFact]
    public async Task The_pane_publishes_the_plan_into_the_local_folder_merges_an_edit_saved_there_and_reopens_the_shared_file()
    {
        var api = await AliceApiAsync();
        var projectId = await DemoProjectIdAsync(api);
        var banner = await CreateAsync(api, projectId, "Hang the stand banner", new DateOnly(2026, 12, 7), new DateOnly(2026, 12, 8));
        var page = await browser.OpenExcelPaneAsync();
        await page.GotoAsync("/excel/");
        await Steps.SignInAsync(page, "alice@contoso.com");
        await page.GetByRole(AriaRole.Combobox, new() { Name = "Project" }).SelectOptionAsync(projectId);
        await page.GetByRole(AriaRole.Button, new() { Name = "Connect" }).ClickAsync();
        await Expect(Status(page)).ToContainTextAsync("The plan is up to date");
        var shared = page.GetByRole(AriaRole.Region, new() { Name = "Shared plan" });
        await Expect(shared).ToContainTextAsync("folder on the server");

        await page.GetByRole(AriaRole.Button, new() { Name = "Publish to the shared folder" }).ClickAsync();
        await Expect(Status(page)).ToContainTextAsync("Published plan.xlsx to the shared folder");
        await Expect(shared).ToContainTextAsync("by alice@contoso.com");
        var path = Path.Combine(browser.App.DataDirectory, "documents", projectId, "plan.xlsx");
        File.Exists(path).Should().BeTrue();
        await BrowserFixture.ScreenshotAsync(page, "excel-6-published");

        // Someone saves the shared file in Excel with the banner a day later; the next publish merges it.
        await File.WriteAllBytesAsync(path, await Plans.SpreadsheetEdits.EditAsync(await File.ReadAllBytesAsync(path),
            $"""set_cell("{banner.Key}", "Finish", datetime.datetime(2026, 12, 9))"""));
        await page.GetByRole(AriaRole.Button, new() { Name = "Publish to the shared folder" }).ClickAsync();
        await Expect(Status(page)).ToContainTextAsync("with 1 change(s) merged from the copy saved there");
        await Expect(page.Locator("li[data-kind=applied]")).ToContainTextAsync($"{banner.Key} Finish: 2026-12-08 → 2026-12-09");
        (await api.GetTaskAsync(projectId, banner.Number).OkAsync()).Finish.Should().Be(new DateOnly(2026, 12, 9));
        await BrowserFixture.ScreenshotAsync(page, "excel-7-published-merged");

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Open the shared plan" }).ClickAsync());
        var reopened = await File.ReadAllBytesAsync((await download.PathAsync())!);
        download.SuggestedFilename.Should().Be("plan.xlsx");
        reopened.Should().Equal(await File.ReadAllBytesAsync(path));
        using var workbook = Plans.Workbooks.Open(reopened);
        Plans.Workbooks.CustomPropertyOf(workbook, "OfficeCoordinator.ProjectId").Should().Be(projectId);
        (await api.GetProjectAsync(projectId).OkAsync()).SharedPlan!.PublishedBy.Should().Be("alice@contoso.com");
    }

    [BrowserFact]
    public async Task In_the_browser_preview_a_coordinator_publishes_the_shared_plan_into_the_local_folder()
    {
        var api = await AliceApiAsync();
        var projectId = await DemoProjectIdAsync(api);
        var page = await browser.OpenPaneAsync(inOutlook: false);
        await page.GotoAsync("/excel/");
        await Steps.SignInAsync(page, "bob@contoso.com");

        await Expect(page.Locator(".banner")).ToContainTextAsync("Browser preview");
        await page.GetByRole(AriaRole.Button, new() { Name = "Publish to the shared folder" }).ClickAsync();

        await Expect(Status(page)).ToContainTextAsync("Published plan.xlsx to the shared folder");
        await Expect(page.GetByRole(AriaRole.Region, new() { Name = "Shared plan" })).ToContainTextAsync("by bob@contoso.com");
        File.Exists(Path.Combine(browser.App.DataDirectory, "documents", projectId, "plan.xlsx")).Should().BeTrue();
        (await api.GetProjectAsync(projectId).OkAsync()).SharedPlan!.PublishedBy.Should().Be("bob@contoso.com");
        await BrowserFixture.ScreenshotAsync(page, "excel-8-preview-published");
    }

    private static ILocator Status(IPage page) => page.Locator("#pane-status");

    private static async Task<int> RowOfAsync(IPage page, string key) => (await PlanCellAsync(page, key, "ID")).GetProperty("row").GetInt32();

    private static ILocator Push(IPage page) => page.GetByRole(AriaRole.Button, new() { Name = "Push changes" });

    private static ILocator Report(IPage page, string kind) => page.Locator($"li[data-kind={kind}]");

    private static ILocator Cell(IPage page, string key, string column) =>
        page.Locator($"#excel-grid tr:has(td[data-column='ID']:text-is('{key}')) td[data-column='{column}']");

    // Types into a cell as a person would: select it, type into the formula bar, press Enter.
    private static async Task TypeAsync(IPage page, string key, string column, string text)
    {
        await Cell(page, key, column).ClickAsync();
        await page.GetByLabel("Formula bar").FillAsync(text);
        await page.GetByLabel("Formula bar").PressAsync("Enter");
        await Expect(Cell(page, key, column)).ToHaveTextAsync(text);
    }

    private static Task<JsonElement> PlanCellAsync(IPage page, string key, string column) =>
        page.EvaluateAsync<JsonElement>("([id, column]) => window.__excel.planCell(id, column)", new[] { key, column });

    private static Task<TaskItem> CreateAsync(ICoordinatorApi api, string projectId, string title, DateOnly start, DateOnly finish, int? after = null) =>
        api.CreateTaskAsync(projectId, new NewTask(title, Owner: "alice@contoso.com", Start: start, Finish: finish,
            Predecessors: after is { } number ? [new TaskDependency(number)] : null)).OkAsync(System.Net.HttpStatusCode.Created);

    private Task<ICoordinatorApi> AliceApiAsync() => Steps.ApiAsync(browser, "alice@contoso.com");

    private static async Task<string> DemoProjectIdAsync(ICoordinatorApi api) => (await api.ListProjectsAsync().OkAsync()).Items.Single().Id;
}

// A 5,000-task plan through the pane: loaded and pushed in batches, with progress, without a long freeze.
// Its own API (fixture), so the other tests keep their small demo plan.
public sealed class ExcelLargePlanTests(BrowserFixture browser, ITestOutputHelper output) : IClassFixture<BrowserFixture>
{
    private const int Tasks = 5000;

    [BrowserFact]
    public async Task A_plan_of_5000_tasks_loads_and_pushes_in_batches()
    {
        var token = await browser.App.AnonymousClient().CreateDevTokenAsync(new DevTokenRequest("Alice Manager", "alice@contoso.com")).OkAsync();
        var api = browser.App.ClientWithToken(token.AccessToken);
        var projectId = (await api.ListProjectsAsync().OkAsync()).Items.Single().Id;
        var total = System.Diagnostics.Stopwatch.StartNew();
        var seeding = System.Diagnostics.Stopwatch.StartNew();
        await SeedTasksAsync(api, projectId);
        output.WriteLine($"seeded {Tasks:N0} tasks in {seeding.ElapsedMilliseconds} ms");
        var page = await browser.OpenExcelPaneAsync();
        await page.GotoAsync("/excel/");
        await page.EvaluateAsync("id => window.__excel.setProperty('OfficeCoordinator.ProjectId', id)", projectId);
        await page.GetByLabel("Sign in as").SelectOptionAsync("alice@contoso.com");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        page.SetDefaultTimeout(120_000);

        var load = System.Diagnostics.Stopwatch.StartNew();
        await page.GetByRole(AriaRole.Button, new() { Name = "Load plan" }).ClickAsync();
        await Expect(page.Locator("main progress")).ToBeVisibleAsync();
        await Expect(page.Locator("main progress + .hint")).ToContainTextAsync(" of ");
        await Expect(page.Locator("#pane-status")).ToContainTextAsync($"The plan is up to date: {Tasks:N0} tasks", new() { Timeout = 120_000 });
        load.Stop();
        var loaded = await page.EvaluateAsync<JsonElement>("() => ({ ...window.__excel })");
        await page.EvaluateAsync("() => { window.__excel.largestWrite = 0; window.__excel.longestTaskMs = 0; window.__excel.fillColumn('% Complete', '40%'); }");
        var push = System.Diagnostics.Stopwatch.StartNew();
        await page.GetByRole(AriaRole.Button, new() { Name = "Push changes" }).ClickAsync();
        await Expect(page.Locator("#pane-status")).ToContainTextAsync($"Pushed {Tasks:N0} rows: {Tasks:N0} changes saved", new() { Timeout = 120_000 });
        push.Stop();
        var pushed = await page.EvaluateAsync<JsonElement>("() => ({ ...window.__excel })");
        output.WriteLine($"load {load.ElapsedMilliseconds} ms ({loaded.GetProperty("syncs")} syncs, longest task {loaded.GetProperty("longestTaskMs")} ms); "
            + $"push and refresh {push.ElapsedMilliseconds} ms (longest task {pushed.GetProperty("longestTaskMs")} ms)");

        loaded.GetProperty("largestWrite").GetInt32().Should().BeInRange(1, 500, "each sync carries one batch of rows");
        loaded.GetProperty("syncs").GetInt32().Should().BeGreaterThan(Tasks / 500);
        pushed.GetProperty("largestWrite").GetInt32().Should().BeInRange(1, 500);
        (await api.GetTaskAsync(projectId, Tasks).OkAsync()).PercentComplete.Should().Be(40);
        (await api.GetTaskAsync(projectId, 1).OkAsync()).PercentComplete.Should().Be(40);
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "excel-6-large-plan.png") }); // a full-page one takes ~20 s here
        output.WriteLine($"whole test {total.ElapsedMilliseconds} ms");
    }

    // Arranged through the front door: the rows without an ID that the pane itself would send, in one /plan/changes.
    private static async Task SeedTasksAsync(ICoordinatorApi api, string projectId)
    {
        var existing = (await api.GetPlanRowsAsync(projectId, limit: 500).OkAsync()).Rows.Count;
        var rows = Enumerable.Range(existing + 1, Tasks - existing).Select(number => (IReadOnlyDictionary<string, object?>)new Dictionary<string, object?>
        {
            ["Task"] = $"Bulk task {number}", ["Owner"] = "alice@contoso.com", ["Start"] = "2027-01-04", ["Finish"] = "2027-01-08",
        }).ToList();
        var report = await api.ApplyPlanChangesAsync(projectId, new PlanChanges(rows)).OkAsync();
        report.Created.Should().HaveCount(Tasks - existing);
        report.Created[^1].Number.Should().Be(Tasks);
    }
}
