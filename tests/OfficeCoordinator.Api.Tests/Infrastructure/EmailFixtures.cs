using System.Text.Json;
using OfficeCoordinator.Client;
using OfficeCoordinator.Client.Contracts;

namespace OfficeCoordinator.Api.Tests.Infrastructure;

// The realistic messages in ../shared/fixtures/emails, each with the facts a correct implementation shows.
public sealed record EmailFixture(string Name, EmailMessage Email, JsonElement Expected)
{
    public static string Folder { get; } = Path.GetFullPath(Path.Combine(ApiProcess.RepositoryRoot, "..", "shared", "fixtures", "emails"));

    public static IReadOnlyList<EmailFixture> All()
    {
        var files = Directory.Exists(Folder) ? Directory.GetFiles(Folder, "*.json") : [];
        if (files.Length == 0)
        {
            throw new InvalidOperationException($"No email fixtures in {Folder}: the shared folder must sit beside the repository.");
        }

        return [.. files.Order().Select(Load)];
    }

    public static EmailFixture Named(string name) => Load(Path.Combine(Folder, name + ".json"));

    // The same message as if it were another one (another id), optionally in another thread.
    public EmailMessage AsNewMessage(string? conversationId = null) =>
        Email with { InternetMessageId = $"<{Guid.NewGuid():N}@copy.example>", ConversationId = conversationId ?? Email.ConversationId };

    public string? ExpectedString(string property) =>
        Expected.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public bool Expects(string property) => Expected.TryGetProperty(property, out _);

    private static EmailFixture Load(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        var email = document.RootElement.GetProperty("email").Deserialize<EmailMessage>(CoordinatorClient.JsonOptions)!;
        return new EmailFixture(Path.GetFileNameWithoutExtension(path), email, document.RootElement.GetProperty("expected").Clone());
    }
}
