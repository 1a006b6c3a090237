using Microsoft.Extensions.Caching.Memory;

namespace OfficeCoordinator.Api.Schedule;

// The plans the schedule engine last read, by project, each filed under the plan version it is the plan of. Every
// write to a project's tasks moves its plan version (CoordinatorDb), on any instance, so a plan found under the version
// the project has now is the plan as stored, and one filed under an older version is never used again: no
// invalidation to forget. A shift, which holds the project's write lock, reads the plan at the version before its own
// and files the plan it writes under its own; GET /schedule files what it read. A large programme's next shift or
// schedule then skips reading tens of thousands of rows. Bounded by the tasks held (a million by default) and
// let go after ten minutes unused.
public sealed class PlanCache : IDisposable
{
    public const long DefaultTaskLimit = 1_000_000;
    private static readonly TimeSpan Idle = TimeSpan.FromMinutes(10);

    private readonly MemoryCache _plans;

    public PlanCache(long taskLimit = DefaultTaskLimit) =>
        _plans = new MemoryCache(new MemoryCacheOptions { SizeLimit = taskLimit });

    public IReadOnlyList<PlannedTask>? Find(string tenantId, string projectId, long planVersion) =>
        _plans.TryGetValue(Key(tenantId, projectId), out Entry? plan) && plan!.PlanVersion == planVersion ? plan.Tasks : null;

    public void Keep(string tenantId, string projectId, long planVersion, IReadOnlyList<PlannedTask> tasks)
    {
        var key = Key(tenantId, projectId);
        if (_plans.TryGetValue(key, out Entry? kept) && kept!.PlanVersion > planVersion)
        {
            return; // a newer plan is already here
        }

        _plans.Set(key, new Entry(planVersion, tasks), new MemoryCacheEntryOptions { Size = Math.Max(1, tasks.Count), SlidingExpiration = Idle });
    }

    public void Dispose() => _plans.Dispose();

    private static (string, string) Key(string tenantId, string projectId) => (tenantId, projectId);

    private sealed record Entry(long PlanVersion, IReadOnlyList<PlannedTask> Tasks);
}
