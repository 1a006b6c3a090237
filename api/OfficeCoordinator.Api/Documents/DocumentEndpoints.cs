using Microsoft.AspNetCore.Http.HttpResults;
using OfficeCoordinator.Api.Auth;
using OfficeCoordinator.Api.Data;
using OfficeCoordinator.Api.Http;
using OfficeCoordinator.Api.Http.OpenApi;
using OfficeCoordinator.Api.Mail;
using OfficeCoordinator.Api.Projects;
using OfficeCoordinator.Client.Contracts;

namespace OfficeCoordinator.Api.Documents;

// The project's document folder: where it is (managers set it in Entra mode), and in Local mode its files.
public static class DocumentEndpoints
{
    public static RouteGroupBuilder MapDocuments(this IEndpointRouteBuilder app)
    {
        var documents = app.MapProjectGroup("/documents", "Documents");
        documents.MapGet("/", GetFolder).Describe("Documents_GetFolder", "Read the project's document folder and its files").ProducesProblems(409);
        documents.MapPut("/", PutFolderAsync).Describe("Documents_PutFolder", "Set the project's document folder").RequireProjectRole(ProjectRole.Manager, "set the document folder");
        documents.MapGet("/{name}", DownloadAsync).Describe("Documents_Download", "Download a document").Produces(StatusCodes.Status200OK, contentType: "application/octet-stream");
        AttachmentEndpoints.Map(app);
        return documents;
    }

    private static Results<Ok<DocumentFolder>, ProblemHttpResult> GetFolder(ProjectAccess access, SignInModeAccessor signIn) =>
        DocumentFolders.FolderOf(access.Project, signIn.Mode) is { } folder
            ? TypedResults.Ok(folder)
            : NoFolder();

    public static ProblemHttpResult NoFolder() =>
        Problems.Conflict("This project has no document folder yet: a project manager sets one (a SharePoint library folder or a OneDrive folder).");

    private static async Task<Results<Ok<DocumentFolder>, ValidationProblem, ProblemHttpResult>> PutFolderAsync(
        DocumentFolderInput input, ProjectAccess access, CoordinatorDb db, SignInModeAccessor signIn, GraphAccess graph, CancellationToken cancellationToken)
    {
        var errors = new Validation();
        var project = access.Project;
        if (signIn.Mode == SignInMode.Local)
        {
            // The local folder is always <data directory>/documents/<projectId>/: no path is ever taken from a request.
            if (input.Kind != DocumentFolderKind.Local)
            {
                errors.Add("kind", "Without Microsoft 365 (Local mode) the folder is Local: connect SharePoint or OneDrive in Entra mode.");
            }
            else if (input.DriveId is not null || input.FolderPath is not null)
            {
                errors.Add(input.DriveId is not null ? "driveId" : "folderPath", "The Local folder takes no drive or path: it is always the project's folder under the data directory.");
            }

            return errors.IsValid ? TypedResults.Ok(DocumentFolders.FolderOf(project, signIn.Mode)!) : errors.ToProblem();
        }

        if (input.Kind == DocumentFolderKind.Local)
        {
            errors.Add("kind", "In Microsoft 365 the folder is SharePoint or OneDrive: a Local folder exists only without it.");
        }

        errors.Text("driveId", input.DriveId, "driveId", 200, required: true).Text("folderPath", input.FolderPath, "folderPath", 1_000);
        var folderPath = (input.FolderPath ?? "").Trim().Trim('/');
        if (folderPath.Split('/').Any(part => part is "." or ".."))
        {
            errors.Add("folderPath", "folderPath names a folder from the drive's root, such as Projects/Launch, without . or .. parts.");
        }

        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        var driveId = input.DriveId!.Trim();
        var (webUrl, wrong) = await graph.Documents().CheckFolderAsync(driveId, folderPath, cancellationToken);
        if (wrong is not null)
        {
            return errors.Add(wrong, wrong == "driveId"
                ? "There is no such drive for you in Microsoft 365: give the id of a document library or OneDrive you can write to."
                : "There is no such folder in that drive: create it first, or give the path of one that exists.").ToProblem();
        }

        await using (var transaction = await db.BeginProjectWriteAsync(project.Id, cancellationToken))
        {
            project.DocumentsKind = input.Kind;
            project.DocumentsDriveId = driveId;
            project.DocumentsFolderPath = folderPath;
            project.DocumentsWebUrl = webUrl;
            if (project.SharedPlanETag is not null)
            {
                // A new folder holds no published plan yet: the next publish starts afresh there.
                project.SharedPlanETag = null;
                project.SharedPlanWebUrl = null;
                project.SharedPlanPublishedAt = null;
                project.SharedPlanPublishedBy = null;
            }

            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        return TypedResults.Ok(DocumentFolders.FolderOf(project, signIn.Mode)!);
    }

    // Local mode: the folder's files, to members only (the group's filter), never a path outside it.
    private static Results<FileStreamHttpResult, ProblemHttpResult> DownloadAsync(
        string name, ProjectAccess access, SignInModeAccessor signIn, LocalDocumentStore local)
    {
        if (signIn.Mode != SignInMode.Local)
        {
            return Problems.NotFound("The project's documents are in Microsoft 365: open them from their links.");
        }

        if (local.PathOf(access.Project.Id, name) is not { } path || !File.Exists(path))
        {
            return Problems.NotFound($"There is no document named '{(name.Length > 80 ? name[..80] + "…" : name)}' in this project's folder.");
        }

        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 64 * 1024, useAsync: true);
        var type = new Microsoft.AspNetCore.StaticFiles.FileExtensionContentTypeProvider().TryGetContentType(name, out var known) ? known : "application/octet-stream";
        return TypedResults.File(stream, type, name);
    }
}
