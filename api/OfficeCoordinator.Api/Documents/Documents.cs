using OfficeCoordinator.Api.Auth;
using OfficeCoordinator.Api.Projects;
using OfficeCoordinator.Client.Contracts;
using Project = OfficeCoordinator.Api.Projects.Project;

namespace OfficeCoordinator.Api.Documents;

// Where a project's folder is, as the stores take it; in Local mode always the Local folder.
public sealed record FolderRef(string ProjectId, DocumentFolderKind Kind, string? DriveId, string? FolderPath);

public static class DocumentFolders
{
    public const string PlanFileName = "plan.xlsx";

    public static FolderRef? RefOf(Project project, SignInMode mode) =>
        mode == SignInMode.Local
            ? new FolderRef(project.Id, DocumentFolderKind.Local, null, null)
            : project.DocumentsKind is { } kind and not DocumentFolderKind.Local
                ? new FolderRef(project.Id, kind, project.DocumentsDriveId, project.DocumentsFolderPath)
                : null;

    public static DocumentFolder? FolderOf(Project project, SignInMode mode) =>
        RefOf(project, mode) is { } folder
            ? new DocumentFolder(folder.Kind, folder.DriveId, folder.FolderPath,
                folder.Kind == DocumentFolderKind.Local ? LocalDocumentStore.UrlOf(project.Id, null) : project.DocumentsWebUrl)
            : null;
}

// A document in the folder as written: its name there (after any rename), size, link and eTag.
public sealed record StoredFile(string Name, long Size, string WebUrl, string ETag);

// The shared plan as found in the folder, with who saved it last (null when the store cannot tell).
public sealed record SharedFile(byte[] Content, string ETag, string WebUrl, string? ModifiedByEmail, string? ModifiedByName);

// Someone saved the file between our read and our write (If-Match failed).
public sealed class SharedFileChangedException() : Exception("The shared file changed while it was being written.");

// The project's document folder, whatever holds it: SharePoint/OneDrive through Graph, or a local folder.
public interface IDocumentStore
{
    // Adds a new file; never overwrites: a name already there gets " (2)", " (3)", ...
    Task<StoredFile> AddAsync(FolderRef folder, string name, Stream content, long length, CancellationToken cancellationToken);

    // The file and its eTag, or null when there is none; files above maxBytes are refused (PlanFileException).
    Task<SharedFile?> ReadAsync(FolderRef folder, string name, long maxBytes, CancellationToken cancellationToken);

    // Writes the file only if it is still at `ifMatch` (null: only if there is none); else SharedFileChangedException.
    Task<StoredFile> ReplaceAsync(FolderRef folder, string name, Stream content, long length, string? ifMatch, CancellationToken cancellationToken);
}
