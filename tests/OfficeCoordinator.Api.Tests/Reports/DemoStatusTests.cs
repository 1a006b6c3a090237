using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using OfficeCoordinator.Api.Tests.Infrastructure;
using OfficeCoordinator.Client;
using OfficeCoordinator.Client.Contracts;

namespace OfficeCoordinator.Api.Tests.Reports;

// The README's demo (Development environment, Local sign-in) seeded on a fixed clock: Wednesday 9 December 2026.
public sealed class DemoAtFixedClock : CoordinatorApplication
{
    public FixedClock Clock { get; } = new();

    protected override string EnvironmentName => "Development";

    protected override Task<TestDatabase?> CreateDatabaseAsync() => Task.FromResult<TestDatabase?>(new SqliteTestDatabase());

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
    }

    // A demo person, with a token the test signs on the real clock (the development endpoint would sign on the fixed one).
    public async Task<(ICoordinatorApi Api, string ProjectId)> SignInAsync(string name, string email)
    {
        var api = ClientFor(new TestUser("local", Api.Auth.DevTokenIssuer.StableObjectId("local", email).ToString(), name, email));
        return (api, (await api.ListProjectsAsync().OkAsync()).Items.Single().Id);
    }
}

// The status rules on the demo project. At 9 Dec 2026 its critical path is the launch event and the closing work after
// it (T-17 to T-20, baseline finish Fri 15 Jan 2027); the venue contract (T-5) has slipped 2 days but has slack.
public sealed class DemoSlipTests(DemoAtFixedClock app) : IClassFixture<DemoAtFixedClock>
{
    [Fact]
    public async Task Slipping_the_critical_launch_event_makes_Amber_with_that_reason_and_past_five_working_days_Red()
    {
        var (api, projectId) = await app.SignInAsync("Alice Manager", "alice@contoso.com");
        var before = await api.PreviewStatusReportAsync(projectId).OkAsync();
        var schedule = await api.GetScheduleAsync(projectId).OkAsync();

        await api.ShiftTaskAsync(projectId, 17, new ShiftRequest(ByDays: 2)).OkAsync();
        var amber = await api.PreviewStatusReportAsync(projectId).OkAsync();
        await api.ShiftTaskAsync(projectId, 17, new ShiftRequest(ByDays: 4)).OkAsync();
        var red = await api.PreviewStatusReportAsync(projectId).OkAsync();

        schedule.CriticalPath.Should().Equal(17, 18, 19, 20);
        before.Reasons.Select(r => r.Code).Should().NotContain(["FinishSlip", "MilestoneLate"], "the demo's only slip (T-5) has slack");
        before.Model.Slipped.Should().Contain(t => t.Key == "T-5" && t.DaysLate == 2 && !t.Critical);
        amber.Status.Should().Be(ProjectStatus.Amber);
        amber.Reasons.Should().ContainEquivalentOf(new StatusReason("FinishSlip", ProjectStatus.Amber,
            "The forecast finish 19 Jan 2027 is 2 working days after the baseline (15 Jan 2027)."));
        amber.Reasons.Should().NotContain(r => r.Code == "MilestoneLate", "a late milestone is a reason from more than 5 working days (Red)");
        amber.Model.Slipped.Should().Contain(t => t.Key == "T-17" && t.DaysLate == 2 && t.Critical);
        red.Status.Should().Be(ProjectStatus.Red);
        red.Reasons.Should().ContainEquivalentOf(new StatusReason("FinishSlip", ProjectStatus.Red,
            "The forecast finish 25 Jan 2027 is 6 working days after the baseline (15 Jan 2027)."));
        red.Reasons.Should().ContainEquivalentOf(new StatusReason("MilestoneLate", ProjectStatus.Red, "Milestone T-17 Launch event is 6 working days late."));
    }
}

public sealed class DemoReasonTests(DemoAtFixedClock app) : IClassFixture<DemoAtFixedClock>
{
    [Fact]
    public async Task Earned_value_matches_the_hand_computed_demo_and_an_overdue_decision_a_blocked_critical_task_and_CPI_below_0_90_are_reasons()
    {
        var (api, projectId) = await app.SignInAsync("Alice Manager", "alice@contoso.com");
        // By hand, at Wed 9 Dec (working days Mon-Fri; a baseline day counts as elapsed on the status date):
        // PV = T-2 500 + T-5 42,000 (4-8 Dec, all elapsed) + T-6 18,000 x 1/5 + T-7 6,000 x 3/6 + T-9 7,500 x 6/8 + T-12 3,000 x 1/5
        //    = 500 + 42,000 + 3,600 + 3,000 + 5,625 + 600 = 55,325
        // EV = 500 + 42,000 x 50 % + 6,000 x 30 % + 7,500 x 60 % = 27,800; AC = 500 + 21,000 + 1,800 + 4,500 = 27,800
        // BAC = the planned costs of all twenty tasks = 180,500.
        var money = (await api.PreviewStatusReportAsync(projectId).OkAsync()).Model.Money;

        var brochure = await api.GetTaskAsync(projectId, 9).OkAsync();
        await api.UpdateTaskAsync(projectId, 9, new { actualCost = 9_000m }, CoordinatorClient.ETag(brochure.Version)).OkAsync();
        await api.LogCommunicationAsync(projectId, new NewCommunication("Keynote speaker", CommunicationKind.Decision,
            OccurredAt: new DateTimeOffset(2026, 11, 30, 10, 0, 0, TimeSpan.Zero), Decision: new DecisionDetails("Book the CEO for the keynote"))).OkAsync(HttpStatusCode.Created);
        await api.RaiseObstacleAsync(projectId, new NewObstacle("The hall's fire certificate has lapsed", LinkedTasks: [17])).OkAsync(HttpStatusCode.Created);
        var report = await api.PreviewStatusReportAsync(projectId).OkAsync();

        money.Should().BeEquivalentTo(new ReportMoney("EUR", 250_000m, true, Bac: 180_500m, Pv: 55_325m, Ev: 27_800m, Ac: 27_800m,
            Spi: 27_800m / 55_325m, Cpi: 1m, Eac: 180_500m));
        report.Reasons.Should().ContainEquivalentOf(new StatusReason("DecisionWaiting", ProjectStatus.Amber,
            "The decision \"Book the CEO for the keynote\" has waited for approval for 7 working days."));
        report.Reasons.Should().ContainEquivalentOf(new StatusReason("ObstacleBlocksCritical", ProjectStatus.Amber,
            "The obstacle \"The hall's fire certificate has lapsed\" has blocked critical work for 0 working days."));
        // AC = 27,800 - 4,500 + 9,000 = 32,300; CPI = 27,800 / 32,300 = 0.86.
        report.Reasons.Should().ContainEquivalentOf(new StatusReason("Cpi", ProjectStatus.Red, "CPI is 0.86 (below 0.90): the work done cost more than planned."));
        report.Status.Should().Be(ProjectStatus.Red);
    }
}
