using Microsoft.Graph;
using Microsoft.Graph.Drives.Item.Items.Item.CreateUploadSession;
using Microsoft.Graph.Models;
using Microsoft.Graph.Models.ODataErrors;
using Microsoft.Kiota.Abstractions;
using OfficeCoordinator.Api.Mail;
using OfficeCoordinator.Api.Plans;

namespace OfficeCoordinator.Api.Documents;

// The document folder in SharePoint or OneDrive, through the Graph SDK on behalf of the caller (Files.ReadWrite.All).
// Files up to 4 MB go in one request; larger ones through an upload session in slices.
public sealed class GraphDocumentStore(GraphServiceClient graph, string baseUrl) : IDocumentStore
{
    // Graph's limit for a simple upload.
    public const long SimpleUploadLimit = 4 * 1024 * 1024;

    // Upload session slices must be multiples of 320 KiB; 10 of them is 3.125 MiB.
    public const int SliceSize = 10 * 320 * 1024;

    public async Task<StoredFile> AddAsync(FolderRef folder, string name, Stream content, long length, CancellationToken cancellationToken)
    {
        var path = PathOf(folder, FileNames.Safe(name));
        var item = length <= SimpleUploadLimit
            ? await graph.Drives[folder.DriveId].Root.ItemWithPath(path).Content
                .WithUrl(ContentUrl(folder, path, "rename")).PutAsync(content, cancellationToken: cancellationToken)
            : await UploadInSlicesAsync(folder, path, content, "rename", null, cancellationToken);
        return StoredOf(item, length);
    }

    public async Task<SharedFile?> ReadAsync(FolderRef folder, string name, long maxBytes, CancellationToken cancellationToken)
    {
        var file = graph.Drives[folder.DriveId].Root.ItemWithPath(PathOf(folder, name));
        DriveItem? item;
        try
        {
            item = await file.GetAsync(cancellationToken: cancellationToken);
        }
        catch (ODataError error) when (error.ResponseStatusCode is 404)
        {
            return null;
        }

        if (item is null)
        {
            return null;
        }

        if (item.Size > maxBytes)
        {
            throw new PlanFileException(StatusCodes.Status413PayloadTooLarge, $"The shared {name} is larger than {maxBytes / (1024 * 1024)} MB; it was not read.");
        }

        await using var stream = await graph.Drives[folder.DriveId].Items[item.Id].Content.GetAsync(cancellationToken: cancellationToken)
            ?? throw new PlanFileException(StatusCodes.Status502BadGateway, $"Microsoft 365 returned no content for the shared {name}.");
        using var copy = new MemoryStream();
        var buffer = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(buffer, cancellationToken)) > 0)
        {
            if (copy.Length + read > maxBytes)
            {
                throw new PlanFileException(StatusCodes.Status413PayloadTooLarge, $"The shared {name} is larger than {maxBytes / (1024 * 1024)} MB; it was not read.");
            }

            copy.Write(buffer, 0, read);
        }

        var user = item.LastModifiedBy?.User;
        var email = user?.AdditionalData is { } data && data.TryGetValue("email", out var value) ? value?.ToString() : null;
        return new SharedFile(copy.ToArray(), item.ETag ?? "", item.WebUrl ?? "", email?.Trim().ToLowerInvariant(), user?.DisplayName);
    }

    public async Task<StoredFile> ReplaceAsync(FolderRef folder, string name, Stream content, long length, string? ifMatch, CancellationToken cancellationToken)
    {
        var path = PathOf(folder, name);
        try
        {
            var item = length <= SimpleUploadLimit
                ? await graph.Drives[folder.DriveId].Root.ItemWithPath(path).Content
                    .WithUrl(ContentUrl(folder, path, ifMatch is null ? "fail" : "replace"))
                    .PutAsync(content, request =>
                    {
                        if (ifMatch is not null)
                        {
                            request.Headers.Add("If-Match", ifMatch);
                        }
                    }, cancellationToken)
                : await UploadInSlicesAsync(folder, path, content, ifMatch is null ? "fail" : "replace", ifMatch, cancellationToken);
            return StoredOf(item, length);
        }
        catch (ApiException error) when (error.ResponseStatusCode is 409 or 412)
        {
            throw new SharedFileChangedException();
        }
    }

    // The drive and folder exist for the caller: the folder's link, or the member of the body that is wrong.
    public async Task<(string? WebUrl, string? WrongMember)> CheckFolderAsync(string driveId, string folderPath, CancellationToken cancellationToken)
    {
        try
        {
            await graph.Drives[driveId].GetAsync(cancellationToken: cancellationToken);
        }
        catch (ODataError error) when (error.ResponseStatusCode is 404 or 400)
        {
            return (null, "driveId");
        }

        try
        {
            var folder = folderPath.Length == 0
                ? await graph.Drives[driveId].Root.GetAsync(cancellationToken: cancellationToken)
                : await graph.Drives[driveId].Root.ItemWithPath(folderPath).GetAsync(cancellationToken: cancellationToken);
            return folder?.Folder is null ? (null, "folderPath") : (folder.WebUrl, null);
        }
        catch (ODataError error) when (error.ResponseStatusCode is 404 or 400)
        {
            return (null, "folderPath");
        }
    }

    private async Task<DriveItem?> UploadInSlicesAsync(FolderRef folder, string path, Stream content, string conflictBehavior, string? ifMatch,
        CancellationToken cancellationToken)
    {
        var body = new CreateUploadSessionPostRequestBody
        {
            Item = new DriveItemUploadableProperties { AdditionalData = new Dictionary<string, object> { ["@microsoft.graph.conflictBehavior"] = conflictBehavior } },
        };
        var session = await graph.Drives[folder.DriveId].Root.ItemWithPath(path).CreateUploadSession.PostAsync(body, request =>
        {
            if (ifMatch is not null)
            {
                request.Headers.Add("If-Match", ifMatch);
            }
        }, cancellationToken) ?? throw new ServiceException("Microsoft 365 opened no upload session.");
        var upload = new LargeFileUploadTask<DriveItem>(session, content, SliceSize, graph.RequestAdapter);
        var result = await upload.UploadAsync(cancellationToken: cancellationToken);
        return result.UploadSucceeded ? result.ItemResponse : throw new ServiceException("The upload session did not complete.");
    }

    private static StoredFile StoredOf(DriveItem? item, long length) =>
        item is null ? throw new ServiceException("Microsoft 365 returned no item for the upload.")
            : new StoredFile(item.Name ?? "", item.Size ?? length, item.WebUrl ?? "", item.ETag ?? "");

    private static string PathOf(FolderRef folder, string name) =>
        string.IsNullOrEmpty(folder.FolderPath) ? name : $"{folder.FolderPath.Trim('/')}/{name}";

    // The simple upload with a conflict behaviour, which the SDK's request builder has no parameter for.
    private string ContentUrl(FolderRef folder, string path, string conflictBehavior) =>
        $"{baseUrl.TrimEnd('/')}/drives/{Uri.EscapeDataString(folder.DriveId ?? "")}/root:/{string.Join('/', path.Split('/').Select(Uri.EscapeDataString))}:/content"
        + $"?@microsoft.graph.conflictBehavior={conflictBehavior}";
}
