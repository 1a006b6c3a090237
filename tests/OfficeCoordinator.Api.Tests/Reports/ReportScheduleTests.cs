using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using OfficeCoordinator.Api.Reports;
using OfficeCoordinator.Api.Tests.Infrastructure;
using OfficeCoordinator.Client.Contracts;

namespace OfficeCoordinator.Api.Tests.Reports;

// A database another host made: this host uses it and leaves it for its owner to drop.
public sealed class BorrowedDatabase(TestDatabase owner) : TestDatabase
{
    public override string Provider => owner.Provider;
    public override string ConnectionString => owner.ConnectionString;

    public override ValueTask DisposeAsync() => ValueTask.CompletedTask;
}

// One API instance of two on a PostgreSQL database, on a clock the test sets; its scheduler runs only when the test asks.
public sealed class ScheduledInstance(FixedClock clock, TestDatabase? shared) : CoordinatorApplication
{
    protected override async Task<TestDatabase?> CreateDatabaseAsync() =>
        shared is not null ? new BorrowedDatabase(shared) : TestDatabase.PostgresSkipReason is null ? await PostgresTestDatabase.CreateAsync() : null;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Reports:Scheduler:Interval", "00:00:00");
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(clock));
    }

    public Task<int> RunDueSchedulesAsync() => Services.GetRequiredService<ReportScheduler>().RunDueAsync(CancellationToken.None);
}

public sealed class TwoInstancesOnPostgres : IAsyncLifetime
{
    public FixedClock Clock { get; } = new();
    public ScheduledInstance First { get; private set; } = null!;
    public ScheduledInstance Second { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        First = new ScheduledInstance(Clock, null);
        await First.InitializeAsync();
        Second = new ScheduledInstance(Clock, First.Database);
        await Second.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await Second.DisposeAsync();
        await First.DisposeAsync();
    }
}

public sealed class ReportScheduleTests(TwoInstancesOnPostgres instances) : IClassFixture<TwoInstancesOnPostgres>, IRunsOnPostgres
{
    [DatabaseFact]
    public async Task Two_instances_on_one_PostgreSQL_with_a_schedule_due_publish_one_report_and_the_next_run_is_a_week_later()
    {
        instances.Clock.Now = new DateTimeOffset(2026, 12, 9, 8, 0, 0, TimeSpan.Zero); // Wednesday 09:00 in Berlin
        var manager = TestUser.Create("Alice Manager");
        var api = instances.First.ClientFor(manager);
        var project = await api.CreateProjectAsync(new NewProject("Trade fair")).OkAsync(HttpStatusCode.Created);
        var schedule = await api.PutReportScheduleAsync(project.Id, new ReportScheduleSettings(true, DayOfWeek.Wednesday, "10:00", "Europe/Berlin", [Audience.ManageClosely]))
            .OkAsync();

        var early = await Task.WhenAll(instances.First.RunDueSchedulesAsync(), instances.Second.RunDueSchedulesAsync());
        instances.Clock.Now = new DateTimeOffset(2026, 12, 9, 9, 30, 0, TimeSpan.Zero);
        var due = await Task.WhenAll(instances.First.RunDueSchedulesAsync(), instances.Second.RunDueSchedulesAsync());
        var again = await Task.WhenAll(instances.First.RunDueSchedulesAsync(), instances.Second.RunDueSchedulesAsync());
        var reports = await api.ListStatusReportsAsync(project.Id).OkAsync();
        var after = await api.GetReportScheduleAsync(project.Id).OkAsync();

        schedule.NextRunAt.Should().Be(new DateTimeOffset(2026, 12, 9, 9, 0, 0, TimeSpan.Zero));
        schedule.SendsFrom.Should().BeNull("Local mode cannot send: the report is left ready to insert from Outlook");
        early.Sum().Should().Be(0, "nothing is due before 10:00 in Berlin");
        due.Sum().Should().Be(1, "exactly one instance takes the lease and publishes");
        again.Sum().Should().Be(0);
        reports.Items.Should().ContainSingle().Which.PublishedBy.Name.Should().Be(ReportScheduler.PublisherName);
        after.LastRunAt.Should().Be(instances.Clock.Now);
        after.NextRunAt.Should().Be(new DateTimeOffset(2026, 12, 16, 9, 0, 0, TimeSpan.Zero));
    }

    [DatabaseFact]
    public async Task A_schedule_names_a_weekday_a_time_an_IANA_time_zone_and_at_least_one_audience()
    {
        var manager = TestUser.Create("Alice Manager");
        var api = instances.First.ClientFor(manager);
        var project = await api.CreateProjectAsync(new NewProject("Trade fair")).OkAsync(HttpStatusCode.Created);

        var defaults = await api.GetReportScheduleAsync(project.Id).OkAsync();
        var bad = await api.PutReportScheduleAsync(project.Id, new ReportScheduleSettings(true, DayOfWeek.Monday, "25:61", "Mars/Olympus", []))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest);

        defaults.Should().BeEquivalentTo(new ReportScheduleSettings(false, DayOfWeek.Monday, "09:00", "UTC", Enum.GetValues<Audience>()));
        bad.Errors.Keys.Should().BeEquivalentTo("time", "timeZone", "audiences");
    }
}
