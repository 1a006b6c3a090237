using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Identity.Client;
using OfficeCoordinator.Api.Tests.Auth;
using OfficeCoordinator.Client;

namespace OfficeCoordinator.Api.Tests.Mail;

// The API in Entra mode with Microsoft Graph: Microsoft.Identity.Web validates the caller's token against the Entra
// stand-in and exchanges it on behalf of the user at the stand-in's token endpoint (MSAL, end to end); the real Graph
// SDK then calls the Graph stand-in, which Graph:BaseUrl points at.
public class GraphApplication : EntraTokenApplication
{
    public GraphStandIn Graph { get; private set; } = null!;

    protected override async Task StartStandInsAsync() => Graph = await GraphStandIn.StartAsync();

    protected override async Task StopStandInsAsync() => await Graph.DisposeAsync();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("AzureAd:ClientSecret", "stand-in-client-secret");
        builder.UseSetting("Graph:BaseUrl", Graph.BaseUrl.ToString());
        builder.UseSetting("Graph:MaxRetryWait", "00:00:05");
        builder.ConfigureTestServices(services => services.AddSingleton<IMsalHttpClientFactory>(new EntraStub.MsalClients(Entra)));
    }

    // Someone of a tenant signed in through Entra: their client, object id and sign-in name.
    public EntraUser SignIn(string tenantId, string name)
    {
        var objectId = Guid.NewGuid().ToString();
        var signInName = $"{name.ToLowerInvariant().Replace(' ', '.')}.{objectId[..6]}@fabrikam.example";
        var token = EntraToken(tenantId, objectId, name: name, signInName: signInName);
        return new EntraUser(CoordinatorClient.Create(BaseAddress, token), objectId, name, signInName, token);
    }
}

public sealed record EntraUser(ICoordinatorApi Api, string ObjectId, string Name, string Email, string Token);
