using OfficeCoordinator.Api.Projects;
using OfficeCoordinator.Api.Schedule;
using OfficeCoordinator.Api.Tasks;
using OfficeCoordinator.Client.Contracts;
using static System.FormattableString;
using Project = OfficeCoordinator.Api.Projects.Project;

namespace OfficeCoordinator.Benchmarks.Schedule;

// A plan shaped like a large real one, the same for a given seed: a random DAG whose links reach back at most
// Reach tasks (so paths run long), lags of -2..5 working days, 3 % milestones, tasks of 1 to 10 working days and
// about ten holidays a year. Stored dates agree with the schedule, as after a replan; 30 % of the tasks are held
// a few working days after their predecessors allow, so a shift is absorbed in places.
public sealed record RandomPlan(
    IReadOnlyList<PlannedTask> Tasks, ProjectCalendar Calendar, DateOnly Start, IReadOnlyList<DateOnly> Holidays, int Dependencies, DateOnly Finish)
{
    public const int Reach = 200;

    public static RandomPlan Generate(int tasks, int dependencies, int seed)
    {
        var possible = Enumerable.Range(1, tasks - 1).Sum(successor => (long)Math.Min(successor, Reach));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(dependencies, possible);
        var random = new Random(seed);
        var start = new DateOnly(2027, 1, 4);
        List<DateOnly> holidays = [.. Enumerable.Range(start.Year, 10)
            .SelectMany(year => new[] { new DateOnly(year, 1, 1), new DateOnly(year, 5, 1), new DateOnly(year, 12, 24), new DateOnly(year, 12, 25),
                new DateOnly(year, 12, 26), new DateOnly(year, 12, 31) }.Concat(Enumerable.Range(0, 4).Select(_ => new DateOnly(year, 1, 1).AddDays(random.Next(365)))))
            .Distinct()
            .Order()];
        var calendar = new ProjectCalendar(Project.DefaultWorkingDays, holidays);

        var predecessors = Enumerable.Range(0, tasks).Select(_ => new List<TaskDependency>()).ToArray();
        var linked = new HashSet<(int, int)>();
        while (linked.Count < dependencies)
        {
            var successor = random.Next(1, tasks);
            var predecessor = random.Next(Math.Max(0, successor - Reach), successor);
            if (predecessors[successor].Count < TaskRules.MaxPredecessors && linked.Add((predecessor, successor)))
            {
                predecessors[successor].Add(new TaskDependency(predecessor + 1, random.Next(-2, 6)));
            }
        }

        // Durations first (every task stored at the project start), then holds, then the dates the schedule gives.
        var durations = Enumerable.Range(0, tasks).Select(_ => random.Next(100) < 3 ? 0 : random.Next(1, 11)).ToArray();
        var planned = Enumerable.Range(0, tasks).Select(i => At(i + 1, start, durations[i], predecessors[i], calendar)).ToArray();
        var unheld = ScheduleEngine.Compute(planned, calendar, start, start).Tasks;
        for (var i = 0; i < tasks; i++)
        {
            if (random.Next(10) < 3)
            {
                planned[i] = At(i + 1, calendar.AddWorkingDays(unheld[i].EarlyStart, random.Next(1, 4)), durations[i], predecessors[i], calendar);
            }
        }

        var schedule = ScheduleEngine.Compute(planned, calendar, start, start);
        var final = schedule.Tasks
            .Select(t => planned[t.Number - 1] with { Start = t.EarlyStart, Finish = t.EarlyFinish, BaselineStart = t.EarlyStart, BaselineFinish = t.EarlyFinish })
            .ToArray();
        return new RandomPlan(final, calendar, start, holidays, dependencies, schedule.ProjectFinish ?? start);
    }

    public string Describe() => Invariant(
        $"{Tasks.Count:N0} tasks ({Tasks.Count(t => t.Milestone):N0} milestones), {Dependencies:N0} dependencies (lags -2..5 working days), ") +
        Invariant($"{Holidays.Count} holidays; {Start:yyyy-MM-dd} to {Finish:yyyy-MM-dd} ({Calendar.WorkingDaysBetween(Start, Finish) + 1:N0} working days)");

    private static PlannedTask At(int number, DateOnly start, int duration, List<TaskDependency> predecessors, ProjectCalendar calendar) =>
        duration == 0
            ? new PlannedTask(number, start, start, Milestone: true, Predecessors: predecessors)
            : new PlannedTask(number, start, calendar.AddWorkingDays(start, duration - 1), Predecessors: predecessors);
}
