using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using OfficeCoordinator.Api.Reports;
using OfficeCoordinator.Api.Tests.Auth;
using OfficeCoordinator.Api.Tests.Infrastructure;
using OfficeCoordinator.Api.Tests.Mail;
using OfficeCoordinator.Client.Contracts;

namespace OfficeCoordinator.Api.Tests.Reports;

// Entra mode with scheduled sends on: the application identity (client credentials at the Entra stand-in) sends through
// the real Graph SDK to the Graph stand-in; the clock is the test's and the scheduler runs when the test asks.
public sealed class ScheduledSendsApplication : GraphApplication
{
    public FixedClock Clock { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Graph:ScheduledSends", "true");
        builder.UseSetting("Reports:Scheduler:Interval", "00:00:00");
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
    }

    public Task<int> RunDueSchedulesAsync() => Services.GetRequiredService<ReportScheduler>().RunDueAsync(CancellationToken.None);
}

public sealed class ScheduledSendTests(ScheduledSendsApplication app) : IClassFixture<ScheduledSendsApplication>
{
    private readonly string _tenant = Guid.NewGuid().ToString();

    private GraphStandIn Graph => app.Graph;

    [Fact]
    public async Task A_due_schedule_is_published_and_sent_by_the_application_from_the_mailbox_of_whoever_set_it_once_per_rendering()
    {
        var (manager, project, schedule) = await DueScheduleAsync();
        var drafts = Graph.Drafts.Count;

        var published = await app.RunDueSchedulesAsync();
        var again = await app.RunDueSchedulesAsync();
        var reports = await manager.Api.ListStatusReportsAsync(project.Id).OkAsync();
        var log = await manager.Api.ListCommunicationsAsync(project.Id).OkAsync();

        schedule.SendsFrom.Should().Be(manager.Email, "the server sends, from the mailbox of whoever set the schedule");
        (published, again).Should().Be((1, 0));
        reports.Items.Should().ContainSingle().Which.PublishedBy.Name.Should().Be(ReportScheduler.PublisherName);
        var made = Graph.Drafts.Keys.Where(k => Graph.Drafts[k]["subject"]!.GetValue<string>().StartsWith(project.Name, StringComparison.Ordinal)).ToList();
        made.Should().HaveCount(2, "one message per rendering: internal and external").And.HaveCount(Graph.Drafts.Count - drafts);
        made.Should().OnlyContain(id => Graph.DraftMailboxes[id] == manager.ObjectId && Graph.Sent.Count(sent => sent == id) == 1);
        Graph.Requests.Where(r => r.Path.Contains($"/users/{manager.ObjectId}/messages", StringComparison.Ordinal))
            .Should().NotBeEmpty().And.OnlyContain(r => r.Authorization == "Bearer " + EntraStub.ApplicationTokenFor(_tenant));
        app.Entra.TokenRequests.Should().Contain(t => t.Tenant == _tenant && t.GrantType == "client_credentials" && t.Scope.Contains("https://graph.microsoft.com/.default"));
        log.Items.Where(c => c.ReportNumber == 1).Select(c => (c.Delivery, c.LoggedBy.Email, c.Participants.Single().Email)).Should().BeEquivalentTo(
            [((Delivery?)Delivery.Sent, manager.Email, "sam@contoso.example"), ((Delivery?)Delivery.Sent, manager.Email, "xavier@supplier.example")]);
    }

    [Fact]
    public async Task A_scheduled_send_that_failed_after_its_draft_was_made_is_resumed_by_the_next_run_and_sent_exactly_once()
    {
        var (manager, project, _) = await DueScheduleAsync(withExternal: false);
        Graph.Script.Enqueue(Graph.Pass); // the draft is made
        Graph.Script.Enqueue(GraphStandIn.Failed(500, "generalException", "req-scheduled-send")); // the send fails: as good as a crash between the two

        var published = await app.RunDueSchedulesAsync();
        var before = await manager.Api.ListCommunicationsAsync(project.Id).OkAsync();
        var resumed = await app.RunDueSchedulesAsync();
        var after = await manager.Api.ListCommunicationsAsync(project.Id).OkAsync();

        published.Should().Be(1);
        resumed.Should().Be(0, "the report was published once; the next run only finishes its send");
        before.Items.Should().NotContain(c => c.ReportNumber == 1, "nothing went out yet");
        var draft = Graph.Drafts.Keys.Single(k => Graph.Drafts[k]["subject"]!.GetValue<string>().StartsWith(project.Name, StringComparison.Ordinal));
        Graph.Sent.Count(id => id == draft).Should().Be(1, "the next run sent the draft it had and made no other");
        after.Items.Should().ContainSingle(c => c.ReportNumber == 1).Which.Delivery.Should().Be(Delivery.Sent);
        await manager.Api.SendStatusReportAsync(project.Id, 1, new ReportSendInput(Audience.ManageClosely)).ShouldBeProblemAsync(HttpStatusCode.Conflict);
    }

    // A project with a sponsor (and a supplier) to manage closely, whose manager set a schedule that is due now.
    private async Task<(EntraUser Manager, Project Project, ReportScheduleSettings Schedule)> DueScheduleAsync(bool withExternal = true)
    {
        app.Clock.Now = new DateTimeOffset(2026, 12, 9, 8, 0, 0, TimeSpan.Zero); // Wednesday 09:00 in Berlin
        var manager = app.SignIn(_tenant, "Alice Manager");
        var project = await manager.Api.CreateProjectAsync(new NewProject("Launch " + Guid.NewGuid().ToString("N")[..6])).OkAsync(HttpStatusCode.Created);
        await manager.Api.CreateStakeholderAsync(project.Id, new NewStakeholder("Sam Sponsor", "sam@contoso.example", Internal: true, Influence: 5, Interest: 5))
            .OkAsync(HttpStatusCode.Created);
        if (withExternal)
        {
            await manager.Api.CreateStakeholderAsync(project.Id, new NewStakeholder("Xavier Supplier", "xavier@supplier.example", Internal: false, Influence: 5, Interest: 5))
                .OkAsync(HttpStatusCode.Created);
        }

        var schedule = await manager.Api.PutReportScheduleAsync(project.Id,
            new ReportScheduleSettings(true, DayOfWeek.Wednesday, "10:00", "Europe/Berlin", [Audience.ManageClosely])).OkAsync();
        app.Clock.Now = new DateTimeOffset(2026, 12, 9, 9, 30, 0, TimeSpan.Zero);
        return (manager, project, schedule);
    }
}
