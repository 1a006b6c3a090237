using Microsoft.Extensions.Options;
using Microsoft.Graph;
using Microsoft.Identity.Web;
using OfficeCoordinator.Api.Documents;

namespace OfficeCoordinator.Api.Mail;

// Graph on behalf of the caller of this request, with the scopes of one purpose each (Entra mode only: the token
// acquisition exists only there).
public sealed class GraphAccess(GraphClients clients, IServiceProvider services, IOptions<GraphOptions> options)
{
    public GraphServiceClient For(IReadOnlyList<string> scopes) =>
        clients.OnBehalfOfUser(services.GetService<ITokenAcquisition>()
            ?? throw new InvalidOperationException("Microsoft Graph is reached on behalf of the user only in Entra mode."), scopes);

    public GraphMailbox Mailbox() => new(For(GraphScopes.ReadMessage));

    public GraphOutbox Outbox() => new(For(GraphScopes.SendMail));

    // The application identity's outbox in the mailbox of this user of that tenant (scheduled sends only).
    public GraphOutbox ApplicationOutbox(string tenantId, string userObjectId) => new(clients.AsApplication(services.GetService<ITokenAcquisition>()
        ?? throw new InvalidOperationException("Microsoft Graph is reached as the application only in Entra mode."), tenantId), userObjectId);

    public GraphDocumentStore Documents() => new(For(GraphScopes.ProjectFolder), options.Value.BaseUrl);
}
