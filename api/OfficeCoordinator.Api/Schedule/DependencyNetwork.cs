using OfficeCoordinator.Api.Projects;
using OfficeCoordinator.Api.Tasks;

namespace OfficeCoordinator.Api.Schedule;

// The tasks as arrays over dense indices, timed in working-day numbers (ProjectCalendar.WorkingDayNumber).
// Times are day boundaries: a task of duration d starting at s works the days s .. s + d - 1 and finishes at s + d,
// so finish-to-start with lag L reads start(successor) >= finish(predecessor) + L, and a milestone (d = 0) adds no
// time to a path. A milestone at boundary s is dated on the working day before it: reached at the end of that day.
internal sealed class DependencyNetwork
{
    private const int MaxCachedDates = 100_000;

    private readonly ProjectCalendar _calendar;
    private readonly Dictionary<int, int> _indexOf;
    private DateOnly[] _dates = [];
    private int _firstCachedDate;

    public IReadOnlyList<PlannedTask> Tasks { get; }
    public int Count => Tasks.Count;
    public int[] Durations { get; }

    // The earliest start the task's own dates allow ("start no earlier than"), or the plan start when it has none.
    public int[] OwnStarts { get; }
    public bool[] Dated { get; }

    // Predecessor and successor lists in compressed form: the links of task i are [Offsets[i], Offsets[i + 1]).
    public int[] PredecessorOffsets { get; }
    public int[] Predecessors { get; }
    public int[] PredecessorLags { get; }
    public int[] SuccessorOffsets { get; }
    public int[] Successors { get; }
    public int[] SuccessorLags { get; }

    // Every task after all of its predecessors.
    public int[] Order { get; }

    private DependencyNetwork(IReadOnlyList<PlannedTask> tasks, ProjectCalendar calendar, DateOnly planStart)
    {
        _calendar = calendar;
        Tasks = tasks;
        var count = tasks.Count;
        _indexOf = new Dictionary<int, int>(count);
        for (var i = 0; i < count; i++)
        {
            if (!_indexOf.TryAdd(tasks[i].Number, i))
            {
                throw new ArgumentException($"{ProjectTask.KeyOf(tasks[i].Number)} appears twice.", nameof(tasks));
            }
        }

        Durations = new int[count];
        OwnStarts = new int[count];
        Dated = new bool[count];
        var planDay = calendar.WorkingDayNumber(planStart);
        for (var i = 0; i < count; i++)
        {
            (OwnStarts[i], Durations[i], Dated[i]) = Read(tasks[i], planDay);
        }

        (PredecessorOffsets, Predecessors, PredecessorLags) = LinkPredecessors();
        (SuccessorOffsets, Successors, SuccessorLags) = LinkSuccessors();
        Order = SortTopologically();
    }

    public static DependencyNetwork Build(IReadOnlyList<PlannedTask> tasks, ProjectCalendar calendar, DateOnly planStart) =>
        new(tasks, calendar, planStart);

    public int? IndexOf(int number) => _indexOf.TryGetValue(number, out var index) ? index : null;

    // The dates a task shows when it starts at the boundary: inclusive working days, a milestone on one date.
    public (DateOnly Start, DateOnly Finish) DatesAt(int task, int start)
    {
        var duration = Durations[task];
        return duration == 0
            ? (DateOf(start - 1), DateOf(start - 1))
            : (DateOf(start), DateOf(start + duration - 1));
    }

    // Looks up the dates of a run of working days once, for converting every task's dates in the run.
    public void CacheDates(int first, int last)
    {
        first = Math.Max(first, 0);
        if (last - first is >= 0 and < MaxCachedDates)
        {
            _dates = new DateOnly[last - first + 1];
            for (var i = 0; i < _dates.Length; i++)
            {
                _dates[i] = _calendar.WorkingDayDate(first + i);
            }

            _firstCachedDate = first;
        }
    }

    // The boundary at which a task dated by this start date begins: a milestone's date is the day it is reached.
    public int StartAt(int task, DateOnly start) => _calendar.WorkingDayNumber(start) + (Durations[task] == 0 ? 1 : 0);

    // The working day a finish date stands for: the last working day on or before it.
    public int FinishDay(DateOnly finish) => _calendar.WorkingDayNumber(finish.AddDays(1)) - 1;

    public int StartDay(DateOnly start) => _calendar.WorkingDayNumber(start);

    private DateOnly DateOf(int number) =>
        (uint)(number - _firstCachedDate) < (uint)_dates.Length ? _dates[number - _firstCachedDate] : _calendar.WorkingDayDate(number);

    // Without both dates a task lasts one working day, and where no date places it, it starts at the plan start;
    // with only a finish it is a one-day task on that day.
    private (int OwnStart, int Duration, bool Dated) Read(PlannedTask task, int planDay)
    {
        if (task.Milestone)
        {
            return (task.Start ?? task.Finish) is { } date
                ? (_calendar.WorkingDayNumber(date) + 1, 0, true)
                : (planDay + 1, 0, false);
        }

        return (task.Start, task.Finish) switch
        {
            ({ } start, { } finish) => (StartDay(start), Math.Max(1, FinishDay(finish) - StartDay(start) + 1), true),
            ({ } start, null) => (StartDay(start), 1, true),
            (null, { } finish) => (FinishDay(finish), 1, true),
            _ => (planDay, 1, false),
        };
    }

    // Links to tasks that are not in the plan are ignored: deleting a task already removes it from its successors.
    private (int[] Offsets, int[] Tasks, int[] Lags) LinkPredecessors()
    {
        var offsets = new int[Count + 1];
        var linked = new List<int>(Count * 2);
        var lags = new List<int>(Count * 2);
        for (var i = 0; i < Count; i++)
        {
            var dependencies = Tasks[i].Predecessors ?? [];
            for (var d = 0; d < dependencies.Count; d++)
            {
                if (_indexOf.TryGetValue(dependencies[d].Task, out var predecessor))
                {
                    linked.Add(predecessor);
                    lags.Add(dependencies[d].LagDays);
                }
            }

            offsets[i + 1] = linked.Count;
        }

        return (offsets, [.. linked], [.. lags]);
    }

    private (int[] Offsets, int[] Tasks, int[] Lags) LinkSuccessors()
    {
        var offsets = new int[Count + 1];
        foreach (var predecessor in Predecessors)
        {
            offsets[predecessor + 1]++;
        }

        for (var i = 0; i < Count; i++)
        {
            offsets[i + 1] += offsets[i];
        }

        var next = offsets[..^1];
        var successors = new int[Predecessors.Length];
        var lags = new int[Predecessors.Length];
        for (var task = 0; task < Count; task++)
        {
            for (var link = PredecessorOffsets[task]; link < PredecessorOffsets[task + 1]; link++)
            {
                var slot = next[Predecessors[link]]++;
                successors[slot] = task;
                lags[slot] = PredecessorLags[link];
            }
        }

        return (offsets, successors, lags);
    }

    // Kahn's algorithm; tasks left over lie on or behind a cycle, which TaskRules refuses at write time.
    private int[] SortTopologically()
    {
        var waitingFor = new int[Count];
        for (var i = 0; i < Count; i++)
        {
            waitingFor[i] = PredecessorOffsets[i + 1] - PredecessorOffsets[i];
        }

        var order = new int[Count];
        var sorted = 0;
        for (var i = 0; i < Count; i++)
        {
            if (waitingFor[i] == 0)
            {
                order[sorted++] = i;
            }
        }

        for (var next = 0; next < sorted; next++)
        {
            var task = order[next];
            for (var link = SuccessorOffsets[task]; link < SuccessorOffsets[task + 1]; link++)
            {
                if (--waitingFor[Successors[link]] == 0)
                {
                    order[sorted++] = Successors[link];
                }
            }
        }

        return sorted == Count ? order : throw new ScheduleException(DescribeCycle(waitingFor));
    }

    // Every unsorted task still waits for an unsorted predecessor, so walking those from any of them must repeat a task.
    private string DescribeCycle(int[] waitingFor)
    {
        var visitedAt = new Dictionary<int, int>();
        var path = new List<int>();
        var task = Array.FindIndex(waitingFor, waiting => waiting > 0);
        while (visitedAt.TryAdd(task, path.Count))
        {
            path.Add(task);
            var link = PredecessorOffsets[task];
            while (waitingFor[Predecessors[link]] == 0)
            {
                link++;
            }

            task = Predecessors[link];
        }

        var cycle = path[visitedAt[task]..].Append(task).Select(i => ProjectTask.KeyOf(Tasks[i].Number));
        return $"The plan has a dependency cycle ({string.Join(" → ", cycle)}); remove one of these predecessors.";
    }
}
