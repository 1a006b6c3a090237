using System.Diagnostics;
using System.Net;
using Microsoft.Data.Sqlite;
using OfficeCoordinator.Api.Tests.Infrastructure;
using OfficeCoordinator.Client;
using OfficeCoordinator.Client.Contracts;

namespace OfficeCoordinator.Api.Tests.Http;

// A PostgreSQL cluster of its own (../shared/scripts/pg-start.sh on another port and folder), so that stopping it
// leaves the rest of the suite's database alone.
public sealed class OutagePostgresApplication : CoordinatorApplication
{
    protected override async Task<TestDatabase?> CreateDatabaseAsync() =>
        TestDatabase.PostgresSkipReason is null ? await OwnPostgresCluster.StartAsync() : null;
}

public sealed class OwnPostgresCluster : TestDatabase
{
    private static readonly string Scripts = Path.GetFullPath(Path.Combine(ApiProcess.RepositoryRoot, "..", "shared", "scripts"));
    private static readonly Dictionary<string, string> Variables = new() { ["OC_PG_PORT"] = "55471", ["OC_PG_DIR"] = "/tmp/oc-outage-pgdata" };

    private OwnPostgresCluster(string connectionString) => ConnectionString = connectionString;

    public override string Provider => "Postgres";
    public override string ConnectionString { get; }

    // A cluster left running by an interrupted run would hold the port: stop it first.
    public static async Task<OwnPostgresCluster> StartAsync()
    {
        await RunAsync("pg-stop.sh");
        return new((await RunAsync("pg-start.sh")).Trim());
    }

    public static Task StopAsync() => RunAsync("pg-pause.sh", "stop");

    public static Task RestartAsync() => RunAsync("pg-pause.sh", "start");

    public override async ValueTask DisposeAsync()
    {
        Npgsql.NpgsqlConnection.ClearAllPools();
        await RunAsync("pg-stop.sh");
    }

    private static async Task<string> RunAsync(string script, params string[] arguments)
    {
        var info = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(Path.Combine(Scripts, script));
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in Variables)
        {
            info.Environment[name] = value;
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{script} failed (it runs as root, with PostgreSQL installed): {await errors}");
        }

        return await output;
    }
}

public sealed class PostgresOutageTests(OutagePostgresApplication app) : IClassFixture<OutagePostgresApplication>, IRunsOnPostgres
{
    [DatabaseFact]
    public async Task While_PostgreSQL_is_stopped_requests_get_503_with_Retry_After_and_the_API_serves_again_when_it_returns()
    {
        var manager = TestUser.Create("Alice Manager");
        var api = app.ClientFor(manager);
        var project = await api.CreateProjectAsync(new NewProject("Outage")).OkAsync(HttpStatusCode.Created);
        using var http = app.CreateHttpClient();

        await OwnPostgresCluster.StopAsync();
        var read = await api.GetProjectAsync(project.Id);
        var write = await api.CreateTaskAsync(project.Id, new NewTask("Lost?"));
        var ready = await http.GetAsync("/health/ready");
        var live = await http.GetAsync("/health");
        await OwnPostgresCluster.RestartAsync();
        var recovered = await EventuallyAsync(() => api.GetProjectAsync(project.Id));
        var readyAgain = await http.GetAsync("/health/ready");
        var created = await api.CreateTaskAsync(project.Id, new NewTask("After the outage")).OkAsync(HttpStatusCode.Created);

        foreach (var refused in new Refit.IApiResponse[] { read, write })
        {
            (await refused.ShouldBeProblemAsync(HttpStatusCode.ServiceUnavailable)).Detail.Should().Contain("database is not available");
            refused.Headers!.RetryAfter!.Delta.Should().Be(TimeSpan.FromSeconds(5));
        }

        ready.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        live.StatusCode.Should().Be(HttpStatusCode.OK, "liveness: the process answers");
        recovered.StatusCode.Should().Be(HttpStatusCode.OK);
        readyAgain.StatusCode.Should().Be(HttpStatusCode.OK);
        created.Number.Should().Be(1, "the task refused during the outage was never stored");
    }

    // The first requests after a restart may still meet connections the outage broke.
    private static async Task<T> EventuallyAsync<T>(Func<Task<T>> call)
        where T : Refit.IApiResponse
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var response = await call();
            if (response.IsSuccessStatusCode || clock.Elapsed > TimeSpan.FromSeconds(30))
            {
                return response;
            }

            response.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
            await Task.Delay(250);
        }
    }
}

public sealed class SqliteOutageTests(SqliteApplication app) : IClassFixture<SqliteApplication>
{
    [Fact]
    public async Task A_SQLite_lock_held_past_the_busy_timeout_gets_503_never_500_and_writes_work_once_it_is_released()
    {
        var manager = TestUser.Create("Alice Manager");
        var api = app.ClientFor(manager);
        var project = await api.CreateProjectAsync(new NewProject("Locked")).OkAsync(HttpStatusCode.Created);
        using var http = app.CreateHttpClient();

        await using var holder = new SqliteConnection(app.Database.ConnectionString);
        await holder.OpenAsync();
        await using (var command = holder.CreateCommand())
        {
            command.CommandText = "BEGIN EXCLUSIVE;";
            await command.ExecuteNonQueryAsync();
        }

        var write = await api.CreateTaskAsync(project.Id, new NewTask("Blocked write"));
        var ready = await http.GetAsync("/health/ready");
        var read = await api.GetProjectAsync(project.Id);
        await using (var command = holder.CreateCommand())
        {
            command.CommandText = "ROLLBACK;";
            await command.ExecuteNonQueryAsync();
        }

        var after = await api.CreateTaskAsync(project.Id, new NewTask("Released")).OkAsync(HttpStatusCode.Created);
        var readyAgain = await http.GetAsync("/health/ready");

        (await write.ShouldBeProblemAsync(HttpStatusCode.ServiceUnavailable)).Detail.Should().Contain("database is not available");
        write.Headers!.RetryAfter.Should().NotBeNull();
        ready.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        read.StatusCode.Should().Be(HttpStatusCode.OK, "in WAL mode readers go on while a writer holds the lock");
        after.Number.Should().Be(1);
        readyAgain.StatusCode.Should().Be(HttpStatusCode.OK);
    }
}
