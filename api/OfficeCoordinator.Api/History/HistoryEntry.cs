using OfficeCoordinator.Client.Contracts;

namespace OfficeCoordinator.Api.History;

// One change to one field of one record. Append-only: CoordinatorDb refuses to update or delete it.
public sealed class HistoryEntry
{
    public long Id { get; init; }
    public required string TenantId { get; init; }
    public required string ProjectId { get; init; }
    public DateTime At { get; init; }
    public required string ByObjectId { get; init; }
    public required string ByName { get; init; }
    public required string ByEmail { get; init; }
    public required string Entity { get; init; }
    public required string EntityId { get; init; }
    public long Version { get; init; }
    public required string Action { get; init; }
    public string? Field { get; init; }
    public string? OldValue { get; init; }
    public string? NewValue { get; init; }

    public HistoryItem AsDto() => new(
        new DateTimeOffset(At, TimeSpan.Zero), new Actor(ByName, ByEmail), Entity, EntityId, Version, Action, Field, OldValue, NewValue);
}

public static class HistoryActions
{
    public const string Created = "created";
    public const string Updated = "updated";
    public const string Deleted = "deleted";
}
