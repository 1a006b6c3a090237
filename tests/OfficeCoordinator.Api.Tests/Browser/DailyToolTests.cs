using System.Globalization;
using System.Net;
using System.Text.Json;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using OfficeCoordinator.Api.Tests.Infrastructure;
using OfficeCoordinator.Client;
using OfficeCoordinator.Client.Contracts;
using static Microsoft.Playwright.Assertions;

namespace OfficeCoordinator.Api.Tests.Browser;

// The panes as a daily tool (issue 15), at 320 × 800 in light and dark: results where the eye is, acting on linked
// items and search results by role, the thread guard, members as the team, the Excel preview, and an automated
// accessibility check (axe-core) with no serious or critical violation. Screenshots go to TestResults/screenshots.
public sealed class DailyToolTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private const string Dark = "#1f1f1f";

    [BrowserFact]
    public async Task A_coordinator_creates_a_task_with_an_owner_and_a_start_and_sees_the_result_without_scrolling()
    {
        await CreateWithOwnerAndStartAsync(null, "light");
        await CreateWithOwnerAndStartAsync(Dark, "dark");
    }

    private async Task CreateWithOwnerAndStartAsync(string? background, string theme)
    {
        var today = DateOnly.FromDateTime(DateTime.Now);
        var page = await browser.OpenPaneAsync(inOutlook: true, officeBackground: background);
        await page.GotoAsync("/outlook/");
        await Steps.SelectAsync(page, Steps.Message("within-two-weeks", Steps.NewThread()), preset: true);
        await Steps.SignInAsync(page, "bob@contoso.com");
        await Expect(page.GetByLabel("Title")).ToHaveValueAsync("Catering options");

        await Expect(page.GetByLabel("Owner")).ToHaveValueAsync("bob@contoso.com");
        await Expect(page.GetByLabel("Requester")).Not.ToHaveValueAsync("");
        await Expect(page.GetByLabel("Phase")).ToHaveValueAsync("Executing");
        await page.GetByLabel("Owner").SelectOptionAsync("dan@contoso.com");
        await page.GetByLabel("Start").FillAsync(Iso(today));
        await page.GetByLabel("Due").FillAsync(Iso(today.AddDays(9)));
        await page.GetByLabel("Phase").SelectOptionAsync(new SelectOptionValue { Label = "Planning" });
        await page.GetByLabel("Description").FillAsync("Three caterers; compare menus and prices.");
        var create = page.GetByRole(AriaRole.Button, new() { Name = "Create task" });
        await create.ClickAsync();

        var result = page.Locator("#panel-task div.status");
        await Expect(result).ToContainTextAsync("Created T-");
        await Expect(result).ToBeFocusedAsync();
        await Expect(result).ToBeInViewportAsync(new() { Ratio = 1 });
        (await ViewportTopAsync(result)).Should().BeInRange(0, 800 - 20, "the result is in view without scrolling");
        await BrowserFixture.ScreenshotAsync(page, $"daily-1-task-created-{theme}");
        var number = int.Parse((await result.TextContentAsync())!.Split(' ')[1].TrimEnd(':')[2..], CultureInfo.InvariantCulture);
        var task = await (await Steps.ApiAsync(browser, "bob@contoso.com")).GetTaskAsync(await Steps.DemoProjectIdAsync(browser), number).OkAsync();
        task.Should().Match<TaskItem>(t => t.Owner == "dan@contoso.com" && t.Start == today && t.Finish == today.AddDays(9) && t.Phase == ProjectPhase.Planning
            && t.Description == "Three caterers; compare menus and prices.");
    }

    [BrowserFact]
    public async Task A_finish_before_the_start_is_refused_a_past_one_is_said_before_saving_and_a_slow_request_shows_a_busy_button()
    {
        var page = await browser.OpenPaneAsync(inOutlook: true);
        await page.RouteAsync("**/tasks/from-email", async route =>
        {
            await Task.Delay(1500);
            await route.ContinueAsync();
        });
        await page.GotoAsync("/outlook/");
        await Steps.SelectAsync(page, Steps.Message("within-two-weeks", Steps.NewThread()), preset: true);
        await Steps.SignInAsync(page, "bob@contoso.com");
        await Expect(page.GetByLabel("Title")).ToHaveValueAsync("Catering options");
        var today = DateOnly.FromDateTime(DateTime.Now);

        await page.GetByLabel("Start").FillAsync(Iso(today.AddDays(10)));
        await page.GetByLabel("Due").FillAsync(Iso(today.AddDays(5)));
        await page.GetByRole(AriaRole.Button, new() { Name = "Create task" }).ClickAsync();
        await Expect(page.Locator("#panel-task div.status")).ToContainTextAsync($"The due date {Iso(today.AddDays(5))} is before the start {Iso(today.AddDays(10))}: change one of them.");
        await page.GetByLabel("Start").FillAsync("");
        await page.GetByLabel("Due").FillAsync(Iso(today.AddDays(-1)));
        await page.GetByRole(AriaRole.Button, new() { Name = "Create task" }).ClickAsync();
        await Expect(page.Locator("#panel-task div.status")).ToContainTextAsync($"Check the dates: the due date {Iso(today.AddDays(-1))} is in the past.");
        var anyway = page.GetByRole(AriaRole.Button, new() { Name = "Create anyway" });
        await anyway.ClickAsync();

        var busy = page.Locator("#panel-task button[aria-busy=true]");
        await Expect(busy).ToHaveTextAsync("Creating…");
        await Expect(busy).ToBeDisabledAsync();
        await BrowserFixture.ScreenshotAsync(page, "daily-2-busy");
        await Expect(page.Locator("#panel-task div.status")).ToContainTextAsync("Created T-");
        await Expect(page.Locator("#panel-task button[aria-busy]")).ToHaveCountAsync(0);
    }

    [BrowserFact]
    public async Task A_manager_approves_a_decision_from_the_linked_list_and_a_coordinator_is_not_offered_the_control()
    {
        var message = Steps.Message("repeated-prefixes-mixed-case", Steps.NewThread());
        var bob = await Steps.ApiAsync(browser, "bob@contoso.com");
        var projectId = await Steps.DemoProjectIdAsync(browser);
        var logged = await bob.LogCommunicationAsync(projectId, new NewCommunication("Budget call", CommunicationKind.Decision, SourceEmail: message,
            Decision: new DecisionDetails("Spend 12,000 on the Q1 campaign", Rationale: "The launch needs reach"))).OkAsync(HttpStatusCode.Created);

        var asBob = await browser.OpenPaneAsync(inOutlook: true);
        await asBob.GotoAsync("/outlook/");
        await Steps.SelectAsync(asBob, message, preset: true);
        await Steps.SignInAsync(asBob, "bob@contoso.com");
        await Steps.Linked(asBob).GetByRole(AriaRole.Button, new() { Name = "Spend 12,000 on the Q1 campaign" }).ClickAsync();
        var bobsDetail = asBob.GetByRole(AriaRole.Region, new() { Name = "Details" });
        await Expect(bobsDetail).ToContainTextAsync("Only a manager of the project approves, rejects or supersedes a decision.");
        await Expect(bobsDetail.GetByRole(AriaRole.Button, new() { Name = "Approve" })).ToHaveCountAsync(0);
        await Expect(bobsDetail.Locator(".pill")).ToHaveTextAsync("Proposed");
        await BrowserFixture.ScreenshotAsync(asBob, "daily-3-decision-as-coordinator");

        var asAlice = await browser.OpenPaneAsync(inOutlook: true, officeBackground: Dark);
        await asAlice.GotoAsync("/outlook/");
        await Steps.SelectAsync(asAlice, message, preset: true);
        await Steps.SignInAsync(asAlice, "alice@contoso.com");
        await Steps.Linked(asAlice).GetByRole(AriaRole.Button, new() { Name = "Spend 12,000 on the Q1 campaign" }).ClickAsync();
        var detail = asAlice.GetByRole(AriaRole.Region, new() { Name = "Details" });
        await detail.GetByRole(AriaRole.Button, new() { Name = "Approve" }).ClickAsync();

        await Expect(detail.Locator("div.status")).ToHaveTextAsync("The decision is approved.");
        await Expect(detail.Locator(".pill")).ToHaveTextAsync("Approved");
        await BrowserFixture.ScreenshotAsync(asAlice, "daily-4-decision-approved-dark");
        (await bob.GetDecisionAsync(projectId, logged.Id).OkAsync()).Decision!.Status.Should().Be(DecisionStatus.Approved);
        await Expect(Steps.Linked(asAlice).Locator("li[data-type=decision] .pill")).ToHaveTextAsync("Approved");
    }

    [BrowserFact]
    public async Task A_coordinator_works_an_obstacle_through_to_resolved_from_the_pane()
    {
        var message = Steps.Message("html-only-before-5-dec", Steps.NewThread());
        var bob = await Steps.ApiAsync(browser, "bob@contoso.com");
        var projectId = await Steps.DemoProjectIdAsync(browser);
        var task = await bob.CreateTaskFromEmailAsync(projectId, new EmailTaskRequest(message)).OkAsync(HttpStatusCode.Created);
        var obstacle = await bob.RaiseObstacleAsync(projectId, new NewObstacle("The printer has no paper stock", LinkedTasks: [task.Number], SourceEmail: message))
            .OkAsync(HttpStatusCode.Created);
        var page = await browser.OpenPaneAsync(inOutlook: true);
        await page.GotoAsync("/outlook/");
        await Steps.SelectAsync(page, message, preset: true);
        await Steps.SignInAsync(page, "bob@contoso.com");
        await Expect(Steps.Linked(page).Locator("li[data-type=task] .pill")).ToHaveTextAsync("Blocked");

        await Steps.Linked(page).GetByRole(AriaRole.Button, new() { Name = "The printer has no paper stock" }).ClickAsync();
        var detail = page.GetByRole(AriaRole.Region, new() { Name = "Details" });
        await Expect(detail.GetByRole(AriaRole.Heading)).ToBeFocusedAsync();
        await detail.GetByLabel("Proposed solution").FillAsync("Order stock from the second supplier");
        await detail.GetByLabel("Owner").SelectOptionAsync("bob@contoso.com");
        await detail.GetByLabel("Status").SelectOptionAsync(new SelectOptionValue { Label = "Resolved" });
        await detail.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();

        await Expect(detail.Locator("div.status")).ToHaveTextAsync("Saved: the obstacle is resolved.");
        await Expect(Steps.Linked(page).Locator("li[data-type=obstacle] .pill")).ToHaveTextAsync("Resolved");
        await Expect(Steps.Linked(page).Locator("li[data-type=task] .pill")).ToHaveTextAsync("Not started");
        await BrowserFixture.ScreenshotAsync(page, "daily-5-obstacle-resolved");
        var stored = await bob.GetObstacleAsync(projectId, obstacle.Id).OkAsync();
        stored.Should().Match<Obstacle>(o => o.Status == ObstacleStatus.Resolved && o.ProposedSolution == "Order stock from the second supplier"
            && o.Owner == "bob@contoso.com" && o.ResolvedAt != null);
    }

    [BrowserFact]
    public async Task A_reply_in_a_thread_that_has_a_task_is_added_to_that_task_instead_of_making_another()
    {
        var thread = Steps.NewThread();
        var first = Steps.Message("venue-contract-by-friday", thread);
        var reply = Steps.Message("venue-contract-by-friday", thread) with { Subject = "RE: Venue contract needs signature by Friday" };
        var bob = await Steps.ApiAsync(browser, "bob@contoso.com");
        var projectId = await Steps.DemoProjectIdAsync(browser);
        var task = await bob.CreateTaskFromEmailAsync(projectId, new EmailTaskRequest(first)).OkAsync(HttpStatusCode.Created);
        var page = await browser.OpenPaneAsync(inOutlook: true);
        await page.GotoAsync("/outlook/");
        await Steps.SelectAsync(page, reply, preset: true);
        await Steps.SignInAsync(page, "bob@contoso.com");

        await Expect(page.GetByRole(AriaRole.Region, new() { Name = "Actions" })).ToContainTextAsync("This thread already has a task:");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Create a new task" })).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(page, "daily-6-thread-guard");
        await page.GetByRole(AriaRole.Button, new() { Name = $"Add this email to {task.Key}", Exact = true }).ClickAsync();

        await Expect(page.Locator("#panel-task div.status")).ToContainTextAsync($"Added this email to {task.Key}");
        await Expect(Steps.Linked(page).Locator("li[data-type=task]")).ToHaveCountAsync(1);
        var links = await bob.GetEmailLinksAsync(reply.InternetMessageId).OkAsync();
        links.Items.Should().ContainSingle(l => l.Type == "task" && l.Number == task.Number && l.MatchedBy == "message");
        (await bob.ListTasksAsync(projectId, new TaskQuery { ConversationId = thread }).OkAsync()).Items.Should().ContainSingle("no second task was made");
        (await bob.GetTaskHistoryAsync(projectId, task.Number).OkAsync()).Items.Should().Contain(h => h.Field == "emails");
    }

    [BrowserFact]
    public async Task Search_finds_a_record_of_the_project_and_opens_its_detail()
    {
        var bob = await Steps.ApiAsync(browser, "bob@contoso.com");
        var projectId = await Steps.DemoProjectIdAsync(browser);
        var word = "zephyr" + Guid.NewGuid().ToString("N")[..6];
        var task = await bob.CreateTaskAsync(projectId, new NewTask($"Book the {word} shuttle", Owner: "dan@contoso.com")).OkAsync(HttpStatusCode.Created);
        var page = await browser.OpenPaneAsync(inOutlook: true, officeBackground: Dark);
        await page.GotoAsync("/outlook/");
        await Steps.SelectAsync(page, Steps.Message("within-two-weeks", Steps.NewThread()), preset: true);
        await Steps.SignInAsync(page, "bob@contoso.com");

        await page.GetByRole(AriaRole.Tab, new() { Name = "Search" }).ClickAsync();
        await page.GetByLabel("Search this project").FillAsync(word);
        await page.GetByLabel("Search this project").PressAsync("Enter");
        var results = page.GetByRole(AriaRole.List, new() { Name = "Search results" });
        await Expect(results.GetByRole(AriaRole.Listitem)).ToHaveCountAsync(1);
        await results.GetByRole(AriaRole.Button, new() { Name = $"{task.Key} Book the {word} shuttle" }).ClickAsync();

        var detail = page.GetByRole(AriaRole.Region, new() { Name = "Details" });
        await Expect(detail.GetByRole(AriaRole.Heading)).ToHaveTextAsync($"{task.Key}: Book the {word} shuttle");
        await Expect(detail.GetByLabel("Owner")).ToHaveValueAsync("dan@contoso.com");
        await Expect(detail.GetByLabel("Status")).ToHaveValueAsync("NotStarted");
        await Expect(detail.GetByLabel("Status").Locator("option:checked")).ToHaveTextAsync("Not started");
        await detail.GetByLabel("% complete").FillAsync("30");
        await detail.GetByLabel("Status").SelectOptionAsync(new SelectOptionValue { Label = "In progress" });
        await detail.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(detail.Locator("div.status")).ToContainTextAsync($"Saved {task.Key}: In progress, 30% complete.");
        await BrowserFixture.ScreenshotAsync(page, "daily-7-search-opened-dark");
        (await bob.GetTaskAsync(projectId, task.Number).OkAsync()).Should().Match<TaskItem>(t => t.PercentComplete == 30 && t.Status == WorkStatus.InProgress);
    }

    [BrowserFact]
    public async Task Roles_decide_what_is_offered_and_members_are_the_team_not_new_stakeholders()
    {
        var message = Steps.Message("german-prefixes-eod-tomorrow", Steps.NewThread());
        var viewer = await browser.OpenPaneAsync(inOutlook: true);
        await viewer.GotoAsync("/outlook/");
        await Steps.SelectAsync(viewer, message, preset: true);
        await Steps.SignInAsync(viewer, "carol@contoso.com");
        await Expect(viewer.GetByRole(AriaRole.Region, new() { Name = "Actions" })).ToContainTextAsync("As a viewer of Contoso product launch you can read it");
        await Expect(viewer.GetByRole(AriaRole.Tab, new() { Name = "Task" })).ToBeHiddenAsync();
        await Expect(viewer.GetByRole(AriaRole.Button, new() { Name = "Create task" })).ToBeHiddenAsync();
        await Expect(viewer.GetByLabel("Search this project")).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(viewer, "daily-8-viewer");

        var coordinator = await browser.OpenPaneAsync(inOutlook: true);
        await coordinator.GotoAsync("/outlook/");
        await Steps.SelectAsync(coordinator, message, preset: true);
        await Steps.SignInAsync(coordinator, "bob@contoso.com");
        await coordinator.GetByRole(AriaRole.Tab, new() { Name = "Log" }).ClickAsync();
        var participants = coordinator.Locator("#panel-log fieldset");
        await Expect(participants.Locator("label", new() { HasText = "Alice Manager" })).ToContainTextAsync("team · manager");
        await Expect(participants.Locator("label", new() { HasText = "Bob Coordinator" })).ToContainTextAsync("team · coordinator");
        // Jürgen (the sender, outside the team) is a stakeholder, or offered as a new one when no earlier test registered him.
        await Expect(participants.Locator("label", new() { HasText = "Jürgen Müller" })).ToContainTextAsync("stakeholder");
        await Expect(participants.Locator("label", new() { HasText = "Jürgen Müller" })).Not.ToContainTextAsync("team");
        await Expect(participants.Locator(".tag.team")).ToHaveCountAsync(2);

        var stranger = await browser.OpenPaneAsync(inOutlook: true);
        await stranger.GotoAsync("/outlook/");
        await Steps.SelectAsync(stranger, message, preset: true);
        await Steps.SignInAsync(stranger, "erin@fabrikam.example");
        await Expect(stranger.GetByRole(AriaRole.Region, new() { Name = "Project" })).ToContainTextAsync(
            "You are not a member of any project. A project's manager adds members: ask them to add erin@fabrikam.example.");
        await Expect(stranger.GetByRole(AriaRole.Button, new() { Name = "Create task" })).ToHaveCountAsync(0);
    }

    [BrowserFact]
    public async Task Outside_Excel_the_pane_offers_the_simulated_workbook_and_a_viewer_is_told_why_push_is_disabled()
    {
        var page = await browser.OpenPaneAsync(inOutlook: false);
        await page.SetViewportSizeAsync(1400, 800);
        await page.GotoAsync("/excel/");
        await Steps.SignInAsync(page, "carol@contoso.com");

        await page.GetByRole(AriaRole.Link, new() { Name = "Try it on a simulated workbook" }).ClickAsync();
        await Steps.SignInAsync(page, "carol@contoso.com");
        await Expect(page.Locator(".banner")).ToContainTextAsync("Simulated workbook");
        await page.GetByRole(AriaRole.Button, new() { Name = "Connect" }).ClickAsync();
        await Expect(page.Locator("#pane-status")).ToContainTextAsync("The plan is up to date");
        var rows = (await (await Steps.ApiAsync(browser, "carol@contoso.com")).GetPlanRowsAsync(await Steps.DemoProjectIdAsync(browser), limit: 500).OkAsync()).Rows;
        await Expect(page.Locator("#excel-grid tr")).ToHaveCountAsync(rows.Count + 1);
        await Expect(page.Locator("#excel-grid td[data-column=Status]").First).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^(Not started|In progress|Blocked|Done|Cancelled)$"));

        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Push changes" })).ToBeDisabledAsync();
        await Expect(page.GetByRole(AriaRole.Region, new() { Name = "Plan", Exact = true })).ToContainTextAsync("As a viewer you load the plan and read it; a coordinator or manager of the project pushes changes.");
        await Expect(page.GetByRole(AriaRole.Region, new() { Name = "Schedule" })).ToContainTextAsync("Shifting tasks is for a coordinator or manager of the project");
        await BrowserFixture.ScreenshotAsync(page, "daily-9-excel-preview-viewer");
    }

    [BrowserFact]
    public async Task Both_panes_pass_the_accessibility_check_in_light_and_dark()
    {
        var findings = new List<string>();
        foreach (var background in new[] { "#ffffff", Dark })
        {
            var theme = background == Dark ? "dark" : "light";
            var message = Steps.Message("german-prefixes-eod-tomorrow", Steps.NewThread());
            var bob = await Steps.ApiAsync(browser, "bob@contoso.com");
            var projectId = await Steps.DemoProjectIdAsync(browser);
            await bob.CreateTaskFromEmailAsync(projectId, new EmailTaskRequest(message)).OkAsync(HttpStatusCode.Created);
            await bob.RaiseObstacleAsync(projectId, new NewObstacle("Proofs are late", SourceEmail: message)).OkAsync(HttpStatusCode.Created);

            var outlook = await browser.OpenPaneAsync(inOutlook: true, officeBackground: background);
            await outlook.GotoAsync("/outlook/");
            await Steps.SelectAsync(outlook, message, preset: true);
            await Steps.SignInAsync(outlook, "bob@contoso.com");
            await Expect(Steps.Linked(outlook).Locator("li[data-type=obstacle] .pill")).ToHaveTextAsync("Open");
            await Steps.Linked(outlook).GetByRole(AriaRole.Button, new() { Name = "Proofs are late" }).ClickAsync();
            await Expect(outlook.GetByRole(AriaRole.Region, new() { Name = "Details" }).GetByLabel("Proposed solution")).ToBeVisibleAsync();
            findings.AddRange(await ViolationsAsync(outlook, $"Outlook ({theme})"));
            await BrowserFixture.ScreenshotAsync(outlook, $"daily-10-axe-outlook-{theme}");

            var excel = await browser.OpenExcelPaneAsync(officeBackground: background);
            await excel.GotoAsync("/excel/");
            await Steps.SignInAsync(excel, "bob@contoso.com");
            await excel.GetByRole(AriaRole.Button, new() { Name = "Connect" }).ClickAsync();
            await Expect(excel.Locator("#pane-status")).ToContainTextAsync("The plan is up to date");
            findings.AddRange(await ViolationsAsync(excel, $"Excel ({theme})", "main"));
            await BrowserFixture.ScreenshotAsync(excel, $"daily-11-axe-excel-{theme}");
        }

        findings.Should().BeEmpty();
    }

    // axe-core's serious and critical findings (colour contrast of text is one: AA, 4.5:1), each with where it is.
    private static async Task<IEnumerable<string>> ViolationsAsync(IPage page, string where, string? within = null)
    {
        var result = within is null ? await page.RunAxe() : await page.Locator(within).RunAxe();
        result.Passes.Should().Contain(rule => rule.Id == "color-contrast", "axe checked the text's contrast ({0})", where);
        return result.Violations.Where(v => v.Impact is "serious" or "critical")
            .SelectMany(v => v.Nodes.Select(n => $"{where}: {v.Id} ({v.Impact}) at {string.Join(" ", n.Target)}: {n.Html}"));
    }

    private static async Task<double> ViewportTopAsync(ILocator locator) =>
        await locator.EvaluateAsync<double>("e => e.getBoundingClientRect().top");

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}

// The steps the pane tests share: sign in through the preview's sign-in, put a message in the simulated mailbox, and
// call the API as a demo user.
public static class Steps
{
    public static string NewThread() => "conv-" + Guid.NewGuid().ToString("N");

    public static ILocator Linked(IPage page) => page.GetByRole(AriaRole.Region, new() { Name = "Already linked" }).Locator("ul.links");

    public static async Task SignInAsync(IPage page, string email)
    {
        var known = await page.GetByLabel("Sign in as").Locator($"option[value='{email}']").CountAsync() > 0;
        if (known)
        {
            await page.GetByLabel("Sign in as").SelectOptionAsync(email);
        }
        else
        {
            await page.GetByLabel("Sign in as").SelectOptionAsync("");
            await page.GetByLabel("Name").FillAsync(email.Split('@')[0]);
            await page.GetByLabel("Email").FillAsync(email);
        }

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.Locator("#user")).ToContainTextAsync(email);
    }

    // The fixture's message with ids of its own, so each test starts with nothing linked.
    public static EmailMessage Message(string fixture, string thread) =>
        EmailFixture.Named(fixture).AsNewMessage(thread) with { ItemId = "AAMk" + Guid.NewGuid().ToString("N") };

    public static async Task SelectAsync(IPage page, EmailMessage message, bool preset = false) =>
        await page.EvaluateAsync($"json => window.__outlook.{(preset ? "preset" : "select")}(JSON.parse(json))",
            JsonSerializer.Serialize(message with { BodyText = message.BodyText ?? message.BodyHtml }, CoordinatorClient.JsonOptions));

    // The demo people by their demo names (the development sign-in records the name it is given).
    private static readonly Dictionary<string, string> DemoNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["alice@contoso.com"] = "Alice Manager", ["bob@contoso.com"] = "Bob Coordinator",
        ["dan@contoso.com"] = "Dan Contributor", ["carol@contoso.com"] = "Carol Viewer",
    };

    public static async Task<ICoordinatorApi> ApiAsync(BrowserFixture browser, string email)
    {
        var name = DemoNames.GetValueOrDefault(email) ?? email.Split('@')[0];
        var token = await browser.App.AnonymousClient().CreateDevTokenAsync(new DevTokenRequest(name, email)).OkAsync();
        return browser.App.ClientWithToken(token.AccessToken);
    }

    public static async Task<string> DemoProjectIdAsync(BrowserFixture browser) =>
        (await (await ApiAsync(browser, "alice@contoso.com")).ListProjectsAsync().OkAsync()).Items.Single(p => p.Name == "Contoso product launch").Id;
}
