using OfficeCoordinator.Client.Contracts;

namespace OfficeCoordinator.Api.Schedule;

// A task as the schedule engine reads it: its stored dates and links, plus what variance and lateness need.
public sealed record PlannedTask(
    int Number,
    DateOnly? Start = null,
    DateOnly? Finish = null,
    bool Milestone = false,
    IReadOnlyList<TaskDependency>? Predecessors = null,
    WorkStatus Status = WorkStatus.NotStarted,
    DateOnly? BaselineStart = null,
    DateOnly? BaselineFinish = null);
