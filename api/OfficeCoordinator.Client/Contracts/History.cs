namespace OfficeCoordinator.Client.Contracts;

/// <summary>Who made a change.</summary>
/// <param name="Name">Display name.</param>
/// <param name="Email">Email address.</param>
public sealed record Actor(string Name, string Email);

/// <summary>One change to one field of one record; history is append-only.</summary>
/// <param name="At">When.</param>
/// <param name="By">Who.</param>
/// <param name="Entity">Record type: <c>project</c>, <c>member</c>, ...</param>
/// <param name="EntityId">Record id (a member's email, a task's number).</param>
/// <param name="Version">The record's version after the change.</param>
/// <param name="Action"><c>created</c>, <c>updated</c> or <c>deleted</c>.</param>
/// <param name="Field">The camelCase field that changed (updates only).</param>
/// <param name="OldValue">The value before, as text.</param>
/// <param name="NewValue">The value after, as text.</param>
public sealed record HistoryItem(
    DateTimeOffset At,
    Actor By,
    string Entity,
    string EntityId,
    long Version,
    string Action,
    string? Field,
    string? OldValue,
    string? NewValue);
