using System.Net;
using OfficeCoordinator.Api.Tests.Infrastructure;
using OfficeCoordinator.Client;
using OfficeCoordinator.Client.Contracts;

namespace OfficeCoordinator.Api.Tests.Tasks;

// Every SQL command the host runs, as EF Core logs it, so that a test can count what one request costs.
public sealed class CommandCountingApplication : CoordinatorApplication
{
    protected override bool CaptureAllLogs => true;

    protected override Task<TestDatabase?> CreateDatabaseAsync() => Task.FromResult<TestDatabase?>(new SqliteTestDatabase());

    // The commands executed while `action` ran (the report scheduler's own polling left out).
    public async Task<List<string>> CommandsOfAsync(Func<Task> action)
    {
        var before = Logs.Lines.Count;
        await action();
        return [.. Logs.Lines.Skip(before).Where(line => line.Contains("Microsoft.EntityFrameworkCore.Database.Command: Executed DbCommand", StringComparison.Ordinal)
            && !line.Contains("\"ReportSchedules\"", StringComparison.Ordinal))];
    }
}

// A write's cost does not grow with the project (issue 17): validating a task reads only what its change needs.
public sealed class WritePathTests(CommandCountingApplication app) : IClassFixture<CommandCountingApplication>
{
    private const int Large = 20_000;

    // The projection the rules read dependencies with (the whole graph before, a walk from the predecessors now).
    private const string DependencyRead = "SELECT \"t\".\"Number\", \"t\".\"Predecessors\"";

    [Fact]
    public async Task An_email_becomes_a_task_with_the_same_sql_commands_in_a_project_of_10_tasks_and_of_20000()
    {
        var manager = TestUser.Create("Mira Manager");
        var api = app.ClientFor(manager);
        var small = await ProjectWithTasksAsync(api, "Ten tasks", 10);
        var large = await ProjectWithTasksAsync(api, "Twenty thousand tasks", Large);

        var inSmall = await app.CommandsOfAsync(() => api.CreateTaskFromEmailAsync(small, new EmailTaskRequest(EmailFixture.Named("venue-contract-by-friday").AsNewMessage())).OkAsync(HttpStatusCode.Created));
        var inLarge = await app.CommandsOfAsync(() => api.CreateTaskFromEmailAsync(large, new EmailTaskRequest(EmailFixture.Named("venue-contract-by-friday").AsNewMessage())).OkAsync(HttpStatusCode.Created));

        inSmall.Should().NotBeEmpty("the capture must see the commands for this test to mean anything");
        inLarge.Count.Should().Be(inSmall.Count, "one from-email runs a fixed number of statements, whatever the project's size");
        inLarge.Should().NotContain(line => line.Contains(DependencyRead, StringComparison.Ordinal), "a task without predecessors reads nobody's dependencies");
    }

    [Fact]
    public async Task Changing_a_task_without_touching_its_predecessors_reads_no_dependency_and_a_new_cycle_is_still_found()
    {
        var manager = TestUser.Create("Cyra Manager");
        var api = app.ClientFor(manager);
        var projectId = await ProjectWithTasksAsync(api, "A chain", 12, chained: true);
        var last = await api.GetTaskAsync(projectId, 12).OkAsync();

        var patch = await app.CommandsOfAsync(async () => last = await api.UpdateTaskAsync(projectId, 12, new { percentComplete = 40 }, CoordinatorClient.ETag(last.Version)).OkAsync());
        var first = await api.GetTaskAsync(projectId, 1).OkAsync();
        var cycle = await api.UpdateTaskAsync(projectId, 1, new { predecessors = new[] { new { task = 12, lagDays = 0 } } }, CoordinatorClient.ETag(first.Version))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        var fine = await api.UpdateTaskAsync(projectId, 12, new { predecessors = new[] { new { task = 11, lagDays = 0 }, new { task = 3, lagDays = 1 } } },
            CoordinatorClient.ETag(last.Version)).OkAsync();

        patch.Should().NotContain(line => line.Contains(DependencyRead, StringComparison.Ordinal), "a progress update walks no dependency graph");
        cycle.Errors!["predecessors[0].task"].Single().Should().Be("T-12 would make a cycle: T-1 → T-12 → T-11 → T-10 → T-9 → T-8 → T-7 → T-6 → T-5 → T-4 → T-3 → T-2 → T-1.",
            "the walk from the new predecessor finds the way back, past the levels it walks before reading the graph whole");
        fine.Predecessors.Select(p => p.Task).Should().Equal(11, 3);
    }

    // A project of `count` tasks made through /plan/changes, 1,000 rows a request; chained: each after the one before.
    private static async Task<string> ProjectWithTasksAsync(ICoordinatorApi api, string name, int count, bool chained = false)
    {
        var project = await api.CreateProjectAsync(new NewProject(name)).OkAsync(HttpStatusCode.Created);
        await ChangesAsync(api, project.Id, count, n => new Dictionary<string, object?> { ["Row"] = n + 1, ["Task"] = $"Task {n}" });
        if (chained)
        {
            await ChangesAsync(api, project.Id, count, n => new Dictionary<string, object?> { ["Row"] = n + 1, ["ID"] = $"T-{n}", ["Version"] = 1, ["Predecessors"] = n > 1 ? $"T-{n - 1}" : null });
        }

        return project.Id;
    }

    private static async Task ChangesAsync(ICoordinatorApi api, string projectId, int count, Func<int, Dictionary<string, object?>> row)
    {
        for (var first = 1; first <= count; first += 1_000)
        {
            var rows = Enumerable.Range(first, Math.Min(1_000, count - first + 1)).Select(n => (IReadOnlyDictionary<string, object?>)row(n)).ToList();
            var report = await api.ApplyPlanChangesAsync(projectId, new PlanChanges(rows)).OkAsync();
            report.RowErrors.Should().BeEmpty();
        }
    }
}
