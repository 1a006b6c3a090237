using System.Net;
using Microsoft.AspNetCore.Hosting;
using OfficeCoordinator.Api.Tests.Infrastructure;
using OfficeCoordinator.Client.Contracts;

namespace OfficeCoordinator.Api.Tests.Auth;

// Refused tokens, 403s and requests for another tenant's records are structured log events, without tokens or bodies.
public sealed class SecurityEventTests(LoggingApplication app) : IClassFixture<LoggingApplication>
{
    [Fact]
    public async Task A_refused_token_a_forbidden_request_and_a_probe_across_tenants_are_logged_by_category_without_the_token()
    {
        var manager = TestUser.Create("Alice Manager");
        var project = await app.ClientFor(manager).CreateProjectAsync(new NewProject("Secret launch")).OkAsync(HttpStatusCode.Created);
        var viewer = manager.Colleague("Vic Viewer");
        await app.ClientFor(manager).PutMemberAsync(project.Id, viewer.Email, new MemberRole(ProjectRole.Viewer)).OkAsync(HttpStatusCode.Created);
        var outsider = TestUser.Create("Mallory");
        var expired = app.TokenFor(manager, d => { d.NotBefore = DateTime.UtcNow.AddHours(-2); d.IssuedAt = d.NotBefore; d.Expires = DateTime.UtcNow.AddHours(-1); });

        var nobody = app.TokenFor(manager, d => { d.Subject.RemoveClaim(d.Subject.FindFirst("oid")!); d.Subject.RemoveClaim(d.Subject.FindFirst("sub")!); });

        await app.ClientWithToken(expired).GetMeAsync().ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        await app.ClientWithToken(nobody).GetMeAsync().ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        await app.ClientFor(viewer).CreateTaskAsync(project.Id, new NewTask("Sneaky task, body text")).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await app.ClientFor(outsider).GetProjectAsync(project.Id).ShouldBeProblemAsync(HttpStatusCode.NotFound);

        var security = app.Logs.Lines.Where(l => l.Contains(" OfficeCoordinator.Security: ", StringComparison.Ordinal)).ToList();
        security.Should().ContainSingle(l => l.StartsWith("Warning", StringComparison.Ordinal) && l.Contains("Refused an access token (expired) for GET /api/me"));
        security.Should().ContainSingle(l => l.Contains("Refused an access token (no-identity) for GET /api/me"));
        security.Should().ContainSingle(l => l.Contains($"Forbidden: user {viewer.TenantId}/{viewer.ObjectId} lacks the role for POST /api/projects/{{projectId}}/tasks/"));
        security.Should().ContainSingle(l => l.Contains($"User {outsider.TenantId}/{outsider.ObjectId} asked for project {project.Id} of another tenant"));
        app.Logs.Lines.Should().NotContain(l => l.Contains(expired, StringComparison.Ordinal) || l.Contains("Sneaky task", StringComparison.Ordinal));
    }
}

public sealed class QuietLogTests(SqliteApplication app) : IClassFixture<SqliteApplication>
{
    [Fact]
    public async Task The_token_librarys_informational_chatter_is_off_by_default()
    {
        var user = TestUser.Create("Quiet Quinn");

        await app.ClientFor(user).GetMeAsync().OkAsync();
        await app.ClientWithToken("not-a-token").GetMeAsync().ShouldBeProblemAsync(HttpStatusCode.Unauthorized);

        app.Logs.Lines.Should().NotContain(l => l.StartsWith("Information Microsoft.IdentityModel", StringComparison.Ordinal)
            || l.StartsWith("Debug Microsoft.IdentityModel", StringComparison.Ordinal));
        app.Logs.Lines.Should().Contain(l => l.Contains("Refused an access token (malformed)") || l.Contains("Refused an access token (invalid)"));
    }
}

// Production redirects plain http to https (HSTS goes with the https answers).
public sealed class ProductionApplication : CoordinatorApplication
{
    protected override string EnvironmentName => "Production";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("https_port", "8443");
    }

    protected override Task<TestDatabase?> CreateDatabaseAsync() => Task.FromResult<TestDatabase?>(new SqliteTestDatabase());
}

public sealed class ProductionTransportTests(ProductionApplication app) : IClassFixture<ProductionApplication>
{
    [Fact]
    public async Task In_Production_plain_http_is_redirected_to_https()
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = app.BaseAddress };

        var response = await http.GetAsync("/api/projects");

        response.StatusCode.Should().Be(HttpStatusCode.TemporaryRedirect);
        response.Headers.Location!.ToString().Should().Be($"https://{app.BaseAddress.Host}:8443/api/projects");
    }
}
