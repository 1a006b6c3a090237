using System.Security.Cryptography;
using OfficeCoordinator.Api.Data;
using OfficeCoordinator.Api.Plans;

namespace OfficeCoordinator.Api.Documents;

// The document folder of the embedded default: <data directory>/documents/<projectId>/, served by the API to members
// at /api/projects/{projectId}/documents/{name}. No path is ever taken from a request. One API instance only: the
// writes are serialised in this process (a second instance needs SharePoint/OneDrive).
public sealed class LocalDocumentStore(IConfiguration configuration, IHostEnvironment environment) : IDocumentStore, IDisposable
{
    private readonly SemaphoreSlim _writes = new(1, 1);

    public void Dispose() => _writes.Dispose();

    public static string UrlOf(string projectId, string? name) =>
        $"/api/projects/{Uri.EscapeDataString(projectId)}/documents" + (name is null ? "" : "/" + Uri.EscapeDataString(name));

    public string FolderOf(string projectId)
    {
        // Project ids are ours (32 hex characters); anything else never names a folder.
        if (projectId.Length is 0 or > 64 || !projectId.All(char.IsAsciiLetterOrDigit))
        {
            throw new ArgumentException("Not a project id.", nameof(projectId));
        }

        return Path.Combine(DataDirectory.Resolve(configuration, environment), "documents", projectId);
    }

    // The path of a file in the folder, or null when the name is not one this store would have written.
    public string? PathOf(string projectId, string name) =>
        name.Length > 0 && FileNames.Safe(name) == name ? Path.Combine(FolderOf(projectId), name) : null;

    public async Task<StoredFile> AddAsync(FolderRef folder, string name, Stream content, long length, CancellationToken cancellationToken)
    {
        var directory = Directory.CreateDirectory(FolderOf(folder.ProjectId)).FullName;
        var safe = FileNames.Safe(name);
        await _writes.WaitAsync(cancellationToken);
        try
        {
            var chosen = safe;
            for (var number = 2; File.Exists(Path.Combine(directory, chosen)); number++)
            {
                chosen = FileNames.Numbered(safe, number);
            }

            var path = Path.Combine(directory, chosen);
            var hash = await WriteAtomicallyAsync(path, content, cancellationToken);
            return new StoredFile(chosen, new FileInfo(path).Length, UrlOf(folder.ProjectId, chosen), hash);
        }
        finally
        {
            _writes.Release();
        }
    }

    public async Task<SharedFile?> ReadAsync(FolderRef folder, string name, long maxBytes, CancellationToken cancellationToken)
    {
        var path = Path.Combine(FolderOf(folder.ProjectId), FileNames.Safe(name));
        var file = new FileInfo(path);
        if (!file.Exists)
        {
            return null;
        }

        if (file.Length > maxBytes)
        {
            throw new PlanFileException(StatusCodes.Status413PayloadTooLarge, $"The shared {name} is larger than {maxBytes / (1024 * 1024)} MB; it was not read.");
        }

        var content = await File.ReadAllBytesAsync(path, cancellationToken);
        return new SharedFile(content, ETagOf(content), UrlOf(folder.ProjectId, file.Name), null, null);
    }

    public async Task<StoredFile> ReplaceAsync(FolderRef folder, string name, Stream content, long length, string? ifMatch, CancellationToken cancellationToken)
    {
        var directory = Directory.CreateDirectory(FolderOf(folder.ProjectId)).FullName;
        var safe = FileNames.Safe(name);
        var path = Path.Combine(directory, safe);
        await _writes.WaitAsync(cancellationToken);
        try
        {
            var current = File.Exists(path) ? ETagOf(await File.ReadAllBytesAsync(path, cancellationToken)) : null;
            if (current != ifMatch)
            {
                throw new SharedFileChangedException();
            }

            var etag = await WriteAtomicallyAsync(path, content, cancellationToken);
            return new StoredFile(safe, new FileInfo(path).Length, UrlOf(folder.ProjectId, safe), etag);
        }
        finally
        {
            _writes.Release();
        }
    }

    // A strong eTag from the content, so an edit saved by any program is seen.
    public static string ETagOf(ReadOnlySpan<byte> content) => $"\"{Convert.ToHexStringLower(SHA256.HashData(content))[..32]}\"";

    // Written beside, then moved over: a reader never sees half a file.
    private static async Task<string> WriteAtomicallyAsync(string path, Stream content, CancellationToken cancellationToken)
    {
        var temporary = path + $".{Guid.NewGuid():N}.partial";
        try
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024, useAsync: true))
            {
                var buffer = new byte[64 * 1024];
                int read;
                while ((read = await content.ReadAsync(buffer, cancellationToken)) > 0)
                {
                    hash.AppendData(buffer, 0, read);
                    await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                }
            }

            File.Move(temporary, path, overwrite: true);
            return $"\"{Convert.ToHexStringLower(hash.GetHashAndReset())[..32]}\"";
        }
        finally
        {
            File.Delete(temporary);
        }
    }
}
