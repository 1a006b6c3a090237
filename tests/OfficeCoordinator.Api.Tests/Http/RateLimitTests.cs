using System.Net;
using OfficeCoordinator.Api.Tests.Infrastructure;
using OfficeCoordinator.Client.Contracts;

namespace OfficeCoordinator.Api.Tests.Http;

// A host with small limits, so that the 429 can be met: three writes a user, two requests an address before sign-in.
public sealed class LimitedApplication : CoordinatorApplication
{
    protected override IReadOnlyDictionary<string, int> RateLimits { get; } = new Dictionary<string, int>
    {
        ["Reads"] = 1_000, ["Writes"] = 3, ["Anonymous"] = 2, ["SignIn"] = 2,
    };

    protected override Task<TestDatabase?> CreateDatabaseAsync() => Task.FromResult<TestDatabase?>(new SqliteTestDatabase());
}

public sealed class RateLimitTests(LimitedApplication app) : IClassFixture<LimitedApplication>
{
    [Fact]
    public async Task A_user_over_the_write_limit_gets_429_with_Retry_After_while_reads_and_other_users_go_on()
    {
        var user = TestUser.Create("Busy Bee");
        var api = app.ClientFor(user);
        for (var i = 0; i < 3; i++)
        {
            await api.CreateProjectAsync(new NewProject($"Project {i}")).OkAsync(HttpStatusCode.Created);
        }

        var limited = await api.CreateProjectAsync(new NewProject("One too many"));
        var read = await api.ListProjectsAsync();
        var someoneElse = await app.ClientFor(TestUser.Create("Calm Cat")).CreateProjectAsync(new NewProject("Theirs"));

        var problem = await limited.ShouldBeProblemAsync(HttpStatusCode.TooManyRequests);
        problem.Detail.Should().StartWith("Too many requests in a short time; try again in");
        limited.Headers!.RetryAfter!.Delta!.Value.Should().BeGreaterThan(TimeSpan.Zero);
        read.StatusCode.Should().Be(HttpStatusCode.OK);
        read.Content!.Items.Should().HaveCount(3, "the refused write created nothing");
        someoneElse.StatusCode.Should().Be(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Requests_without_a_valid_token_are_limited_per_client_address()
    {
        using var http = app.CreateHttpClient();

        var first = await http.GetAsync("/api/me");
        var second = await http.GetAsync("/api/me");
        var third = await http.GetAsync("/api/me");
        var health = await http.GetAsync("/health");

        first.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        second.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        third.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        third.Headers.RetryAfter.Should().NotBeNull();
        third.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        health.StatusCode.Should().Be(HttpStatusCode.OK, "load balancers' health probes are never limited");
    }
}
