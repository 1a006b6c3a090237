using System.ComponentModel.DataAnnotations;

namespace OfficeCoordinator.Client.Contracts;

/// <summary>The project's computed schedule: <c>GET /api/projects/{projectId}/schedule</c>. Computing it writes nothing.</summary>
/// <param name="PlanVersion">The plan version the schedule was computed from.</param>
/// <param name="ProjectFinish">The latest early finish of any task; <c>null</c> when the project has no tasks.</param>
/// <param name="CriticalPath">Numbers of the critical tasks (every critical path), by early start, then number.</param>
/// <param name="Tasks">Every task, by number.</param>
public sealed record ProjectSchedule(
    long PlanVersion,
    DateOnly? ProjectFinish,
    IReadOnlyList<int> CriticalPath,
    IReadOnlyList<ScheduledTask> Tasks);

/// <summary>Where one task stands in the schedule. Dates are inclusive working days; slack and variance count working days.</summary>
/// <param name="Number">The task's number.</param>
/// <param name="Key">Its display key, <c>T-12</c>.</param>
/// <param name="EarlyStart">The earliest start its own start and its predecessors allow.</param>
/// <param name="EarlyFinish">Its finish when it starts at <paramref name="EarlyStart"/>.</param>
/// <param name="LateStart">The latest start that keeps the project's finish.</param>
/// <param name="LateFinish">The latest finish that keeps the project's finish.</param>
/// <param name="TotalSlack">Late start minus early start.</param>
/// <param name="FreeSlack">How far the early finish can slip without moving any successor's early start.</param>
/// <param name="Critical">Total slack of zero or less.</param>
/// <param name="StartVariance">Current start minus baseline start (positive = later); <c>null</c> without both dates.</param>
/// <param name="FinishVariance">Current finish minus baseline finish (positive = later); <c>null</c> without both dates.</param>
/// <param name="Late">Not Done or Cancelled and finishing before today, or NotStarted and starting before today (UTC).</param>
public sealed record ScheduledTask(
    int Number,
    string Key,
    DateOnly EarlyStart,
    DateOnly EarlyFinish,
    DateOnly LateStart,
    DateOnly LateFinish,
    int TotalSlack,
    int FreeSlack,
    bool Critical,
    int? StartVariance,
    int? FinishVariance,
    bool Late);

/// <summary>Body of <c>POST /api/projects/{projectId}/tasks/{number}/shift</c>: give exactly one of <paramref name="To"/> and <paramref name="ByDays"/>.</summary>
/// <param name="To">The new start; a non-working day moves on to the next working day.</param>
/// <param name="ByDays">Working days to move by; negative for earlier.</param>
/// <param name="Cascade">Also move every successor, transitively, that would otherwise start before its predecessors allow.</param>
/// <param name="PullIn">With <paramref name="Cascade"/>: successors that started as soon as their predecessors allowed keep doing so, earlier as well as later.</param>
public sealed record ShiftRequest(DateOnly? To = null, [property: Range(-WireLimits.ShiftDays, WireLimits.ShiftDays)] int? ByDays = null, bool Cascade = true, bool PullIn = false);

/// <summary>What a shift moved, in one transaction.</summary>
/// <param name="PlanVersion">The plan version after the shift.</param>
/// <param name="Moved">Every task whose dates changed: the shifted task first, then its successors by new start.</param>
public sealed record ShiftResult(long PlanVersion, IReadOnlyList<MovedTask> Moved);

/// <summary>One task a shift moved; a date the task did not have stays <c>null</c>.</summary>
/// <param name="Number">The task's number.</param>
/// <param name="Key">Its display key, <c>T-12</c>.</param>
/// <param name="FromStart">Start before.</param>
/// <param name="FromFinish">Finish before.</param>
/// <param name="ToStart">Start after.</param>
/// <param name="ToFinish">Finish after.</param>
/// <param name="Version">The task's version after the shift: an undo pushes the earlier dates with it.</param>
public sealed record MovedTask(int Number, string Key, DateOnly? FromStart, DateOnly? FromFinish, DateOnly? ToStart, DateOnly? ToFinish, long? Version = null);

/// <summary>Body of <c>POST /api/projects/{projectId}/baseline</c> (managers).</summary>
/// <param name="Tasks">Numbers of the tasks to baseline; every task when omitted.</param>
public sealed record BaselineRequest(IReadOnlyList<int>? Tasks = null);

/// <summary>A baseline taken: each task's baseline start and finish now equal its current start and finish.</summary>
/// <param name="PlanVersion">The plan version after the baseline.</param>
/// <param name="TakenAt">When (recorded on the project).</param>
/// <param name="TakenBy">Who (email, recorded on the project).</param>
/// <param name="Tasks">Numbers of the tasks baselined, ascending.</param>
public sealed record BaselineResult(long PlanVersion, DateTimeOffset TakenAt, string TakenBy, IReadOnlyList<int> Tasks);
