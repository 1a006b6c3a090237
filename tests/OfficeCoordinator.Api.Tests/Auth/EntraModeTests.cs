using System.Net;
using Microsoft.AspNetCore.Hosting;
using OfficeCoordinator.Api.Tests.Infrastructure;
using OfficeCoordinator.Client.Contracts;

namespace OfficeCoordinator.Api.Tests.Auth;

// Entra mode is chosen by AzureAd:ClientId alone; it starts offline (metadata is fetched on the first token).
public sealed class EntraApplication : CoordinatorApplication
{
    protected override string EnvironmentName => "Development";

    protected override Task<TestDatabase?> CreateDatabaseAsync() => Task.FromResult<TestDatabase?>(new SqliteTestDatabase());

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("AzureAd:ClientId", "00000000-0000-0000-0000-0000000000c0");
        builder.UseSetting("AzureAd:TenantId", "organizations");
    }
}

public sealed class EntraModeTests(EntraApplication app) : IClassFixture<EntraApplication>
{
    [Fact]
    public async Task With_an_Entra_client_id_the_API_starts_and_asks_for_a_bearer_token()
    {
        using var http = app.CreateHttpClient();

        var health = await http.GetAsync("/health");
        var problem = await app.AnonymousClient().GetMeAsync().ShouldBeProblemAsync(HttpStatusCode.Unauthorized);

        health.StatusCode.Should().Be(HttpStatusCode.OK);
        problem.Detail.Should().Contain("bearer access token");
    }

    [Fact]
    public async Task With_an_Entra_client_id_the_development_sign_in_does_not_exist_even_in_Development()
    {
        await app.AnonymousClient().CreateDevTokenAsync(new DevTokenRequest("Eve", "eve@contoso.example"))
            .ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }
}
