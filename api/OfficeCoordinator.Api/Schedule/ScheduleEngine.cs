using OfficeCoordinator.Api.Projects;
using OfficeCoordinator.Api.Tasks;
using OfficeCoordinator.Client.Contracts;

namespace OfficeCoordinator.Api.Schedule;

// The critical path method over working days: a forward pass for early dates, a backward pass from the project's
// computed finish for late dates, slack from the two; and shifting a task with the successors it drags along.
public static class ScheduleEngine
{
    public static ComputedSchedule Compute(IReadOnlyList<PlannedTask> tasks, ProjectCalendar calendar, DateOnly? projectStart, DateOnly today) =>
        WithinCalendar(() =>
        {
            var network = DependencyNetwork.Build(tasks, calendar, PlanStart(tasks, projectStart, today));
            if (network.Count == 0)
            {
                return new ComputedSchedule(null, [], []);
            }

            var early = ForwardPass(network, network.OwnStarts);
            var projectFinish = early.Finish.Max();
            var late = BackwardPass(network, early, projectFinish);
            network.CacheDates(early.Start.Min() - 1, projectFinish);

            var byNumber = Enumerable.Range(0, network.Count).ToArray();
            Array.Sort(tasks.Select(t => t.Number).ToArray(), byNumber);
            var scheduled = Array.ConvertAll(byNumber, i => Describe(network, i, early, late, today));
            var criticalPath = byNumber
                .Where(i => late.Start[i] - early.Start[i] <= 0)
                .OrderBy(i => early.Start[i])
                .ThenBy(i => network.Durations[i] == 0 ? 0 : 1) // a milestone at a boundary was reached the day before
                .ThenBy(i => tasks[i].Number)
                .Select(i => tasks[i].Number)
                .ToList();
            return new ComputedSchedule(calendar.WorkingDayDate(projectFinish - 1), criticalPath, scheduled);
        });

    // Moves the task (to a new start, or by working days) keeping its duration. With cascade, every successor,
    // transitively, that would start before its predecessors allow moves to the first day they do; with pullIn,
    // successors that started exactly when their predecessors allowed keep doing so, earlier as well as later.
    // Returns every task whose stored dates change: the shifted task first, then its successors by new start.
    public static IReadOnlyList<MovedTask> Shift(
        IReadOnlyList<PlannedTask> tasks, ProjectCalendar calendar, DateOnly? projectStart, DateOnly today, int number, ShiftRequest shift) =>
        WithinCalendar<IReadOnlyList<MovedTask>>(() =>
        {
            var network = DependencyNetwork.Build(tasks, calendar, PlanStart(tasks, projectStart, today));
            var target = network.IndexOf(number) ?? throw new ArgumentException($"{ProjectTask.KeyOf(number)} is not in the plan.", nameof(number));
            var before = ForwardPass(network, network.OwnStarts);
            var current = network.Dated[target] ? network.OwnStarts[target] : before.Start[target];
            var shifted = shift.To is { } to ? network.StartAt(target, to) : current + (shift.ByDays ?? 0);

            var ownStarts = (int[])network.OwnStarts.Clone();
            ownStarts[target] = shifted;
            var successors = shift.Cascade ? Downstream(network, target) : [];
            if (shift.PullIn)
            {
                foreach (var successor in successors.Where(s => network.Dated[s] && network.OwnStarts[s] <= before.Allowed[s]))
                {
                    ownStarts[successor] = int.MinValue; // starts when its predecessors allow, whenever that is
                }
            }

            var after = ForwardPass(network, ownStarts);
            network.CacheDates(after.Start.Min() - 1, after.Finish.Max());
            var moves = successors
                .Where(s => network.Dated[s] && after.Start[s] != network.OwnStarts[s])
                .OrderBy(s => after.Start[s])
                .ThenBy(s => tasks[s].Number)
                .Select(s => Relocate(network, s, after.Start[s]));
            return [.. moves.Prepend(Relocate(network, target, shifted)).OfType<MovedTask>()];
        });

    // The project start; without one, the earliest date any task has; without any, today.
    private static DateOnly PlanStart(IReadOnlyList<PlannedTask> tasks, DateOnly? projectStart, DateOnly today) =>
        projectStart ?? tasks.Select(t => t.Start ?? t.Finish).Min() ?? today;

    private static T WithinCalendar<T>(Func<T> compute)
    {
        try
        {
            return compute();
        }
        catch (ArgumentOutOfRangeException)
        {
            throw new ScheduleException("The plan reaches beyond the calendar (years 1 to 9999); look for a date or a lag far off.");
        }
    }

    // Each task starts at the later of its own start and the latest that any predecessor allows.
    private static EarlyTimes ForwardPass(DependencyNetwork network, int[] ownStarts)
    {
        var (start, finish, allowed) = (new int[network.Count], new int[network.Count], new int[network.Count]);
        foreach (var task in network.Order)
        {
            var earliest = int.MinValue;
            for (var link = network.PredecessorOffsets[task]; link < network.PredecessorOffsets[task + 1]; link++)
            {
                earliest = Math.Max(earliest, finish[network.Predecessors[link]] + network.PredecessorLags[link]);
            }

            allowed[task] = earliest;
            start[task] = Math.Max(ownStarts[task], earliest);
            finish[task] = start[task] + network.Durations[task];
        }

        return new EarlyTimes(start, finish, allowed);
    }

    // Each task finishes by the project's finish and early enough for every successor's late start; free slack is
    // how far its early finish can slip before it moves a successor's early start.
    private static LateTimes BackwardPass(DependencyNetwork network, EarlyTimes early, int projectFinish)
    {
        var (start, freeSlack) = (new int[network.Count], new int[network.Count]);
        for (var position = network.Count - 1; position >= 0; position--)
        {
            var task = network.Order[position];
            var (latest, free) = (projectFinish, int.MaxValue);
            for (var link = network.SuccessorOffsets[task]; link < network.SuccessorOffsets[task + 1]; link++)
            {
                var (successor, lag) = (network.Successors[link], network.SuccessorLags[link]);
                latest = Math.Min(latest, start[successor] - lag);
                free = Math.Min(free, early.Start[successor] - lag - early.Finish[task]);
            }

            start[task] = latest - network.Durations[task];
            freeSlack[task] = free == int.MaxValue ? start[task] - early.Start[task] : free;
        }

        return new LateTimes(start, freeSlack);
    }

    private static ScheduledTask Describe(DependencyNetwork network, int i, EarlyTimes early, LateTimes late, DateOnly today)
    {
        var task = network.Tasks[i];
        var (earlyStart, earlyFinish) = network.DatesAt(i, early.Start[i]);
        var (lateStart, lateFinish) = network.DatesAt(i, late.Start[i]);
        var totalSlack = late.Start[i] - early.Start[i];
        int? startVariance = task is { Start: { } start, BaselineStart: { } baselineStart }
            ? network.StartDay(start) - network.StartDay(baselineStart)
            : null;
        int? finishVariance = task is { Finish: { } finish, BaselineFinish: { } baselineFinish }
            ? network.FinishDay(finish) - network.FinishDay(baselineFinish)
            : null;
        var isLate = (task.Status is not (WorkStatus.Done or WorkStatus.Cancelled) && earlyFinish < today)
            || (task.Status == WorkStatus.NotStarted && earlyStart < today);
        return new ScheduledTask(task.Number, ProjectTask.KeyOf(task.Number), earlyStart, earlyFinish, lateStart, lateFinish,
            totalSlack, late.FreeSlack[i], totalSlack <= 0, startVariance, finishVariance, isLate);
    }

    private static List<int> Downstream(DependencyNetwork network, int task)
    {
        var reached = new bool[network.Count];
        var downstream = new List<int>();
        var frontier = new Stack<int>([task]);
        while (frontier.TryPop(out var current))
        {
            for (var link = network.SuccessorOffsets[current]; link < network.SuccessorOffsets[current + 1]; link++)
            {
                var successor = network.Successors[link];
                if (!reached[successor])
                {
                    reached[successor] = true;
                    downstream.Add(successor);
                    frontier.Push(successor);
                }
            }
        }

        return downstream;
    }

    // A moved task keeps the kind of dates it had (only a finish stays only a finish); one without dates gets a start.
    private static MovedTask? Relocate(DependencyNetwork network, int i, int start)
    {
        var task = network.Tasks[i];
        var (startDate, finishDate) = network.DatesAt(i, start);
        DateOnly? toStart = task.Milestone || task.Start is not null || task.Finish is null ? startDate : null;
        DateOnly? toFinish = task.Milestone || task.Finish is not null ? finishDate : null;
        return toStart == task.Start && toFinish == task.Finish
            ? null
            : new MovedTask(task.Number, ProjectTask.KeyOf(task.Number), task.Start, task.Finish, toStart, toFinish);
    }

    private sealed record EarlyTimes(int[] Start, int[] Finish, int[] Allowed);

    private sealed record LateTimes(int[] Start, int[] FreeSlack);
}
