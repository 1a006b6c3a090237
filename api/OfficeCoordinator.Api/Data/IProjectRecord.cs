namespace OfficeCoordinator.Api.Data;

// A record that belongs to one project of one tenant: it has a version (its ETag), and every change to it
// is written to the history and moves the project's plan version, in the same transaction (CoordinatorDb).
public interface IProjectRecord
{
    string TenantId { get; }
    string ProjectId { get; }
    long Version { get; set; }

    // How history names the record: ("task", "12"), ("member", "bob@contoso.com"), ...
    string HistoryEntity { get; }
    string HistoryId { get; }
}

// Properties that are bookkeeping rather than content: not written to the history.
[AttributeUsage(AttributeTargets.Property)]
public sealed class NotInHistoryAttribute : Attribute;

// The wire's name of a field that is nested on the wire (decision.status), for history.
[AttributeUsage(AttributeTargets.Property)]
public sealed class HistoryNameAttribute(string name) : Attribute
{
    public string Name { get; } = name;
}

public static class Ids
{
    // Opaque, unique, and in creation order (UUIDv7), so that indexes stay compact.
    public static string New() => Guid.CreateVersion7().ToString("N");
}
