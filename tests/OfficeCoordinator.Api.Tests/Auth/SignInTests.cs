using System.Net;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.IdentityModel.Tokens;
using OfficeCoordinator.Api.Tests.Infrastructure;
using OfficeCoordinator.Client;
using OfficeCoordinator.Client.Contracts;

namespace OfficeCoordinator.Api.Tests.Auth;

public sealed class SignInTests(SqliteApplication app) : IClassFixture<SqliteApplication>
{
    [Fact]
    public async Task A_valid_token_signs_in_the_user_it_names()
    {
        var user = TestUser.Create("Bob Coordinator");

        var me = await app.ClientFor(user).GetMeAsync().OkAsync();

        me.Should().Be(new SignedInUser(user.TenantId, user.ObjectId, user.Name, user.Email));
    }

    [Fact]
    public async Task Without_tid_oid_and_email_the_tenant_is_local_the_user_is_sub_and_the_email_is_the_sign_in_name()
    {
        var token = app.TokenFor(TestUser.Create("Dana"), descriptor =>
        {
            descriptor.Subject = new System.Security.Claims.ClaimsIdentity(
            [
                new System.Security.Claims.Claim("sub", "subject-42"),
                new System.Security.Claims.Claim("name", "Dana"),
                new System.Security.Claims.Claim("preferred_username", "Dana@Contoso.example"),
            ]);
        });

        var me = await app.ClientWithToken(token).GetMeAsync().OkAsync();

        me.Should().Be(new SignedInUser("local", "subject-42", "Dana", "dana@contoso.example"));
    }

    [Fact]
    public async Task A_request_without_a_token_gets_401_problem_details()
    {
        var problem = await app.AnonymousClient().GetMeAsync().ShouldBeProblemAsync(HttpStatusCode.Unauthorized);

        problem.Detail.Should().Contain("bearer access token");
    }

    [Fact]
    public async Task An_expired_token_gets_401_saying_it_expired()
    {
        var token = app.TokenFor(TestUser.Create("Eve"), d =>
        {
            d.IssuedAt = DateTime.UtcNow.AddHours(-3);
            d.NotBefore = DateTime.UtcNow.AddHours(-3);
            d.Expires = DateTime.UtcNow.AddHours(-2);
        });

        var problem = await app.ClientWithToken(token).GetMeAsync().ShouldBeProblemAsync(HttpStatusCode.Unauthorized);

        problem.Detail.Should().Contain("expired");
    }

    [Fact]
    public async Task A_token_for_another_audience_gets_401()
    {
        var token = app.TokenFor(TestUser.Create("Eve"), d => d.Audience = "some-other-api");

        var problem = await app.ClientWithToken(token).GetMeAsync().ShouldBeProblemAsync(HttpStatusCode.Unauthorized);

        problem.Detail.Should().Contain("audience");
    }

    [Fact]
    public async Task A_token_from_another_issuer_gets_401()
    {
        var token = app.TokenFor(TestUser.Create("Eve"), d => d.Issuer = "https://issuer.attacker.example");

        var problem = await app.ClientWithToken(token).GetMeAsync().ShouldBeProblemAsync(HttpStatusCode.Unauthorized);

        problem.Detail.Should().Contain("issuer");
    }

    [Fact]
    public async Task A_token_with_an_altered_signature_gets_401()
    {
        var token = app.TokenFor(TestUser.Create("Eve"));
        var altered = token[..^4] + (token[^4] == 'A' ? "B" : "A") + token[^3..];

        var problem = await app.ClientWithToken(altered).GetMeAsync().ShouldBeProblemAsync(HttpStatusCode.Unauthorized);

        problem.Detail.Should().Contain("signature");
    }

    [Fact]
    public async Task A_token_signed_with_another_key_gets_401()
    {
        var otherKey = new SymmetricSecurityKey(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        var token = app.TokenFor(TestUser.Create("Eve"), d => d.SigningCredentials = new SigningCredentials(otherKey, SecurityAlgorithms.HmacSha256));

        var problem = await app.ClientWithToken(token).GetMeAsync().ShouldBeProblemAsync(HttpStatusCode.Unauthorized);

        problem.Detail.Should().Contain("signature");
    }

    [Fact]
    public async Task An_unsigned_alg_none_token_gets_401()
    {
        var signed = app.TokenFor(TestUser.Create("Mallory"));
        var header = Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes("""{"alg":"none","typ":"JWT"}"""));
        var unsigned = $"{header}.{signed.Split('.')[1]}.";

        await app.ClientWithToken(unsigned).GetMeAsync().ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task The_development_sign_in_endpoint_does_not_exist_outside_Development()
    {
        var response = await app.AnonymousClient().CreateDevTokenAsync(new DevTokenRequest("Eve", "eve@contoso.example"));

        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_OpenAPI_document_describes_the_API()
    {
        using var http = app.CreateHttpClient();

        var document = await http.GetStringAsync("/openapi/v1.json");

        document.Should().Contain("/api/projects/{projectId}/members/{email}").And.Contain("bearer");
    }

    [Fact]
    public async Task Health_answers_alive_and_ready()
    {
        using var http = app.CreateHttpClient();

        var alive = await http.GetAsync("/health");
        var ready = await http.GetAsync("/health/ready");

        alive.StatusCode.Should().Be(HttpStatusCode.OK);
        ready.StatusCode.Should().Be(HttpStatusCode.OK);
    }
}

public sealed class DevelopmentApplication : CoordinatorApplication
{
    protected override string EnvironmentName => "Development";

    // Local sign-in whatever the machine's user secrets or environment say: the OpenAPI document served here is the
    // committed one, with the Local-only route.
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("AzureAd:ClientId", "");
    }

    protected override Task<TestDatabase?> CreateDatabaseAsync() => Task.FromResult<TestDatabase?>(new SqliteTestDatabase());
}

public sealed class DevelopmentSignInTests(DevelopmentApplication app) : IClassFixture<DevelopmentApplication>
{
    [Fact]
    public async Task The_development_endpoint_signs_in_a_demo_user_who_sees_the_demo_project()
    {
        var token = await app.AnonymousClient().CreateDevTokenAsync(new DevTokenRequest("Bob Coordinator", "bob@contoso.com")).OkAsync();

        var api = app.ClientWithToken(token.AccessToken);
        var me = await api.GetMeAsync().OkAsync();
        var projects = await api.ListProjectsAsync().OkAsync();

        me.Should().Be(token.User);
        me.TenantId.Should().Be("local");
        projects.Items.Should().ContainSingle(p => p.Name == "Contoso product launch").Which.MyRole.Should().Be(ProjectRole.Coordinator);
    }

    [Fact]
    public async Task The_demo_project_is_a_product_launch_with_linked_tasks_a_milestone_and_stakeholders()
    {
        var token = await app.AnonymousClient().CreateDevTokenAsync(new DevTokenRequest("Carol Viewer", "carol@contoso.com")).OkAsync();
        var api = app.ClientWithToken(token.AccessToken);
        var project = (await api.ListProjectsAsync().OkAsync()).Items.Single();

        var tasks = await api.ListTasksAsync(project.Id, new TaskQuery { Limit = 100 }).OkAsync();
        var stakeholders = await api.ListStakeholdersAsync(project.Id).OkAsync();
        var members = await api.ListMembersAsync(project.Id).OkAsync();
        var venueThread = await api.GetEmailLinksAsync(conversationId: "AAQkADVjconv-venue").OkAsync();

        project.MyRole.Should().Be(ProjectRole.Viewer);
        tasks.Items.Should().HaveCount(20);
        tasks.Items.Should().Contain(t => t.Milestone && t.Title == "Launch event" && t.Predecessors.Count > 1);
        tasks.Items.Count(t => t.Source != null).Should().Be(3);
        tasks.Items.Count(t => t.Predecessors.Count > 0).Should().BeGreaterThan(15);
        stakeholders.Items.Should().HaveCount(6);
        members.Items.Select(m => (m.Email, m.Role)).Should().BeEquivalentTo(new[]
        {
            ("alice@contoso.com", ProjectRole.Manager), ("bob@contoso.com", ProjectRole.Coordinator),
            ("dan@contoso.com", ProjectRole.Contributor), ("carol@contoso.com", ProjectRole.Viewer),
        });
        venueThread.Items.Should().ContainSingle().Which.Title.Should().Be("Sign the venue contract");
        var log = await api.ListCommunicationsAsync(project.Id, new CommunicationQuery { Limit = 100 }).OkAsync();
        var decisions = await api.ListDecisionsAsync(project.Id).OkAsync();
        var obstacles = await api.ListObstaclesAsync(project.Id).OkAsync();
        log.Items.Count(c => c.Kind != CommunicationKind.Decision).Should().Be(15);
        log.Items.Should().Contain(c => c.Participants.Any(p => p.Name == "Dan Contributor"));
        decisions.Items.Should().HaveCount(3).And.ContainSingle(d => d.Decision!.Status == DecisionStatus.Approved);
        obstacles.Items.Select(o => o.Status).Should().Equal(ObstacleStatus.SolutionProposed, ObstacleStatus.Resolved);
        tasks.Items.Single(t => t.Number == 5).Status.Should().Be(WorkStatus.Blocked);
        var reports = await api.ListStatusReportsAsync(project.Id).OkAsync();
        reports.Items.Should().ContainSingle().Which.Should().Match<StatusReportSummary>(r => r.Key == "SR-1" && r.PublishedBy.Email == "bob@contoso.com");
        var first = await api.GetStatusReportAsync(project.Id, 1).OkAsync();
        first.Renderings.Should().Contain(r => r.Audience == Audience.ManageClosely && r.Recipients.Count > 0, "the demo's stakeholders are reviewed");
        first.Reasons.Should().NotBeEmpty("the demo has a blocked critical task and a slip to report");
        (await api.SearchAsync(project.Id, "vegetarian").OkAsync()).Items.Select(h => h.Type).Should().Contain(["decision", "communication"]);
    }

    [Fact]
    public async Task Signing_in_again_with_the_same_email_is_the_same_user()
    {
        var first = await app.AnonymousClient().CreateDevTokenAsync(new DevTokenRequest("Frank", "frank@contoso.example")).OkAsync();
        var second = await app.AnonymousClient().CreateDevTokenAsync(new DevTokenRequest("Frank F.", "FRANK@contoso.example")).OkAsync();
        var otherTenant = await app.AnonymousClient().CreateDevTokenAsync(new DevTokenRequest("Frank", "frank@contoso.example", "fabrikam")).OkAsync();

        second.User.ObjectId.Should().Be(first.User.ObjectId);
        otherTenant.User.ObjectId.Should().NotBe(first.User.ObjectId);
        otherTenant.User.TenantId.Should().Be("fabrikam");
    }

    [Fact]
    public async Task The_development_endpoint_refuses_an_invalid_email_naming_the_field()
    {
        var problem = await app.AnonymousClient().CreateDevTokenAsync(new DevTokenRequest("Frank", "not-an-address"))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest);

        problem.Errors.Should().ContainKey("email");
    }

    [Fact]
    public async Task The_API_reference_is_browsable_in_Development()
    {
        using var http = app.CreateHttpClient();

        var page = await http.GetAsync("/scalar");

        page.StatusCode.Should().Be(HttpStatusCode.OK);
        (await page.Content.ReadAsStringAsync()).Should().Contain("openapi/v1.json");
    }
}
