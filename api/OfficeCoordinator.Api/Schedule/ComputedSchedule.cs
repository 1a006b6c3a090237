using OfficeCoordinator.Client.Contracts;

namespace OfficeCoordinator.Api.Schedule;

// What the engine computes; the plan version comes from the caller, who read the tasks at that version.
public sealed record ComputedSchedule(DateOnly? ProjectFinish, IReadOnlyList<int> CriticalPath, IReadOnlyList<ScheduledTask> Tasks)
{
    public ProjectSchedule AsDto(long planVersion) => new(planVersion, ProjectFinish, CriticalPath, Tasks);
}
