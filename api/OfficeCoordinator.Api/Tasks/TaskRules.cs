using Microsoft.EntityFrameworkCore;
using OfficeCoordinator.Api.Data;
using OfficeCoordinator.Api.Http;
using OfficeCoordinator.Client.Contracts;

namespace OfficeCoordinator.Api.Tasks;

// What makes a task valid as a whole, checked after every change from any route (create, patch, email, import).
public static class TaskRules
{
    public const int MaxLagDays = WireLimits.LagDays;
    public const int MaxPredecessors = 50;

    // Levels of predecessors walked from a changed task before the whole dependency graph is read in one query instead.
    public const int WalkedLevels = 8;

    // One task: only what its change needs, so that the cost does not grow with the project. The owner is one indexed
    // lookup, none when it is the caller (`caller`, whose membership the request has loaded); the dependency graph is
    // walked from the task's predecessors, and only when they changed.
    public static async Task<Validation> ValidateAsync(ProjectTask task, CoordinatorDb db, Validation errors, CancellationToken cancellationToken,
        bool predecessorsChanged = true, Projects.Member? caller = null)
    {
        var members = new HashSet<string>(StringComparer.Ordinal);
        if (task.Owner is { } owner && (owner == caller?.Email
            || await db.Members.AnyAsync(m => m.ProjectId == task.ProjectId && m.Email == owner, cancellationToken)))
        {
            members.Add(owner);
        }

        var network = predecessorsChanged && task.Predecessors.Count is > 0 and <= MaxPredecessors
            ? await AncestorsAsync(db, task, cancellationToken)
            : new Dictionary<int, List<int>>();
        return Validate(task, new TaskRuleContext(members, network), errors, predecessorsChanged);
    }

    // The tasks reachable from the task's predecessors by following predecessors, a level per query: all a cycle
    // through this task can pass. A deep chain is read whole in one query after a few levels.
    private static async Task<Dictionary<int, List<int>>> AncestorsAsync(CoordinatorDb db, ProjectTask task, CancellationToken cancellationToken)
    {
        var network = new Dictionary<int, List<int>>();
        var frontier = task.Predecessors.Where(p => p is not null).Select(p => p.Task).Where(n => n != task.Number).Distinct().ToList();
        for (var level = 0; frontier.Count > 0; level++)
        {
            if (level == WalkedLevels)
            {
                return await NetworkAsync(db, task.ProjectId, cancellationToken);
            }

            var batch = frontier;
            var found = await db.Tasks.Where(t => t.ProjectId == task.ProjectId && batch.Contains(t.Number))
                .Select(t => new { t.Number, t.Predecessors }).ToListAsync(cancellationToken);
            foreach (var row in found)
            {
                network[row.Number] = [.. row.Predecessors.Select(p => p.Task)];
            }

            frontier = [.. found.SelectMany(f => network[f.Number]).Where(n => n != task.Number && !network.ContainsKey(n)).Distinct()];
        }

        return network;
    }

    // What the rules need to know about the whole project, loaded once (an import checks thousands of rows against it).
    public static async Task<TaskRuleContext> ContextAsync(CoordinatorDb db, string projectId, CancellationToken cancellationToken)
    {
        var members = await db.Members.Where(m => m.ProjectId == projectId).Select(m => m.Email).ToListAsync(cancellationToken);
        return new TaskRuleContext(new HashSet<string>(members, StringComparer.Ordinal), await NetworkAsync(db, projectId, cancellationToken));
    }

    // Which task depends on which, for the whole project, in one query.
    private static Task<Dictionary<int, List<int>>> NetworkAsync(CoordinatorDb db, string projectId, CancellationToken cancellationToken) =>
        db.Tasks.Where(t => t.ProjectId == projectId)
            .Select(t => new { t.Number, t.Predecessors })
            .ToDictionaryAsync(t => t.Number, t => t.Predecessors.Select(p => p.Task).ToList(), cancellationToken);

    public static Validation Validate(ProjectTask task, TaskRuleContext context, Validation errors, bool predecessorsChanged = true)
    {
        errors.Text("title", task.Title, "Title", ProjectTask.TitleLength, required: true)
            .Text("description", task.Description, "Description", Validation.DescriptionLength)
            .Email("owner", task.Owner, "Owner", required: false)
            .Email("requester", task.Requester, "Requester", required: false)
            .Money("plannedCost", task.PlannedCost, "Planned cost")
            .Money("actualCost", task.ActualCost, "Actual cost");
        if (task.PercentComplete is < 0 or > 100)
        {
            errors.Add("percentComplete", "% complete must be from 0 to 100.");
        }

        if (task.Start is { } start && task.Finish is { } finish && finish < start)
        {
            errors.Add("finish", "Finish must not be before the start.");
        }

        if (task.BaselineStart is { } baselineStart && task.BaselineFinish is { } baselineFinish && baselineFinish < baselineStart)
        {
            errors.Add("baselineFinish", "Baseline finish must not be before the baseline start.");
        }

        if (task.Milestone && task.Start is { } s && task.Finish is { } f && s != f)
        {
            errors.Add("finish", "A milestone starts and finishes on the same day.");
        }

        if (task.Owner is { } owner && !errors.Has("owner") && !context.MemberEmails.Contains(owner))
        {
            errors.Add("owner", $"{owner} is not a member of this project; invite them first.");
        }

        // Stored predecessors were checked when they were set (a deleted task leaves its successors' lists).
        if (predecessorsChanged)
        {
            CheckPredecessors(task, context.PredecessorsOf, errors);
        }

        return errors;
    }

    // Tasks a communication or an obstacle links: each must exist in the project, once.
    public static async Task<Validation> ValidateLinksAsync(CoordinatorDb db, string projectId, IReadOnlyList<int> numbers, Validation errors, CancellationToken cancellationToken)
    {
        if (numbers.Count > MaxPredecessors)
        {
            return errors.Add("linkedTasks", $"At most {MaxPredecessors} tasks can be linked.");
        }

        var existing = await db.Tasks.Where(t => t.ProjectId == projectId && numbers.Contains(t.Number)).Select(t => t.Number).ToListAsync(cancellationToken);
        var seen = new HashSet<int>();
        for (var i = 0; i < numbers.Count; i++)
        {
            if (!existing.Contains(numbers[i]))
            {
                errors.Add($"linkedTasks[{i}]", $"{ProjectTask.KeyOf(numbers[i])} does not exist in this project.");
            }
            else if (!seen.Add(numbers[i]))
            {
                errors.Add($"linkedTasks[{i}]", $"{ProjectTask.KeyOf(numbers[i])} is listed twice.");
            }
        }

        return errors;
    }

    // Predecessors must exist, appear once, keep a sane lag, and never lead back to the task itself.
    private static void CheckPredecessors(ProjectTask task, IReadOnlyDictionary<int, List<int>> network, Validation errors)
    {
        if (task.Predecessors.Count == 0)
        {
            return;
        }

        // JSON may hold null where a predecessor belongs: refuse it by position instead of tripping over it.
        var missing = task.Predecessors.Select((p, i) => (p, i)).Where(x => x.p is null).Select(x => x.i).ToList();
        if (missing.Count > 0)
        {
            foreach (var index in missing)
            {
                errors.Add($"predecessors[{index}]", "Each predecessor is an object such as { \"task\": 3, \"lagDays\": 2 }.");
            }

            return;
        }

        if (task.Predecessors.Count > MaxPredecessors)
        {
            errors.Add("predecessors", $"A task can have at most {MaxPredecessors} predecessors.");
            return;
        }

        // The task's own entry is the one being checked, not the stored one.
        IEnumerable<int> PredecessorsOf(int number) =>
            number == task.Number ? task.Predecessors.Select(p => p.Task) : network.GetValueOrDefault(number) ?? [];

        var seen = new HashSet<int>();
        for (var i = 0; i < task.Predecessors.Count; i++)
        {
            var (number, lag) = (task.Predecessors[i].Task, task.Predecessors[i].LagDays);
            var path = $"predecessors[{i}]";
            if (number == task.Number)
            {
                errors.Add($"{path}.task", $"{ProjectTask.KeyOf(number)} cannot depend on itself.");
            }
            else if (!network.ContainsKey(number))
            {
                errors.Add($"{path}.task", $"{ProjectTask.KeyOf(number)} does not exist in this project.");
            }
            else if (!seen.Add(number))
            {
                errors.Add($"{path}.task", $"{ProjectTask.KeyOf(number)} is listed twice.");
            }
            else if (FindCycle(PredecessorsOf, task.Number, number) is { } cycle)
            {
                errors.Add($"{path}.task", $"{ProjectTask.KeyOf(number)} would make a cycle: {string.Join(" → ", cycle.Select(ProjectTask.KeyOf))}.");
            }

            if (lag is < -MaxLagDays or > MaxLagDays)
            {
                errors.Add($"{path}.lagDays", $"Lag must be between -{MaxLagDays} and {MaxLagDays} working days.");
            }
        }
    }

    // A cycle exists when the task is reachable from its new predecessor by following predecessors;
    // returns it as task → predecessor → ... → task.
    private static List<int>? FindCycle(Func<int, IEnumerable<int>> predecessorsOf, int task, int predecessor)
    {
        var cameFrom = new Dictionary<int, int> { [predecessor] = task };
        var stack = new Stack<int>([predecessor]);
        while (stack.Count > 0)
        {
            var current = stack.Pop();
            foreach (var next in predecessorsOf(current))
            {
                if (next == task)
                {
                    var chain = new List<int>();
                    for (var step = current; step != task; step = cameFrom[step])
                    {
                        chain.Add(step);
                    }

                    chain.Reverse();
                    return [task, .. chain, task];
                }

                if (cameFrom.TryAdd(next, current))
                {
                    stack.Push(next);
                }
            }
        }

        return null;
    }
}

// Who may own tasks, and which task depends on which: loaded once per request.
public sealed record TaskRuleContext(IReadOnlySet<string> MemberEmails, IReadOnlyDictionary<int, List<int>> PredecessorsOf);
