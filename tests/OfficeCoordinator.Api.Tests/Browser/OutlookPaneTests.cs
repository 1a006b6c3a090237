using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using System.Text.Json;
using Microsoft.Playwright;
using OfficeCoordinator.Api.Tests.Infrastructure;
using OfficeCoordinator.Client;
using OfficeCoordinator.Client.Contracts;
using static Microsoft.Playwright.Assertions;

namespace OfficeCoordinator.Api.Tests.Browser;

// The Outlook pane in real Chromium against the real API (Development: demo project, development sign-in),
// with a simulated Outlook host in office.js's place. Screenshots of each state go to TestResults/screenshots.
public sealed class OutlookPaneTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [BrowserFact]
    public async Task The_pane_makes_one_task_from_the_email_logs_a_decision_raises_an_obstacle_and_follows_the_selection()
    {
        var thread = "conv-" + Guid.NewGuid().ToString("N");
        var venue = Steps.Message("venue-contract-by-friday", thread);
        var catering = Steps.Message("within-two-weeks", "conv-" + Guid.NewGuid().ToString("N"));
        var page = await browser.OpenPaneAsync(inOutlook: true);
        await page.GotoAsync("/outlook/");
        await Steps.SelectAsync(page, venue, preset: true);
        await Steps.SignInAsync(page, "bob@contoso.com");

        await Expect(page.GetByLabel("Title")).ToHaveValueAsync("Venue contract needs signature by Friday");
        await Expect(page.GetByLabel("Due")).ToHaveValueAsync("2026-11-20");
        await Expect(page.GetByRole(AriaRole.Combobox, new() { Name = "Project" })).ToHaveValueAsync(await DemoProjectIdAsync());
        await Expect(Linked(page)).ToContainTextAsync("Nothing yet.");
        await BrowserFixture.ScreenshotAsync(page, "outlook-1-message");

        await CreateDespiteThePastDueDateAsync(page, "2026-11-20");
        await Expect(Status(page)).ToContainTextAsync("Created T-");
        var key = (await Status(page).TextContentAsync())!.Split(' ')[1].TrimEnd(':');
        await Expect(Linked(page).Locator("li[data-type=task]")).ToHaveCountAsync(1);
        await Expect(Linked(page)).ToContainTextAsync($"{key} Venue contract needs signature by Friday");
        await BrowserFixture.ScreenshotAsync(page, "outlook-2-task-created");

        await Expect(page.GetByRole(AriaRole.Region, new() { Name = "Actions" })).ToContainTextAsync($"This email is already tracked as {key}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create a new task" }).ClickAsync();
        await Expect(Status(page)).ToContainTextAsync($"Already tracked as {key}");
        await Expect(Linked(page).Locator("li[data-type=task]")).ToHaveCountAsync(1);
        await BrowserFixture.ScreenshotAsync(page, "outlook-3-no-duplicate");

        await page.GetByRole(AriaRole.Tab, new() { Name = "Log" }).ClickAsync();
        await page.GetByLabel("Kind").SelectOptionAsync("Decision");
        await page.GetByLabel("Decision", new() { Exact = true }).FillAsync("Sign with Harbour Hall");
        await page.GetByLabel("Rationale").FillAsync("The only venue free on the date");
        await page.GetByRole(AriaRole.Button, new() { Name = "Log decision" }).ClickAsync();
        await Expect(Status(page)).ToContainTextAsync("Decision logged as proposed: Sign with Harbour Hall");
        await Expect(Linked(page).Locator("li[data-type=decision]")).ToContainTextAsync("Sign with Harbour Hall");
        await BrowserFixture.ScreenshotAsync(page, "outlook-4-decision-logged");

        await page.GetByRole(AriaRole.Tab, new() { Name = "Obstacle" }).ClickAsync();
        await page.GetByLabel("What stands in the way").FillAsync("Legal has not reviewed the venue contract");
        await page.GetByLabel("Blocks task").SelectOptionAsync(new SelectOptionValue { Label = $"{key} Venue contract needs signature by Friday" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Raise obstacle" }).ClickAsync();
        await Expect(Status(page)).ToContainTextAsync("Obstacle raised");
        await Expect(Linked(page).Locator("li[data-type=obstacle]")).ToContainTextAsync("Open");
        await Expect(Linked(page).Locator("li[data-type=task] .pill")).ToHaveTextAsync("Blocked");
        await BrowserFixture.ScreenshotAsync(page, "outlook-5-obstacle-raised");

        await Steps.SelectAsync(page, catering);
        await Expect(page.Locator(".email-subject")).ToHaveTextAsync("Catering options");
        await Expect(page.GetByLabel("Title")).ToHaveValueAsync("Catering options");
        await Expect(Linked(page)).ToContainTextAsync("Nothing yet.");
        await Expect(page.Locator("div.status:not(:empty)")).ToHaveCountAsync(0, new() { Timeout = 5_000 });
        await BrowserFixture.ScreenshotAsync(page, "outlook-6-followed-selection");

        var links = await (await BobApiAsync()).GetEmailLinksAsync(conversationId: thread).OkAsync();
        links.Items.Select(l => l.Type).Should().BeEquivalentTo("task", "decision", "obstacle");
        var stored = await page.EvaluateAsync<string>(
            "() => JSON.stringify(localStorage) + JSON.stringify(sessionStorage) + JSON.stringify(Office.context.roamingSettings.get('oc.projects'))");
        stored.Should().NotContain("eyJ", "no token is ever stored").And.Contain(thread, "the project is remembered for the conversation");
    }

    [BrowserFact]
    public async Task A_failing_request_shows_the_problem_and_the_form_keeps_what_the_user_typed()
    {
        var page = await browser.OpenPaneAsync(inOutlook: true);
        await page.GotoAsync("/outlook/");
        await Steps.SelectAsync(page, Steps.Message("repeated-prefixes-mixed-case", "conv-" + Guid.NewGuid().ToString("N")), preset: true);
        await Steps.SignInAsync(page, "bob@contoso.com");
        await Expect(page.GetByLabel("Title")).ToHaveValueAsync("Budget sign-off for Q1 marketing");

        await page.GetByRole(AriaRole.Tab, new() { Name = "Log" }).ClickAsync();
        await page.GetByLabel("Kind").SelectOptionAsync("Decision");
        await page.GetByLabel("Summary").FillAsync("Budget call with Alice");
        await page.GetByRole(AriaRole.Button, new() { Name = "Log decision" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("The decision is required.");
        await Expect(page.GetByLabel("Summary")).ToHaveValueAsync("Budget call with Alice");
        await BrowserFixture.ScreenshotAsync(page, "outlook-7-problem-shown");
    }

    [BrowserFact]
    public async Task Outside_Office_the_browser_preview_creates_a_task_from_the_sample_message()
    {
        var page = await browser.OpenPaneAsync(inOutlook: false);
        await page.GotoAsync("/outlook/");
        await Steps.SignInAsync(page, "bob@contoso.com");

        await Expect(page.Locator(".banner")).ToContainTextAsync("Browser preview");
        await Expect(page.GetByLabel("Title")).ToHaveValueAsync("Venue contract needs signature by Friday");
        // The samples share a thread across page loads: once it has a task, the pane offers to add to it instead.
        await page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Create (a new )?task$") }).ClickAsync();

        await Expect(Status(page)).ToContainTextAsync("Created T-");
        await BrowserFixture.ScreenshotAsync(page, "outlook-8-browser-preview");
    }

    [BrowserFact]
    public async Task Every_control_is_labelled_the_tabs_work_from_the_keyboard_and_the_dark_Office_theme_is_followed()
    {
        var page = await browser.OpenPaneAsync(inOutlook: true, officeBackground: "#1f1f1f");
        await page.GotoAsync("/outlook/");
        await Steps.SelectAsync(page, Steps.Message("german-prefixes-eod-tomorrow", "conv-" + Guid.NewGuid().ToString("N")), preset: true);
        await Steps.SignInAsync(page, "bob@contoso.com");
        await Expect(page.GetByLabel("Title")).ToHaveValueAsync("Druckfreigabe Broschüre");

        var unlabelled = await page.EvaluateAsync<string[]>(
            "() => [...document.querySelectorAll('input, select, textarea, button')].filter(e => !e.labels?.length && !e.closest('label') && !e.textContent.trim() && !e.getAttribute('aria-label')).map(e => e.name || e.outerHTML)");
        await page.GetByRole(AriaRole.Tab, new() { Name = "Task" }).FocusAsync();
        await page.Keyboard.PressAsync("ArrowRight");

        unlabelled.Should().BeEmpty();
        await Expect(page.GetByRole(AriaRole.Tab, new() { Name = "Log" })).ToHaveAttributeAsync("aria-selected", "true");
        await Expect(page.GetByRole(AriaRole.Tab, new() { Name = "Log" })).ToBeFocusedAsync();
        await Expect(page.GetByLabel("Summary")).ToBeVisibleAsync();
        await Expect(page.Locator("html")).ToHaveAttributeAsync("data-theme", "dark");
        var overflow = await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > document.documentElement.clientWidth");
        overflow.Should().BeFalse("the pane fits its 320 px width");
        await BrowserFixture.ScreenshotAsync(page, "outlook-9-dark-theme");
    }

    [BrowserFact]
    public async Task Creating_a_task_copies_the_checked_attachments_into_the_project_folder_and_links_them_on_the_task()
    {
        var agenda = "Stand build agenda: power at 8, lights at 10."u8.ToArray();
        var published = await (await BobApiAsync()).PublishPlanAsync(await DemoProjectIdAsync()).OkAsync();
        var page = await browser.OpenPaneAsync(inOutlook: true);
        await page.GotoAsync("/outlook/");
        await page.EvaluateAsync("([json, attachments]) => window.__outlook.preset(JSON.parse(json), attachments)", new object[]
        {
            JsonSerializer.Serialize(Steps.Message("venue-contract-by-friday", "conv-" + Guid.NewGuid().ToString("N")), CoordinatorClient.JsonOptions),
            new object[]
            {
                new { id = "att-agenda-" + Guid.NewGuid().ToString("N"), name = "Build agenda.txt", contentType = "text/plain", content = Convert.ToBase64String(agenda) },
                new { id = "att-logo", name = "logo.png", contentType = "image/png", isInline = true, content = Convert.ToBase64String(new byte[64]) },
                new { id = "att-fwd", name = "Earlier thread", contentType = "message/rfc822", kind = "item", content = "" },
            },
        });
        await Steps.SignInAsync(page, "bob@contoso.com");

        await Expect(page.GetByRole(AriaRole.Checkbox, new() { Name = "Build agenda.txt" })).ToBeCheckedAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Open the shared plan" })).ToHaveAttributeAsync("href", published.WebUrl);
        await Expect(page.GetByRole(AriaRole.Checkbox, new() { Name = "logo.png" })).ToBeDisabledAsync();
        await Expect(page.GetByRole(AriaRole.Checkbox, new() { Name = "Earlier thread" })).ToBeDisabledAsync();
        await BrowserFixture.ScreenshotAsync(page, "outlook-10-attachments-offered");
        await CreateDespiteThePastDueDateAsync(page, "2026-11-20");

        await Expect(Status(page)).ToContainTextAsync("1 of 1 attachment(s) in the project's documents");
        await Expect(page.Locator("ul.documents li[data-state=Copied]")).ToContainTextAsync("Build agenda.txt");
        var key = (await Status(page).TextContentAsync())!.Split(' ')[1].TrimEnd(':');
        var api = await BobApiAsync();
        var projectId = await DemoProjectIdAsync();
        var task = await api.GetTaskAsync(projectId, int.Parse(key[2..], System.Globalization.CultureInfo.InvariantCulture)).OkAsync();
        task.Attachments.Should().ContainSingle().Which.Should().Match<TaskAttachment>(a => a.Name == "Build agenda.txt" && a.Size == agenda.Length && a.AddedBy == "bob@contoso.com");
        using var stored = await api.DownloadDocumentAsync(projectId, "Build agenda.txt");
        (await stored.Content.ReadAsByteArrayAsync()).Should().Equal(agenda);
        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("ul.documents a").First.ClickAsync());
        download.SuggestedFilename.Should().Be("Build agenda.txt");
        await BrowserFixture.ScreenshotAsync(page, "outlook-11-attachments-copied");
    }

    [BrowserFact]
    public async Task Consent_and_claims_problems_from_Microsoft_365_become_a_prompt_and_the_action_runs_again_after_it()
    {
        var page = await browser.OpenPaneAsync(inOutlook: true);
        var previews = 0;
        var creations = 0;
        var tokens = 0;
        page.Request += (_, request) => tokens += request.Url.EndsWith("/api/dev/token", StringComparison.Ordinal) ? 1 : 0;
        await page.RouteAsync("**/api/emails/preview", route => Interlocked.Increment(ref previews) == 1
            ? route.FulfillAsync(Problem(401, "Allow OfficeCoordinator to use Microsoft 365 on your behalf, then try again.",
                new { graph = "consent", scopes = new[] { "https://graph.microsoft.com/Mail.Read" } }))
            : route.ContinueAsync());
        await page.RouteAsync("**/tasks/from-email", route => Interlocked.Increment(ref creations) == 1
            ? route.FulfillAsync(Problem(401, "Sign in again to satisfy your organisation's access policy, then try again.",
                new { graph = "claims", claims = """{"access_token":{"acrs":{"essential":true,"value":"c1"}}}""" }))
            : route.ContinueAsync());
        await page.GotoAsync("/outlook/");
        await Steps.SelectAsync(page, Steps.Message("within-two-weeks", "conv-" + Guid.NewGuid().ToString("N")), preset: true);
        await Steps.SignInAsync(page, "bob@contoso.com");

        await Expect(Status(page)).ToContainTextAsync("Allow OfficeCoordinator to use Microsoft 365");
        await BrowserFixture.ScreenshotAsync(page, "outlook-12-consent-prompt");
        var signedIn = tokens;
        await page.GetByRole(AriaRole.Button, new() { Name = "Allow access" }).ClickAsync();
        await Expect(page.GetByLabel("Due")).Not.ToHaveValueAsync("");
        // A due date ahead of today, whatever day the test runs: the message's own deadline has passed by now, and the
        // pane's warning about a past date is another test's subject.
        await page.GetByLabel("Due").FillAsync(DateTime.Today.AddDays(30).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await page.GetByRole(AriaRole.Button, new() { Name = "Create task" }).ClickAsync();
        await Expect(Status(page)).ToContainTextAsync("Sign in again to satisfy");
        await BrowserFixture.ScreenshotAsync(page, "outlook-13-claims-prompt");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in again" }).ClickAsync();

        await Expect(Status(page)).ToContainTextAsync("Created T-");
        previews.Should().BeGreaterThanOrEqualTo(2, "the preview ran again after consent");
        creations.Should().Be(2, "the task was asked for again after the sign-in");
        tokens.Should().Be(signedIn + 2, "each prompt signed the user in again before the retry");
    }

    [BrowserFact]
    public async Task In_compose_mode_the_pane_inserts_the_latest_report_with_its_recipients_and_subject_and_logs_it_once()
    {
        var page = await browser.OpenPaneAsync(inOutlook: true);
        await page.GotoAsync("/outlook/");
        await page.EvaluateAsync("() => window.__outlook.compose({ body: '', subject: '' })");
        await Steps.SignInAsync(page, "bob@contoso.com");
        var api = await BobApiAsync();
        var projectId = await DemoProjectIdAsync();
        var report = await api.GetStatusReportAsync(projectId, 1).OkAsync();
        var rendering = report.Renderings.Single(r => r.Audience == Audience.ManageClosely && !r.External);

        await Expect(page.GetByRole(AriaRole.Region, new() { Name = "Status report" })).ToContainTextAsync($"SR-1 of {report.AsOf:yyyy-MM-dd}: {report.Status}");
        await page.GetByLabel("Audience").SelectOptionAsync("ManageClosely");
        await page.GetByRole(AriaRole.Button, new() { Name = "Insert for internal recipients" }).ClickAsync();
        await Expect(Status(page)).ToContainTextAsync($"Inserted SR-1 for {rendering.Recipients.Count} internal recipient(s); logged as an outbound update.");
        await BrowserFixture.ScreenshotAsync(page, "outlook-14-compose-inserted");
        await page.GetByRole(AriaRole.Button, new() { Name = "Insert for internal recipients" }).ClickAsync();
        await Expect(Status(page)).ToContainTextAsync("it was logged already");

        var draft = await page.EvaluateAsync<JsonElement>("() => window.__draft");
        draft.GetProperty("subject").GetString().Should().Be(rendering.Subject);
        draft.GetProperty("body").GetString().Should().Contain(System.Net.WebUtility.HtmlEncode(report.Model.ProjectName));
        draft.GetProperty("to").EnumerateArray().Select(p => p.GetProperty("emailAddress").GetString()).Should().BeEquivalentTo(
            rendering.Recipients.Concat(rendering.Recipients).Select(r => r.Email), "each insertion adds the rendering's recipients");
        var log = await api.ListCommunicationsAsync(projectId, new CommunicationQuery { Limit = 100 }).OkAsync();
        log.Items.Where(c => c.ReportNumber == 1 && c.Delivery == Delivery.Inserted).Should().ContainSingle()
            .Which.Participants.Select(p => p.Email).Should().BeEquivalentTo(rendering.Recipients.Select(r => r.Email));
    }

    [BrowserFact]
    public async Task Where_Outlook_runs_the_on_send_event_a_report_is_logged_as_sent_when_the_message_goes_out_not_at_insertion()
    {
        var page = await browser.OpenPaneAsync(inOutlook: true);
        await page.GotoAsync("/outlook/");
        await page.EvaluateAsync("() => { window.__mailboxMinor = 12; window.__outlook.compose({ body: '', subject: '' }); }");
        await Steps.SignInAsync(page, "bob@contoso.com");
        var api = await BobApiAsync();
        var projectId = await DemoProjectIdAsync();

        await Expect(page.GetByRole(AriaRole.Region, new() { Name = "Status report" })).ToContainTextAsync("SR-1 of");
        await page.GetByLabel("Audience").SelectOptionAsync("Monitor");
        var before = await api.ListCommunicationsAsync(projectId, new CommunicationQuery { Limit = 200 }).OkAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Insert for internal recipients" }).ClickAsync();
        await Expect(Status(page)).ToContainTextAsync("it is logged as an outbound update when you send the message");
        var session = await page.EvaluateAsync<string>("() => JSON.stringify(window.__draft.session)");
        var afterInsert = await api.ListCommunicationsAsync(projectId, new CommunicationQuery { Limit = 200 }).OkAsync();

        // Send: Outlook loads the add-in's on-send runtime for the same draft and calls its handler.
        var runtime = await browser.OpenPaneAsync(inOutlook: true);
        await runtime.GotoAsync("/outlook/onsend.html");
        await runtime.EvaluateAsync("s => window.__outlook.compose({ session: JSON.parse(s) })", session);
        await runtime.WaitForFunctionAsync("() => window.__actions && window.__actions.onMessageSendHandler");
        var completed = await runtime.EvaluateAsync<JsonElement>("() => new Promise(resolve => window.__actions.onMessageSendHandler({ completed: resolve }))");
        var left = await runtime.EvaluateAsync<string>("() => JSON.stringify(window.__draft.session)");
        var again = await runtime.EvaluateAsync<JsonElement>("() => new Promise(resolve => window.__actions.onMessageSendHandler({ completed: resolve }))");
        var afterSend = await api.ListCommunicationsAsync(projectId, new CommunicationQuery { Limit = 200 }).OkAsync();

        session.Should().Contain("oc.pendingReports").And.Contain("Monitor").And.NotContain("token", "no token is kept in the draft");
        afterInsert.Items.Count.Should().Be(before.Items.Count, "nothing is logged at insertion where Outlook reports the send");
        completed.GetProperty("allowEvent").GetBoolean().Should().BeTrue();
        again.GetProperty("allowEvent").GetBoolean().Should().BeTrue();
        left.Should().Be("{}", "the pending record is cleared once logged");
        var logged = afterSend.Items.Where(c => c.ReportNumber == 1 && !before.Items.Any(b => b.Id == c.Id)).ToList();
        logged.Should().ContainSingle().Which.Delivery.Should().Be(Delivery.Sent);
        logged[0].LoggedBy.Email.Should().Be("bob@contoso.com");

        // When the record cannot be made, Outlook asks the user (send anyway, or not): the add-in never swallows it.
        var failing = await browser.OpenPaneAsync(inOutlook: true);
        await failing.RouteAsync("**/inserted", route => route.FulfillAsync(new RouteFulfillOptions
        {
            Status = 503, ContentType = "application/problem+json", Body = """{ "status": 503, "title": "Service Unavailable", "detail": "Try again later." }""",
        }));
        await failing.GotoAsync("/outlook/onsend.html");
        await failing.EvaluateAsync("s => window.__outlook.compose({ session: JSON.parse(s) })", session);
        await failing.WaitForFunctionAsync("() => window.__actions && window.__actions.onMessageSendHandler");
        var refused = await failing.EvaluateAsync<JsonElement>("() => new Promise(resolve => window.__actions.onMessageSendHandler({ completed: resolve }))");
        refused.GetProperty("allowEvent").GetBoolean().Should().BeFalse();
        refused.GetProperty("errorMessage").GetString().Should().Contain("could not log the status report");
    }

    [BrowserFact]
    public async Task In_compose_mode_the_pane_prepares_update_requests_once_and_inserts_one_owners_request_into_the_draft()
    {
        var page = await browser.OpenPaneAsync(inOutlook: true);
        await page.GotoAsync("/outlook/");
        await page.EvaluateAsync("() => window.__outlook.compose({ body: '', subject: '' })");
        await Steps.SignInAsync(page, "bob@contoso.com");
        var api = await BobApiAsync();
        var projectId = await DemoProjectIdAsync();
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var requestsBefore = await RequestCountAsync(api, projectId);

        await page.GetByLabel("Due from").FillAsync(today.AddDays(-90).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await page.GetByLabel("Due to").FillAsync(today.AddDays(180).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await page.GetByRole(AriaRole.Button, new() { Name = "Prepare update requests" }).ClickAsync();
        await Expect(Status(page)).ToContainTextAsync("update request(s), logged as outbound requests");
        var prepared = await page.GetByRole(AriaRole.List, new() { Name = "Prepared update requests" }).GetByRole(AriaRole.Listitem).CountAsync();
        var insert = page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Insert the request to ") }).First;
        var owner = (await insert.GetAttributeAsync("aria-label"))!["Insert the request to ".Length..];
        await insert.ClickAsync();
        await Expect(Status(page)).ToContainTextAsync($"Inserted the update request to {owner}");
        await BrowserFixture.ScreenshotAsync(page, "outlook-16-update-request-inserted");

        var draft = await page.EvaluateAsync<JsonElement>("() => window.__draft");
        draft.GetProperty("subject").GetString().Should().StartWith("Update request: Contoso product launch");
        draft.GetProperty("body").GetString().Should().Contain("T-");
        draft.GetProperty("to").EnumerateArray().Select(p => p.GetProperty("emailAddress").GetString()).Should().Equal(owner);
        prepared.Should().BeGreaterThan(0);
        (await RequestCountAsync(api, projectId)).Should().Be(requestsBefore + prepared, "preparing records each owner's request once; inserting records nothing more");

        // The next new message offers the prepared requests again without asking for them (or recording them) again.
        await page.ReloadAsync();
        await page.EvaluateAsync("() => window.__outlook.compose({ body: '', subject: '' })");
        await Steps.SignInAsync(page, "bob@contoso.com");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = $"Insert the request to {owner}" })).ToHaveTextAsync("Insert again");
        (await RequestCountAsync(api, projectId)).Should().Be(requestsBefore + prepared);
    }

    private static async Task<int> RequestCountAsync(ICoordinatorApi api, string projectId) =>
        (await api.ListCommunicationsAsync(projectId, new CommunicationQuery { Limit = 200 }).OkAsync()).Items.Count(c => c.Kind == CommunicationKind.Request);

    [BrowserFact]
    public async Task The_browser_preview_shows_the_demo_report_for_an_audience_without_logging_anything()
    {
        var page = await browser.OpenPaneAsync(inOutlook: false);
        await page.GotoAsync("/outlook/");
        await Steps.SignInAsync(page, "bob@contoso.com");
        var api = await BobApiAsync();
        var projectId = await DemoProjectIdAsync();
        var before = (await api.ListCommunicationsAsync(projectId, new CommunicationQuery { Limit = 100 }).OkAsync()).Items.Count;

        await page.GetByLabel("Sample message").SelectOptionAsync("compose");
        await Expect(page.GetByRole(AriaRole.Region, new() { Name = "Status report" })).ToContainTextAsync("SR-1 of");
        await page.GetByRole(AriaRole.Button, new() { Name = "Insert for internal recipients" }).ClickAsync();

        await Expect(Status(page)).ToContainTextAsync("Preview of SR-1");
        var frame = page.FrameLocator("iframe.report-preview");
        await Expect(frame.Locator("h1")).ToHaveTextAsync("Contoso product launch");
        await Expect(page.GetByTitle("Message preview")).ToHaveAttributeAsync("sandbox", "");
        await BrowserFixture.ScreenshotAsync(page, "outlook-15-report-preview");
        (await api.ListCommunicationsAsync(projectId, new CommunicationQuery { Limit = 100 }).OkAsync()).Items.Count.Should().Be(before, "a preview logs nothing");
    }

    // The fixture's due date is before today: the pane says so once, and the second click creates the task.
    private static async Task CreateDespiteThePastDueDateAsync(IPage page, string due)
    {
        await page.GetByRole(AriaRole.Button, new() { Name = "Create task" }).ClickAsync();
        await Expect(Status(page)).ToContainTextAsync($"Check the dates: the due date {due} is in the past");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create anyway" }).ClickAsync();
    }

    private static RouteFulfillOptions Problem(int status, string detail, object extensions)
    {
        var body = JsonSerializer.SerializeToNode(extensions)!.AsObject();
        body["status"] = status;
        body["title"] = "Unauthorized";
        body["detail"] = detail;
        return new RouteFulfillOptions { Status = status, ContentType = "application/problem+json", Body = body.ToJsonString() };
    }

    // The message of the last action: the one status region with something to say (results are said next to their button).
    private static ILocator Status(IPage page) => page.Locator("div.status:not(:empty)").Last;

    private static ILocator Linked(IPage page) => Steps.Linked(page);

    private Task<ICoordinatorApi> BobApiAsync() => Steps.ApiAsync(browser, "bob@contoso.com");

    private Task<string> DemoProjectIdAsync() => Steps.DemoProjectIdAsync(browser);
}
