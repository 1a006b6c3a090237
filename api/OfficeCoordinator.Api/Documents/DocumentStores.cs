using OfficeCoordinator.Api.Mail;
using OfficeCoordinator.Client.Contracts;

namespace OfficeCoordinator.Api.Documents;

// The store behind a folder: the local one, or SharePoint/OneDrive on behalf of the caller.
public sealed class DocumentStores(LocalDocumentStore local, IServiceProvider services)
{
    public IDocumentStore For(FolderRef folder) =>
        folder.Kind == DocumentFolderKind.Local ? local : services.GetRequiredService<GraphAccess>().Documents();
}

public static class DocumentServices
{
    public static IServiceCollection AddDocuments(this IServiceCollection services) =>
        services.AddSingleton<LocalDocumentStore>().AddScoped<DocumentStores>();
}
