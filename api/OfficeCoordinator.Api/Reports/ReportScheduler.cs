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
// taken with a conditional update of its lease, so exactly one instance publishes each occurrence. When the server
// sends scheduled reports (Entra mode with Graph:ScheduledSends), the outbox rows of the schedule's audiences are
// written in the report's own transaction and sent by the application identity from the mailbox of whoever set the
// schedule; a send that failed (or an instance that stopped) is resumed by the next run, from its draft, never made
// twice. Otherwise the report is left ready for the coordinator to insert from Outlook.
public sealed class ReportScheduler(IServiceScopeFactory scopes, TimeProvider time, IOptions<ReportSchedulerOptions> options, SignInModeAccessor signIn,
    IOptions<Mail.GraphOptions> graph, ILogger<ReportScheduler> logger)
    : BackgroundService
{
    public const string PublisherName = "Weekly report schedule";
    public const string PublisherEmail = "schedule@officecoordinator.invalid";

    // How often a scheduled send is tried before it is left for the coordinator (insert from Outlook, or send).
    public const int MaxSendAttempts = 5;

    // Whether this deployment sends scheduled reports through Microsoft 365.
    public bool Sends => signIn.Mode == SignInMode.Entra && graph.Value.ScheduledSends;

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
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
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
        // Sent only from the mailbox of someone who may still send reports here: a sender who left the project, or is no
        // longer a coordinator or manager, leaves the report for the coordinators to insert.
        var senderMaySend = schedule.SenderObjectId is { } sender && await db.Members.AnyAsync(
            m => m.ProjectId == projectId && m.UserObjectId == sender && (m.Role == ProjectRole.Coordinator || m.Role == ProjectRole.Manager), cancellationToken);
        var project = await db.Projects.SingleAsync(p => p.Id == projectId, cancellationToken);
        var previous = await StatusReportEndpoints.LatestAsync(db, projectId, cancellationToken);
        // The status date is the schedule's own day, in its time zone.
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(new DateTimeOffset(now, TimeSpan.Zero), TimeZoneInfo.FindSystemTimeZoneById(schedule.TimeZone)).DateTime);
        schedule.LastRunAt = now;
        schedule.NextRunAt = schedule.NextAfter(new DateTimeOffset(now, TimeSpan.Zero));
        schedule.LeaseOwner = null;
        schedule.LeaseUntil = null;
        await StatusReportEndpoints.PublishReportAsync(db, project, previous, previous is { } last && last.AsOf > today ? last.AsOf : today, null,
            allowMoneyForExternal: false, supersedes: null, new Actor(PublisherName, PublisherEmail), time, cancellationToken,
            alsoWrite: Sends && senderMaySend && schedule is { SenderObjectId: { } mailbox, SenderEmail: { } email, SenderName: { } name }
                ? report => QueueSends(db, report, schedule.Audiences, mailbox, email, name, now)
                : null);
        return true;
    }

    // The outbox rows of the schedule's audiences, one per rendering with recipients, in the report's transaction: from
    // then on the report is sent even if this instance stops before it is.
    private static void QueueSends(CoordinatorDb db, PublishedReport report, IReadOnlyList<Audience> audiences, string mailbox, string email, string name, DateTime now)
    {
        foreach (var rendering in report.ReadRenderings().Where(r => audiences.Contains(r.Audience) && r.Recipients.Count > 0))
        {
            db.ReportMessages.Add(new ReportMessage
            {
                TenantId = report.TenantId, ProjectId = report.ProjectId, ReportNumber = report.Number, Audience = rendering.Audience,
                External = rendering.External, CreatedAt = now, SentByEmail = email, SentByName = name, Mailbox = mailbox,
            });
        }
    }

    // Sends the scheduled renderings not sent yet (new, failed, or held by an instance that stopped) that have tries
    // left; returns how many went out.
    public async Task<int> SendPendingAsync(CancellationToken cancellationToken)
    {
        if (!Sends)
        {
            return 0;
        }

        var now = time.GetUtcNow().UtcDateTime;
        List<(string Id, string TenantId)> pending;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CoordinatorDb>();
            pending = [.. (await db.ReportMessages.IgnoreQueryFilters().AsNoTracking()
                .Where(m => m.Mailbox != null && m.State != MessageState.Sent && m.Attempts < MaxSendAttempts && (m.ClaimedUntil == null || m.ClaimedUntil < now))
                .OrderBy(m => m.CreatedAt).Take(50).Select(m => new { m.Id, m.TenantId }).ToListAsync(cancellationToken))
                .Select(m => (m.Id, m.TenantId))];
        }

        var sent = 0;
        foreach (var (id, tenantId) in pending)
        {
            await using var scope = scopes.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<CurrentUser>().ActAs(tenantId, "report-schedule", PublisherName, PublisherEmail);
            var db = scope.ServiceProvider.GetRequiredService<CoordinatorDb>();
            var row = await db.ReportMessages.FirstOrDefaultAsync(m => m.Id == id, cancellationToken);
            if (row is not { Mailbox: { } mailbox, State: not MessageState.Sent } || !await ReportDelivery.TryClaimAsync(db, row, time, cancellationToken))
            {
                continue; // sent, taken over by a person, or held by another instance meanwhile
            }

            var report = await db.StatusReports.AsNoTracking().SingleAsync(r => r.ProjectId == row.ProjectId && r.Number == row.ReportNumber, cancellationToken);
            var rendering = report.ReadRenderings().Single(r => r.Audience == row.Audience && r.External == row.External);
            try
            {
                var outbox = scope.ServiceProvider.GetRequiredService<Mail.GraphAccess>().ApplicationOutbox(tenantId, mailbox);
                await ReportDelivery.SendClaimedAsync(db, row, rendering, outbox, time, cancellationToken);
                sent++;
            }
            catch (Exception exception) when (!cancellationToken.IsCancellationRequested) // a Graph timeout is a failure, not a stop
            {
                logger.LogWarning("Sending {Report} to {Audience} of project {ProjectId} failed (attempt {Attempt} of {Attempts}): {Failure}",
                    PublishedReport.KeyOf(row.ReportNumber), row.Audience, row.ProjectId, row.Attempts, MaxSendAttempts, exception.GetType().Name);
            }
        }

        return sent;
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

    // Publishes every due schedule this instance wins the lease of, then sends what is pending; returns how many it published.
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
            catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
            {
                // A plan that cannot be scheduled (or any other failure) skips this occurrence, not every other project's.
                logger.LogWarning(exception, "The scheduled report of project {ProjectId} failed; it runs again next week.", projectId);
                await SkipAsync(projectId, tenantId, cancellationToken);
            }
        }

        await SendPendingAsync(cancellationToken);
        return published;
    }
}
