using System.Net;
using OfficeCoordinator.Api.Tests.Infrastructure;

namespace OfficeCoordinator.Api.Tests.Auth;

public sealed class LoggingApplication : CoordinatorApplication
{
    protected override bool CaptureAllLogs => true;

    protected override Task<TestDatabase?> CreateDatabaseAsync() => Task.FromResult<TestDatabase?>(new SqliteTestDatabase());
}

public sealed class LoggingTests(LoggingApplication app) : IClassFixture<LoggingApplication>
{
    [Fact]
    public async Task Tokens_never_reach_a_log_even_at_trace_level()
    {
        var user = TestUser.Create("Logan");
        var valid = app.TokenFor(user);
        var expired = app.TokenFor(user, d => { d.NotBefore = DateTime.UtcNow.AddHours(-2); d.IssuedAt = d.NotBefore; d.Expires = DateTime.UtcNow.AddHours(-1); });
        var tampered = valid[..^2] + (valid[^2] == 'x' ? "yz" : "xz");

        await app.ClientWithToken(valid).CreateProjectAsync(new("Logged project")).OkAsync(HttpStatusCode.Created);
        await app.ClientWithToken(expired).GetMeAsync().ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        await app.ClientWithToken(tampered).GetMeAsync().ShouldBeProblemAsync(HttpStatusCode.Unauthorized);

        var lines = app.Logs.Lines.ToList();
        lines.Should().Contain(line => line.Contains("Microsoft.AspNetCore.Authentication", StringComparison.Ordinal),
            "the capture must see the authentication logs for this test to mean anything");
        foreach (var token in new[] { valid, expired, tampered })
        {
            var signature = token.Split('.')[2];
            lines.Should().NotContain(line => line.Contains(signature, StringComparison.Ordinal));
            lines.Should().NotContain(line => line.Contains(token.Split('.')[1], StringComparison.Ordinal));
        }
    }
}
