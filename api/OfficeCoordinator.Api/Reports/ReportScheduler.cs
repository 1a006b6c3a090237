using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OfficeCoordinator.Api.Auth;
using OfficeCoordinator.Api.Data;
using OfficeCoordinator.Client.Contracts;

namespace OfficeCoordinator.Api.Reports;

public sealed class ReportSchedulerOptions
{
    public const string Section = "Reports:Scheduler";

    // How often an instance looks for due schedules; 0 turns the scheduler off in this instance.
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(1);

    // How long a run may hold a schedule before another instance may take it over.
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(5);
}

// Publishes the reports of due weekly schedules. Any number of instances may run it on one database: a schedule is
// taken with a conditional update of its lease, so exactly one instance publishes each occurrence. Without an
// application identity for Microsoft 365 (not built yet) the report is left ready for the coordinator to insert.
public sealed class ReportScheduler(IServiceScopeFactory scopes, TimeProvider time, IOptions<ReportSchedulerOptions> options, ILogger<ReportScheduler> logger)
    : BackgroundService
{
    public const string PublisherName = "Weekly report schedule";
    public const string PublisherEmail = "schedule@officecoordinator.invalid";

    private readonly string _instance = Guid.NewGuid().ToString("N");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.Interval;
        if (interval <= TimeSpan.Zero)
        {
            return;
        }

        using var timer = new PeriodicTimer(interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await RunDueAsync(stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                logger.LogWarning(exception, "Running the due report schedules failed; the next tick tries again.");
            }
        }
    }

    // Takes the schedule's lease and publishes its report; false when another instance has it. The schedule moves on to
    // its next occurrence in the same transaction as the report, so a crash never leaves one published but not moved on.
    private async Task<bool> RunAsync(string projectId, string tenantId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentUser>().ActAs(tenantId, "report-schedule", PublisherName, PublisherEmail);
        var db = scope.ServiceProvider.GetRequiredService<CoordinatorDb>();
        var now = time.GetUtcNow().UtcDateTime;
        int taken;
        using (await db.EnterWriteAsync(cancellationToken))
        {
            taken = await db.ReportSchedules
                .Where(s => s.ProjectId == projectId && s.Enabled && s.NextRunAt <= now && (s.LeaseUntil == null || s.LeaseUntil < now))
                .ExecuteUpdateAsync(set => set.SetProperty(s => s.LeaseOwner, _instance).SetProperty(s => s.LeaseUntil, now + options.Value.Lease), cancellationToken);
        }

        if (taken == 0)
        {
            return false; // another instance has it
        }

        var schedule = await db.ReportSchedules.SingleAsync(s => s.ProjectId == projectId && s.LeaseOwner == _instance, cancellationToken);
        var project = await db.Projects.SingleAsync(p => p.Id == projectId, cancellationToken);
        var previous = await StatusReportEndpoints.LatestAsync(db, projectId, cancellationToken);
        // The status date is the schedule's own day, in its time zone.
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(new DateTimeOffset(now, TimeSpan.Zero), TimeZoneInfo.FindSystemTimeZoneById(schedule.TimeZone)).DateTime);
        schedule.LastRunAt = now;
        schedule.NextRunAt = schedule.NextAfter(new DateTimeOffset(now, TimeSpan.Zero));
        schedule.LeaseOwner = null;
        schedule.LeaseUntil = null;
        await StatusReportEndpoints.PublishReportAsync(db, project, previous, previous is { } last && last.AsOf > today ? last.AsOf : today, null,
            allowMoneyForExternal: false, supersedes: null, new Actor(PublisherName, PublisherEmail), time, cancellationToken);
        return true;
    }

    // After a failed run: on to the next occurrence, lease released.
    private async Task SkipAsync(string projectId, string tenantId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentUser>().ActAs(tenantId, "report-schedule", PublisherName, PublisherEmail);
        var db = scope.ServiceProvider.GetRequiredService<CoordinatorDb>();
        if (await db.ReportSchedules.FirstOrDefaultAsync(s => s.ProjectId == projectId && s.LeaseOwner == _instance, cancellationToken) is { } schedule)
        {
            schedule.NextRunAt = schedule.NextAfter(time.GetUtcNow());
            schedule.LeaseOwner = null;
            schedule.LeaseUntil = null;
            await db.SaveChangesAsync(cancellationToken);
        }
    }

    // Publishes every due schedule this instance wins the lease of; returns how many it published.
    public async Task<int> RunDueAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        List<(string ProjectId, string TenantId)> due;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CoordinatorDb>();
            due = [.. (await db.ReportSchedules.IgnoreQueryFilters().AsNoTracking()
                .Where(s => s.Enabled && s.NextRunAt <= now && (s.LeaseUntil == null || s.LeaseUntil < now))
                .OrderBy(s => s.NextRunAt).Take(50).Select(s => new { s.ProjectId, s.TenantId }).ToListAsync(cancellationToken))
                .Select(s => (s.ProjectId, s.TenantId))];
        }

        var published = 0;
        foreach (var (projectId, tenantId) in due)
        {
            try
            {
                published += await RunAsync(projectId, tenantId, cancellationToken) ? 1 : 0;
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // A plan that cannot be scheduled (or any other failure) skips this occurrence, not every other project's.
                logger.LogWarning(exception, "The scheduled report of project {ProjectId} failed; it runs again next week.", projectId);
                await SkipAsync(projectId, tenantId, cancellationToken);
            }
        }

        return published;
    }
}
