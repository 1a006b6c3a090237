using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using OfficeCoordinator.Api.Tests.Infrastructure;
using OfficeCoordinator.Client;
using OfficeCoordinator.Client.Contracts;

namespace OfficeCoordinator.Api.Tests.Reports;

// A clock the test sets: "today" for the schedule, ages and the status date.
public sealed class FixedClock : TimeProvider
{
    public DateTimeOffset Now { get; set; } = new(2026, 12, 9, 9, 0, 0, TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow() => Now;
}

// The API with the fixed clock; tokens are still judged by the real one.
public sealed class FixedClockApplication : CoordinatorApplication
{
    public FixedClock Clock { get; } = new();

    protected override Task<TestDatabase?> CreateDatabaseAsync() => Task.FromResult<TestDatabase?>(new SqliteTestDatabase());

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
    }
}

// The overall status and its reasons, and earned value, as DESIGN.md "Keeping stakeholders informed" defines them,
// on plans built for the purpose with the clock fixed at Wednesday 9 December 2026.
public sealed class StatusReportTests(FixedClockApplication app) : IClassFixture<FixedClockApplication>
{
    private static readonly DateOnly Today = new(2026, 12, 9);

    [Fact]
    public async Task A_slipped_critical_task_makes_Amber_with_that_reason_and_pushing_it_past_five_working_days_makes_Red()
    {
        var (api, project) = await ProjectAsync();
        await TaskAsync(api, project, "Design", new(2026, 12, 7), new(2026, 12, 9), percent: 60, status: WorkStatus.InProgress);
        var build = await TaskAsync(api, project, "Build", new(2026, 12, 10), new(2026, 12, 14), after: 1);
        await TaskAsync(api, project, "Launch", new(2026, 12, 15), new(2026, 12, 15), after: 2, milestone: true);

        var green = await api.PreviewStatusReportAsync(project.Id).OkAsync();
        build = await api.UpdateTaskAsync(project.Id, build.Number, new { finish = "2026-12-17" }, CoordinatorClient.ETag(build.Version)).OkAsync();
        var amber = await api.PreviewStatusReportAsync(project.Id).OkAsync();
        await api.UpdateTaskAsync(project.Id, build.Number, new { finish = "2026-12-24" }, CoordinatorClient.ETag(build.Version)).OkAsync();
        var red = await api.PreviewStatusReportAsync(project.Id).OkAsync();

        green.Status.Should().Be(ProjectStatus.Green);
        green.Reasons.Should().BeEmpty();
        green.AsOf.Should().Be(Today);
        amber.Status.Should().Be(ProjectStatus.Amber);
        amber.Reasons.Should().ContainSingle().Which.Should().Be(new StatusReason("FinishSlip", ProjectStatus.Amber,
            "The forecast finish 17 Dec 2026 is 2 working days after the baseline (15 Dec 2026)."));
        amber.Model.Slipped.Select(t => (t.Key, t.DaysLate, t.Critical)).Should().Equal(("T-2", 3, true), ("T-3", 2, true));
        red.Status.Should().Be(ProjectStatus.Red);
        red.Reasons.Select(r => (r.Code, r.Status)).Should().BeEquivalentTo([("FinishSlip", ProjectStatus.Red), ("MilestoneLate", ProjectStatus.Red)]);
        red.Reasons.Should().Contain(r => r.Detail == "Milestone T-3 Launch is 7 working days late.");
    }

    [Fact]
    public async Task An_overdue_decision_an_obstacle_blocking_critical_work_and_a_CPI_below_0_90_are_each_a_reason()
    {
        app.Clock.Now = new DateTimeOffset(2026, 12, 9, 9, 0, 0, TimeSpan.Zero);
        var (api, project) = await ProjectAsync();
        await TaskAsync(api, project, "Design", new(2026, 12, 7), new(2026, 12, 11), cost: 1_000m, percent: 50, actual: 600m);
        await TaskAsync(api, project, "Build", new(2026, 12, 14), new(2026, 12, 18), after: 1);
        await api.LogCommunicationAsync(project.Id, new NewCommunication("Venue choice", CommunicationKind.Decision,
            OccurredAt: new DateTimeOffset(2026, 11, 25, 10, 0, 0, TimeSpan.Zero), Decision: new DecisionDetails("Sign with Harbour Hall"))).OkAsync(HttpStatusCode.Created);
        await api.RaiseObstacleAsync(project.Id, new NewObstacle("The stand drawings are not approved", LinkedTasks: [2])).OkAsync(HttpStatusCode.Created);

        var report = await api.PreviewStatusReportAsync(project.Id).OkAsync();
        app.Clock.Now = app.Clock.Now.AddDays(9); // Friday 18 December: the obstacle has blocked critical work for 7 working days
        var later = await api.PreviewStatusReportAsync(project.Id).OkAsync();
        app.Clock.Now = new DateTimeOffset(2026, 12, 9, 9, 0, 0, TimeSpan.Zero);

        report.Reasons.Should().ContainEquivalentOf(new StatusReason("DecisionWaiting", ProjectStatus.Amber,
            "The decision \"Sign with Harbour Hall\" has waited for approval for 10 working days."));
        report.Reasons.Should().ContainEquivalentOf(new StatusReason("ObstacleBlocksCritical", ProjectStatus.Amber,
            "The obstacle \"The stand drawings are not approved\" has blocked critical work for 0 working days."));
        report.Reasons.Should().ContainEquivalentOf(new StatusReason("Cpi", ProjectStatus.Red,
            "CPI is 0.83 (below 0.90): the work done cost more than planned."));
        report.Status.Should().Be(ProjectStatus.Red);
        report.Model.DecisionsAwaiting.Should().ContainSingle().Which.AgeDays.Should().Be(10);
        report.Model.Obstacles.Should().ContainSingle().Which.BlocksCritical.Should().BeTrue();
        later.Reasons.Should().Contain(r => r.Code == "ObstacleBlocksCritical" && r.Status == ProjectStatus.Red);
    }

    [Fact]
    public async Task Earned_value_matches_a_hand_computed_example_and_a_cancelled_task_counts_in_none_of_it()
    {
        var (api, project) = await ProjectAsync(budget: 4_000m);
        // Design: baseline Mon 7 – Fri 11 Dec (5 working days), 1,000 planned, 40 % done, 300 spent. At Wed 9 Dec 3 of its
        // 5 days have elapsed: PV = 600, EV = 400, AC = 300. Build starts 14 Dec: PV = 0, EV = 0. Catering is cancelled.
        await TaskAsync(api, project, "Design", new(2026, 12, 7), new(2026, 12, 11), cost: 1_000m, percent: 40, actual: 300m);
        await TaskAsync(api, project, "Build", new(2026, 12, 14), new(2026, 12, 18), cost: 2_000m, after: 1);
        var catering = await TaskAsync(api, project, "Catering", new(2026, 12, 7), new(2026, 12, 8), cost: 5_000m, percent: 100, actual: 5_000m);
        await api.UpdateTaskAsync(project.Id, catering.Number, new { status = "Cancelled" }, CoordinatorClient.ETag(catering.Version)).OkAsync();

        var money = (await api.PreviewStatusReportAsync(project.Id).OkAsync()).Model.Money;

        money.Should().BeEquivalentTo(new ReportMoney("EUR", 4_000m, true, Bac: 3_000m, Pv: 600m, Ev: 400m, Ac: 300m,
            Spi: 400m / 600m, Cpi: 400m / 300m, Eac: 3_000m / (400m / 300m)));
        StatusFigures(money).Should().Be("SPI 0.67, CPI 1.33, EAC 2250.00");
    }

    [Fact]
    public async Task A_status_date_in_the_past_or_a_period_that_starts_after_it_is_refused_naming_the_parameter()
    {
        var (api, project) = await ProjectAsync();

        var past = await api.PreviewStatusReportAsync(project.Id, asOf: "2026-12-01").ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        var backwards = await api.PreviewStatusReportAsync(project.Id, asOf: "2026-12-10", since: "2026-12-11").ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        var notADate = await api.PreviewStatusReportAsync(project.Id, asOf: "9/12/2026").ShouldBeProblemAsync(HttpStatusCode.BadRequest);

        past.Errors.Should().ContainKey("asOf");
        backwards.Errors.Should().ContainKey("since");
        notADate.Errors.Should().ContainKey("asOf");
    }

    [Fact]
    public async Task Managers_set_the_thresholds_and_thresholds_out_of_order_are_refused()
    {
        var (api, project) = await ProjectAsync();

        var changed = await api.UpdateProjectAsync(project.Id, new { reportSettings = new { amberRedSlipDays = 8, cpiRed = 0.85 } }, CoordinatorClient.ETag(project.Version)).OkAsync();
        var outOfOrder = await api.UpdateProjectAsync(project.Id, new { reportSettings = new { greenAmberSlipDays = 10 } }, CoordinatorClient.ETag(changed.Version))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest);

        changed.ReportSettings.Should().Be(new ReportSettings(AmberRedSlipDays: 8, CpiRed: 0.85m));
        outOfOrder.Errors.Should().ContainKey("reportSettings.greenAmberSlipDays", "the member the patch changed is named");
        (await api.GetProjectAsync(project.Id).OkAsync()).ReportSettings.Should().Be(changed.ReportSettings);
    }

    private static string StatusFigures(ReportMoney money) => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"SPI {Math.Round(money.Spi!.Value, 2)}, CPI {Math.Round(money.Cpi!.Value, 2)}, EAC {Math.Round(money.Eac, 2):0.00}");

    private async Task<(ICoordinatorApi Api, Project Project)> ProjectAsync(decimal? budget = null)
    {
        var manager = TestUser.Create("Alice Manager");
        var api = app.ClientFor(manager);
        var project = await api.CreateProjectAsync(new NewProject("Trade fair", Budget: budget, Currency: "EUR")).OkAsync(HttpStatusCode.Created);
        return (api, project);
    }

    private static Task<TaskItem> TaskAsync(ICoordinatorApi api, Project project, string title, DateOnly start, DateOnly finish, int? after = null,
        bool milestone = false, decimal? cost = null, int? percent = null, decimal? actual = null, WorkStatus? status = null) =>
        api.CreateTaskAsync(project.Id, new NewTask(title, Status: status, Start: start, Finish: finish, BaselineStart: start, BaselineFinish: finish, Milestone: milestone,
            PlannedCost: cost, PercentComplete: percent, ActualCost: actual, Predecessors: after is { } n ? [new TaskDependency(n)] : null)).OkAsync(HttpStatusCode.Created);
}

// The four audiences of the stakeholder grid, internal and external renderings, and email-safe HTML.
public sealed class StatusReportAudienceTests(FixedClockApplication app) : IClassFixture<FixedClockApplication>
{
    [Fact]
    public async Task The_four_audiences_get_what_DESIGN_lists_and_an_external_stakeholders_rendering_has_no_money_figure()
    {
        var manager = TestUser.Create("Alice Manager");
        var api = app.ClientFor(manager);
        var project = await api.CreateProjectAsync(new NewProject("Trade fair", Budget: 10_000m, Currency: "EUR")).OkAsync(HttpStatusCode.Created);
        await api.CreateTaskAsync(project.Id, new NewTask("Design", Start: new(2026, 12, 7), Finish: new(2026, 12, 11), BaselineStart: new(2026, 12, 7),
            BaselineFinish: new(2026, 12, 11), PlannedCost: 4_000m, PercentComplete: 50, ActualCost: 2_500m)).OkAsync(HttpStatusCode.Created);
        await api.CreateTaskAsync(project.Id, new NewTask("Launch", Start: new(2026, 12, 18), Finish: new(2026, 12, 18), Milestone: true,
            Predecessors: [new TaskDependency(1)])).OkAsync(HttpStatusCode.Created);
        await api.RaiseObstacleAsync(project.Id, new NewObstacle("Stand drawings not approved", Impact: "Build cannot start", ProposedSolution: "Escalate to the sponsor",
            LinkedTasks: [1])).OkAsync(HttpStatusCode.Created);
        foreach (var (name, email, isInternal, influence, interest, channel) in new[]
        {
            ("Sam Sponsor", "sam@contoso.example", true, 5, 5, Channel.Email), ("Eva Executive", "eva@contoso.example", true, 5, 2, Channel.Email),
            ("Tom Team", "tom@contoso.example", true, 2, 5, Channel.Email), ("Olga Observer", "olga@contoso.example", true, 2, 2, Channel.Email),
            ("Xavier Supplier", "xavier@supplier.example", false, 5, 5, Channel.Email), ("Chris Chat", "chris@contoso.example", true, 5, 5, Channel.Chat),
        })
        {
            await api.CreateStakeholderAsync(project.Id, new NewStakeholder(name, email, Internal: isInternal, Influence: influence, Interest: interest,
                PreferredChannel: channel)).OkAsync(HttpStatusCode.Created);
        }

        await api.CreateTaskFromEmailAsync(project.Id, new EmailTaskRequest(new EmailMessage("<new@vendor.example>", null, null, "Quote", new EmailAddress("Vera Vendor", "vera@vendor.example"),
            null, null, new DateTimeOffset(2026, 12, 8, 9, 0, 0, TimeSpan.Zero), "Our quote."))).OkAsync(HttpStatusCode.Created);

        var preview = await api.PreviewStatusReportAsync(project.Id).OkAsync();
        var only = await api.PreviewStatusReportAsync(project.Id, audience: "keepSatisfied").OkAsync();
        var unknown = await api.PreviewStatusReportAsync(project.Id, audience: "everyone").ShouldBeProblemAsync(HttpStatusCode.BadRequest);

        ReportRendering Rendering(Audience audience, bool external = false) => preview.Renderings.Single(r => r.Audience == audience && r.External == external);
        preview.Renderings.Select(r => (r.Audience, r.External)).Should().Equal(
            (Audience.ManageClosely, false), (Audience.ManageClosely, true), (Audience.KeepSatisfied, false), (Audience.KeepInformed, false), (Audience.Monitor, false));
        Rendering(Audience.ManageClosely).Recipients.Should().Equal(new ReportRecipient("Sam Sponsor", "sam@contoso.example"));
        Rendering(Audience.ManageClosely, external: true).Recipients.Should().Equal(new ReportRecipient("Xavier Supplier", "xavier@supplier.example"));
        Rendering(Audience.ManageClosely).Text.Should().Contain("Money").And.Contain("Earned value (EV) | 2,000.00 EUR").And.Contain("Escalate to the sponsor")
            .And.Contain("Due in the next two weeks").And.Contain("Open obstacles");
        var external = Rendering(Audience.ManageClosely, external: true);
        external.Text.Should().NotContain("EUR").And.NotContain("Money").And.NotContain("Escalate to the sponsor").And.NotContain("Build cannot start")
            .And.Contain("Stand drawings not approved").And.Contain("The work done has cost more than planned.");
        external.Html.Should().NotContain("EUR").And.NotContain("2,000");
        Rendering(Audience.KeepSatisfied).Text.Should().Contain("Money").And.Contain("Milestones").And.NotContain("Due in the next two weeks");
        Rendering(Audience.KeepInformed).Text.Should().Contain("Open obstacles").And.NotContain("EUR").And.NotContain("Money");
        Rendering(Audience.Monitor).Text.Should().Contain("Next milestone: Launch, 18 Dec 2026.").And.NotContain("Open obstacles");
        preview.Renderings.Should().OnlyContain(r => r.Subject == $"Trade fair — status 9 Dec 2026: {preview.Status}");
        preview.OtherChannels.Should().Equal(new OtherChannel("Chris Chat", Audience.ManageClosely, Channel.Chat));
        preview.Unreviewed.Should().Equal(new ReportRecipient("Vera Vendor", "vera@vendor.example"));
        only.Renderings.Should().ContainSingle().Which.Audience.Should().Be(Audience.KeepSatisfied);
        unknown.Errors.Should().ContainKey("audience");
    }

    [Fact]
    public async Task The_HTML_has_no_script_no_remote_content_and_no_unencoded_text_from_the_record()
    {
        var manager = TestUser.Create("Alice Manager");
        var api = app.ClientFor(manager);
        var project = await api.CreateProjectAsync(new NewProject("<script>alert(1)</script> fair")).OkAsync(HttpStatusCode.Created);
        await api.CreateTaskAsync(project.Id, new NewTask("<img src=https://evil.example/x.png onerror=alert(1)>", Start: new(2026, 12, 9), Finish: new(2026, 12, 10)))
            .OkAsync(HttpStatusCode.Created);
        await api.CreateStakeholderAsync(project.Id, new NewStakeholder("Sam Sponsor", "sam@contoso.example", Internal: true, Influence: 5, Interest: 5)).OkAsync(HttpStatusCode.Created);

        var preview = await api.PreviewStatusReportAsync(project.Id).OkAsync();

        foreach (var rendering in preview.Renderings)
        {
            var document = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(rendering.Html);
            document.QuerySelectorAll("script, img, link, iframe, object, embed, style, form, input").Should().BeEmpty();
            document.All.SelectMany(e => e.Attributes).Select(a => a.Name).Should().NotContain(name => name.StartsWith("on", StringComparison.Ordinal) || name == "src" || name == "href");
            document.Body!.TextContent.Should().Contain("<script>alert(1)</script> fair", "the name is shown as text, never as markup");
        }
    }
}

// Publishing: immutable snapshots SR-n, the period from the previous report, overrides by managers, corrections.
public sealed class StatusReportPublishingTests(FixedClockApplication app) : IClassFixture<FixedClockApplication>
{
    [Fact]
    public async Task Reports_are_numbered_snapshots_whose_period_starts_at_the_previous_one_and_a_correction_supersedes()
    {
        var manager = TestUser.Create("Alice Manager");
        var coordinator = manager.Colleague("Bob Coordinator");
        var api = app.ClientFor(manager);
        var project = await api.CreateProjectAsync(new NewProject("Trade fair", Start: new(2026, 12, 1))).OkAsync(HttpStatusCode.Created);
        await api.PutMemberAsync(project.Id, coordinator.Email, new MemberRole(ProjectRole.Coordinator)).OkAsync(HttpStatusCode.Created);
        var design = await api.CreateTaskAsync(project.Id, new NewTask("Design", Status: WorkStatus.InProgress, Start: new(2026, 12, 7), Finish: new(2026, 12, 11),
            BaselineStart: new(2026, 12, 7), BaselineFinish: new(2026, 12, 11), PercentComplete: 40)).OkAsync(HttpStatusCode.Created);
        await api.CreateStakeholderAsync(project.Id, new NewStakeholder("Sam Sponsor", "sam@contoso.example", Internal: true, Influence: 5, Interest: 5)).OkAsync(HttpStatusCode.Created);
        var bob = app.ClientFor(coordinator);

        var first = await bob.PublishStatusReportAsync(project.Id, new NewStatusReport()).OkAsync(HttpStatusCode.Created);
        await api.UpdateTaskAsync(project.Id, design.Number, new { finish = "2026-12-15" }, CoordinatorClient.ETag(design.Version)).OkAsync();
        var refused = await bob.PublishStatusReportAsync(project.Id, new NewStatusReport(Override: new StatusOverrideInput(ProjectStatus.Green))).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        var second = await api.PublishStatusReportAsync(project.Id, new NewStatusReport(Override: new StatusOverrideInput(ProjectStatus.Red, "The venue may cancel"), Supersedes: 1))
            .OkAsync(HttpStatusCode.Created);
        var past = await api.PublishStatusReportAsync(project.Id, new NewStatusReport(AsOf: new DateOnly(2026, 12, 1))).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        var list = await bob.ListStatusReportsAsync(project.Id).OkAsync();
        var stored = await bob.GetStatusReportAsync(project.Id, 1).OkAsync();
        var history = await api.GetHistoryAsync(project.Id).OkAsync();

        first.Key.Should().Be("SR-1");
        first.Since.Should().Be(new DateOnly(2026, 12, 1), "the first report's period starts at the project start");
        first.Model.JoinedCriticalPath.Should().BeEmpty("nothing joins the critical path before there is a previous report");
        first.Model.CriticalPath.Should().Equal(1);
        first.Status.Should().Be(ProjectStatus.Green);
        first.PublishedBy.Should().Be(new Actor(coordinator.Name, coordinator.Email));
        first.Renderings.Should().Contain(r => r.Audience == Audience.ManageClosely && r.Recipients.Single().Email == "sam@contoso.example");
        refused.Detail.Should().Contain("Only a project manager can override the status");
        second.Key.Should().Be("SR-2");
        second.Since.Should().Be(first.AsOf, "the period starts at the previous report's status date");
        second.ComputedStatus.Should().Be(ProjectStatus.Amber);
        second.Status.Should().Be(ProjectStatus.Red);
        second.Override.Should().Be(new ReportOverride(ProjectStatus.Red, "The venue may cancel", manager.Email));
        second.Reasons.Should().Contain(r => r.Code == "Override" && r.Status == ProjectStatus.Red);
        second.Renderings.Single(r => r.Audience == Audience.ManageClosely && !r.External).Text.Should().Contain("The venue may cancel");
        past.Errors.Should().ContainKey("asOf");
        list.Items.Select(r => (r.Key, r.Status, r.SupersededBy)).Should().Equal(("SR-2", ProjectStatus.Red, (int?)null), ("SR-1", ProjectStatus.Green, 2));
        stored.Model.Should().BeEquivalentTo(first.Model, "a published report never changes");
        stored.Renderings.Should().BeEquivalentTo(first.Renderings);
        history.Items.Where(h => h.Entity == "statusReport").Select(h => h.EntityId).Should().BeEquivalentTo("1", "2");

        using var download = await bob.DownloadPlanAsync(project.Id);
        var workbook = await download.Content.ReadAsByteArrayAsync();
        var status = Plans.Workbooks.ReadWithExcelDataReader(workbook)["Status"].Skip(2).Where(row => row.Length > 1 && row[0] is not null)
            .ToDictionary(row => row[0]!.ToString()!, row => row[1]?.ToString());
        status["Report"].Should().Be("SR-2");
        status["Status"].Should().Be("Red");
        status["Computed status"].Should().Be("Amber");
        status["Override note"].Should().Be("The venue may cancel");
        status.Keys.Should().Contain(["Planned value (PV)", "Earned value (EV)", "Actual cost (AC)", "SPI", "CPI", "Estimate at completion (EAC)"]);
        status.Keys.Should().Contain(k => k.StartsWith("Reason (FinishSlip", StringComparison.Ordinal));
        Plans.Workbooks.ValidationErrors(workbook).Should().BeEmpty();

        var notConnected = await bob.SendStatusReportAsync(project.Id, 2, new ReportSendInput(Audience.ManageClosely)).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        notConnected.Type.Should().EndWith("/microsoft-365-not-connected");
    }

    [Fact]
    public async Task A_report_sent_from_Outlook_is_recorded_once_as_Sent_and_a_coordinator_may_mark_a_record_Withdrawn_but_not_a_note()
    {
        var manager = TestUser.Create("Alice Manager");
        var api = app.ClientFor(manager);
        var project = await api.CreateProjectAsync(new NewProject("Trade fair")).OkAsync(HttpStatusCode.Created);
        await api.CreateStakeholderAsync(project.Id, new NewStakeholder("Sam Sponsor", "sam@contoso.example", Internal: true, Influence: 5, Interest: 5)).OkAsync(HttpStatusCode.Created);
        await api.PublishStatusReportAsync(project.Id, new NewStatusReport()).OkAsync(HttpStatusCode.Created);
        var note = await api.LogCommunicationAsync(project.Id, new NewCommunication("Called the venue")).OkAsync(HttpStatusCode.Created);

        var refused = await api.RecordReportInsertedAsync(project.Id, 1, new ReportInsertion(Audience.ManageClosely, Delivery: Delivery.Withdrawn))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        var sent = await api.RecordReportInsertedAsync(project.Id, 1, new ReportInsertion(Audience.ManageClosely, Delivery: Delivery.Sent)).OkAsync(HttpStatusCode.Created);
        var again = await api.RecordReportInsertedAsync(project.Id, 1, new ReportInsertion(Audience.ManageClosely)).OkAsync();
        var withdrawn = await api.UpdateCommunicationAsync(project.Id, sent.Id, new { delivery = "Withdrawn" }, CoordinatorClient.ETag(sent.Version)).OkAsync();
        var notOutbound = await api.UpdateCommunicationAsync(project.Id, note.Id, new { delivery = "Sent" }, CoordinatorClient.ETag(note.Version))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        var cleared = await api.UpdateCommunicationAsync(project.Id, sent.Id, new { delivery = (string?)null }, CoordinatorClient.ETag(withdrawn.Version))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        var reinserted = await api.RecordReportInsertedAsync(project.Id, 1, new ReportInsertion(Audience.ManageClosely)).OkAsync(HttpStatusCode.Created);

        refused.Errors.Should().ContainKey("delivery");
        sent.Delivery.Should().Be(Delivery.Sent);
        sent.ReportNumber.Should().Be(1);
        again.Id.Should().Be(sent.Id, "a rendering is recorded once, however it was recorded");
        withdrawn.Delivery.Should().Be(Delivery.Withdrawn);
        notOutbound.Errors.Should().ContainKey("delivery");
        cleared.Errors.Should().ContainKey("delivery");
        reinserted.Id.Should().NotBe(sent.Id, "a withdrawn rendering may go out again, recorded anew");
        reinserted.Delivery.Should().Be(Delivery.Inserted);
    }
}

// Update requests: one message per owner of open work due in the window, recorded as Outbound Request communications.
public sealed class UpdateRequestTests(FixedClockApplication app) : IClassFixture<FixedClockApplication>
{
    [Fact]
    public async Task Each_owner_of_open_work_due_in_the_window_gets_one_request_listing_their_tasks_recorded_once_per_owner()
    {
        var manager = TestUser.Create("Alice Manager");
        var dan = manager.Colleague("Dan Contributor");
        var api = app.ClientFor(manager);
        var project = await api.CreateProjectAsync(new NewProject("Trade fair")).OkAsync(HttpStatusCode.Created);
        await api.PutMemberAsync(project.Id, dan.Email, new MemberRole(ProjectRole.Contributor, "Dan Contributor")).OkAsync(HttpStatusCode.Created);
        async Task<TaskItem> Task(string title, string owner, DateOnly finish, WorkStatus status = WorkStatus.InProgress) =>
            await api.CreateTaskAsync(project.Id, new NewTask(title, Owner: owner, Status: status, Start: new(2026, 12, 7), Finish: finish, PercentComplete: 30))
                .OkAsync(HttpStatusCode.Created);
        var stand = await Task("Build the stand", dan.Email, new(2026, 12, 15));
        var lights = await Task("Rig the lights", dan.Email, new(2026, 12, 17));
        await Task("Print badges", dan.Email, new(2026, 12, 16), WorkStatus.Done);
        await Task("Book the hotel", dan.Email, new(2027, 1, 20));
        var press = await Task("Press kit", manager.Email, new(2026, 12, 14));

        var result = await api.RequestUpdatesAsync(project.Id, new UpdateRequestInput(new DateOnly(2026, 12, 14), new DateOnly(2026, 12, 18))).OkAsync();
        var log = await api.ListCommunicationsAsync(project.Id, new CommunicationQuery { Limit = 100 }).OkAsync();
        var backwards = await api.RequestUpdatesAsync(project.Id, new UpdateRequestInput(new DateOnly(2026, 12, 18), new DateOnly(2026, 12, 14)))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        var send = await api.RequestUpdatesAsync(project.Id, new UpdateRequestInput(new DateOnly(2026, 12, 14), new DateOnly(2026, 12, 18), Send: true))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict);

        result.Requests.Select(r => (r.Owner, r.State)).Should().BeEquivalentTo([(manager.Email, "Drafted"), (dan.Email, "Drafted")]);
        var danRequest = result.Requests.Single(r => r.Owner == dan.Email);
        danRequest.Tasks.Should().Equal(stand.Number, lights.Number);
        danRequest.Subject.Should().Be("Update request: Trade fair — 2 tasks due 14 Dec 2026 to 18 Dec 2026");
        danRequest.Text.Should().Contain("Hello Dan Contributor").And.Contain($"{stand.Key} Build the stand | In progress | 30 % | 15 Dec 2026").And.NotContain("Print badges").And.NotContain("hotel");
        danRequest.Html.Should().NotContain("<script");
        result.Requests.Single(r => r.Owner == manager.Email).Tasks.Should().Equal(press.Number);
        log.Items.Where(c => c.Kind == CommunicationKind.Request).Select(c => (c.Id, c.Direction, c.LinkedTasks.Count)).Should().BeEquivalentTo(
            result.Requests.Select(r => (r.CommunicationId, Direction.Outbound, r.Tasks.Count)));
        backwards.Errors.Should().ContainKey("to");
        send.Detail.Should().Contain("compose the drafted requests from Outlook");
        send.Type.Should().EndWith("/microsoft-365-not-connected");
    }
}
