using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using OfficeCoordinator.Api.Auth;
using OfficeCoordinator.Api.Communications;
using OfficeCoordinator.Api.Emails;
using OfficeCoordinator.Api.Obstacles;
using OfficeCoordinator.Api.Search;
using OfficeCoordinator.Api.Stakeholders;
using OfficeCoordinator.Api.Tasks;
using Member = OfficeCoordinator.Api.Projects.Member;
using Project = OfficeCoordinator.Api.Projects.Project;
using Stakeholder = OfficeCoordinator.Api.Stakeholders.Stakeholder;
using OfficeCoordinator.Api.History;
using OfficeCoordinator.Api.Projects;

namespace OfficeCoordinator.Api.Data;

// The database, scoped to the caller's tenant by query filters. Saving stamps versions, appends the history
// and moves the project's plan version in one transaction, so no feature can forget any of the three.
public abstract partial class CoordinatorDb(DbContextOptions options, CurrentUser user, TimeProvider time, WriterGate? writers = null) : DbContext(options)
{
    public DbSet<Project> Projects => Set<Project>();
    public DbSet<Member> Members => Set<Member>();
    public DbSet<HistoryEntry> History => Set<HistoryEntry>();
    public DbSet<ProjectTask> Tasks => Set<ProjectTask>();
    public DbSet<Stakeholder> Stakeholders => Set<Stakeholder>();
    public DbSet<EmailReference> Emails => Set<EmailReference>();
    public DbSet<Communication> Communications => Set<Communication>();
    public DbSet<Obstacle> Obstacles => Set<Obstacle>();
    public DbSet<SearchDocument> SearchDocuments => Set<SearchDocument>();
    public DbSet<Idempotency.IdempotentRequest> IdempotentRequests => Set<Idempotency.IdempotentRequest>();
    public DbSet<Documents.TaskDocument> TaskDocuments => Set<Documents.TaskDocument>();
    public DbSet<TaskEmailLink> TaskEmails => Set<TaskEmailLink>();
    public DbSet<Reports.PublishedReport> StatusReports => Set<Reports.PublishedReport>();
    public DbSet<Reports.ReportMessage> ReportMessages => Set<Reports.ReportMessage>();
    public DbSet<Reports.ReportSchedule> ReportSchedules => Set<Reports.ReportSchedule>();

    // Read by the query filters on every query, per context instance.
    private string CurrentTenantId => user.TenantId;

    // Projects changed by AppendChange since the last save: their plan version moves like any other change's.
    private readonly HashSet<string> _changedByHand = new(StringComparer.Ordinal);

    // Projects whose plan version the open transaction has already moved (BeginProjectWriteAsync).
    private readonly HashSet<string> _lockedProjects = new(StringComparer.Ordinal);

    // Starts a transaction that first moves the project's plan version: on PostgreSQL that locks the project row
    // and on SQLite the database, so checks made after it (such as "is this the last manager?") cannot race.
    public async Task<IDbContextTransaction> BeginProjectWriteAsync(string projectId, CancellationToken cancellationToken) =>
        (await BeginProjectWriteAsync(projectId, 0, cancellationToken)).Transaction;

    // The same, taking `taskNumbers` task numbers in the statement that moves the plan version: a write that adds
    // tasks gets its lock, its plan version and its numbers in one round trip. Writes that read and check first and
    // then call this keep the project locked only while their rows are written.
    public async Task<ProjectWrite> BeginProjectWriteAsync(string projectId, int taskNumbers, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(taskNumbers);
        var passage = await EnterWriteAsync(cancellationToken);
        GatedTransaction? transaction = null;
        try
        {
            transaction = new GatedTransaction(await Database.BeginTransactionAsync(cancellationToken), passage);
            _lockedProjects.Clear();
            var lastTaskNumber = await BumpPlanVersionAsync(projectId, taskNumbers, cancellationToken);
            _lockedProjects.Add(projectId);
            return new ProjectWrite(transaction, lastTaskNumber - taskNumbers + 1);
        }
        catch
        {
            // A bump that timed out waiting for the project's lock leaves an aborted transaction: end it here, so the
            // context can still be used (to free an idempotency key, for one).
            if (transaction is not null)
            {
                await transaction.DisposeAsync();
            }

            passage.Dispose();
            throw;
        }
    }

    // A write that reads and checks before its transaction can lose a race for a unique index to another request
    // meanwhile (the same sender registered as a stakeholder a moment ago): it starts again from its reads, with
    // nothing tracked, and then sees the other's row. A third loss goes to the caller (a 409 from the problem handler).
    public async Task<T> RetryOnUniqueViolationAsync<T>(Func<Task<T>> write)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await write();
            }
            catch (DbUpdateException exception) when (DatabaseErrors.IsUniqueViolation(exception) && attempt < 3)
            {
                ChangeTracker.Clear();
            }
        }
    }

    // Waits for this process's turn to write (SQLite; open on PostgreSQL). For writes outside SaveChangesAsync and
    // BeginProjectWriteAsync, which take it themselves.
    public ValueTask<IDisposable> EnterWriteAsync(CancellationToken cancellationToken) =>
        (writers ?? WriterGate.Open).EnterAsync(cancellationToken);

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Instants are stored as UTC and come back marked as UTC on every provider.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Project>(project =>
        {
            project.ToTable("Projects");
            project.HasQueryFilter(p => p.TenantId == CurrentTenantId);
            project.Property(p => p.Id).HasMaxLength(32);
            project.Property(p => p.TenantId).HasMaxLength(64);
            project.Property(p => p.Name).HasMaxLength(200);
            project.Property(p => p.Description).HasMaxLength(10_000);
            project.Property(p => p.Currency).HasMaxLength(3);
            project.Property(p => p.BaselineTakenBy).HasMaxLength(320);
            project.Property(p => p.DocumentsKind).HasConversion<string>().HasMaxLength(16);
            project.Property(p => p.ReportSettings).HasConversion(Reports.ReportSettingsColumn.Converter, Reports.ReportSettingsColumn.Comparer).HasMaxLength(1_000);
            project.Property(p => p.DocumentsDriveId).HasMaxLength(200);
            project.Property(p => p.DocumentsFolderPath).HasMaxLength(1_000);
            project.Property(p => p.DocumentsWebUrl).HasMaxLength(2_048);
            project.Property(p => p.SharedPlanWebUrl).HasMaxLength(2_048);
            project.Property(p => p.SharedPlanETag).HasMaxLength(200);
            project.Property(p => p.SharedPlanPublishedBy).HasMaxLength(320);
            project.Property(p => p.CreatedBy).HasMaxLength(128);
            project.Property(p => p.Version).IsConcurrencyToken();
            project.HasIndex(p => new { p.TenantId, p.Name });
            project.HasMany(p => p.Members).WithOne().HasForeignKey(m => m.ProjectId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<Member>(member =>
        {
            member.ToTable("Members");
            member.HasQueryFilter(m => m.TenantId == CurrentTenantId);
            member.Property(m => m.Id).HasMaxLength(32);
            member.Property(m => m.TenantId).HasMaxLength(64);
            member.Property(m => m.ProjectId).HasMaxLength(32);
            member.Property(m => m.Email).HasMaxLength(320);
            member.Property(m => m.Name).HasMaxLength(200);
            member.Property(m => m.Role).HasConversion<string>().HasMaxLength(16);
            member.Property(m => m.UserObjectId).HasMaxLength(128);
            member.Property(m => m.Version).IsConcurrencyToken();
            member.HasIndex(m => new { m.ProjectId, m.Email }).IsUnique();
            member.HasIndex(m => new { m.TenantId, m.UserObjectId });
            member.HasIndex(m => new { m.TenantId, m.Email });
        });

        modelBuilder.Entity<ProjectTask>(task =>
        {
            task.ToTable("Tasks");
            task.HasQueryFilter(t => t.TenantId == CurrentTenantId);
            task.Property(t => t.Id).HasMaxLength(32);
            task.Property(t => t.TenantId).HasMaxLength(64);
            task.Property(t => t.ProjectId).HasMaxLength(32);
            task.Property(t => t.Title).HasMaxLength(ProjectTask.TitleLength);
            task.Property(t => t.Description).HasMaxLength(10_000);
            task.Property(t => t.Owner).HasMaxLength(320);
            task.Property(t => t.Requester).HasMaxLength(320);
            task.Property(t => t.Status).HasConversion<string>().HasMaxLength(16);
            task.Property(t => t.Priority).HasConversion<string>().HasMaxLength(16);
            task.Property(t => t.Phase).HasConversion<string>().HasMaxLength(16);
            task.Property(t => t.Predecessors)
                .HasConversion(TaskDependencies.Converter, TaskDependencies.Comparer)
                .HasMaxLength(4_000);
            task.Property(t => t.SourceEmailId).HasMaxLength(32);
            task.Property(t => t.CreatedBy).HasMaxLength(128);
            task.Property(t => t.Version).IsConcurrencyToken();
            task.HasIndex(t => new { t.ProjectId, t.Number }).IsUnique();
            task.HasIndex(t => new { t.ProjectId, t.Status });
            task.HasIndex(t => new { t.ProjectId, t.Owner });
            // One task per email per project, guaranteed by the database even under concurrent requests.
            task.HasIndex(t => t.SourceEmailId).IsUnique();
            task.HasOne(t => t.SourceEmail).WithMany().HasForeignKey(t => t.SourceEmailId).OnDelete(DeleteBehavior.Restrict);
            task.HasOne<Project>().WithMany().HasForeignKey(t => t.ProjectId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<Stakeholder>(stakeholder =>
        {
            stakeholder.ToTable("Stakeholders");
            stakeholder.HasQueryFilter(s => s.TenantId == CurrentTenantId);
            stakeholder.Property(s => s.Id).HasMaxLength(32);
            stakeholder.Property(s => s.TenantId).HasMaxLength(64);
            stakeholder.Property(s => s.ProjectId).HasMaxLength(32);
            stakeholder.Property(s => s.Name).HasMaxLength(200);
            stakeholder.Property(s => s.Email).HasMaxLength(320);
            stakeholder.Property(s => s.Organization).HasMaxLength(200);
            stakeholder.Property(s => s.Title).HasMaxLength(200);
            stakeholder.Property(s => s.Notes).HasMaxLength(10_000);
            stakeholder.Property(s => s.Engagement).HasConversion<string>().HasMaxLength(16);
            stakeholder.Property(s => s.PreferredChannel).HasConversion<string>().HasMaxLength(16);
            stakeholder.Property(s => s.Version).IsConcurrencyToken();
            stakeholder.HasIndex(s => new { s.ProjectId, s.Email }).IsUnique();
            stakeholder.HasOne<Project>().WithMany().HasForeignKey(s => s.ProjectId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<EmailReference>(email =>
        {
            email.ToTable("Emails");
            email.HasQueryFilter(e => e.TenantId == CurrentTenantId);
            email.Property(e => e.Id).HasMaxLength(32);
            email.Property(e => e.TenantId).HasMaxLength(64);
            email.Property(e => e.ProjectId).HasMaxLength(32);
            email.Property(e => e.InternetMessageId).HasMaxLength(1_000);
            email.Property(e => e.ConversationId).HasMaxLength(1_000);
            email.Property(e => e.ItemId).HasMaxLength(1_000);
            email.Property(e => e.Subject).HasMaxLength(1_000);
            email.Property(e => e.FromName).HasMaxLength(200);
            email.Property(e => e.FromEmail).HasMaxLength(320);
            email.Property(e => e.WebLink).HasMaxLength(2_048);
            email.HasIndex(e => new { e.ProjectId, e.InternetMessageId }).IsUnique();
            email.HasIndex(e => new { e.TenantId, e.InternetMessageId });
            email.HasIndex(e => new { e.TenantId, e.ConversationId });
            email.HasOne<Project>().WithMany().HasForeignKey(e => e.ProjectId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<Communication>(communication =>
        {
            communication.ToTable("Communications");
            communication.HasQueryFilter(c => c.TenantId == CurrentTenantId);
            communication.Property(c => c.Id).HasMaxLength(32);
            communication.Property(c => c.TenantId).HasMaxLength(64);
            communication.Property(c => c.ProjectId).HasMaxLength(32);
            communication.Property(c => c.Summary).HasMaxLength(Communication.SummaryLength);
            communication.Property(c => c.Channel).HasConversion<string>().HasMaxLength(16);
            communication.Property(c => c.Direction).HasConversion<string>().HasMaxLength(16);
            communication.Property(c => c.Kind).HasConversion<string>().HasMaxLength(16);
            communication.Property(c => c.DecisionStatus).HasConversion<string>().HasMaxLength(16);
            communication.Property(c => c.Delivery).HasConversion<string>().HasMaxLength(16);
            communication.Property(c => c.DecisionText).HasMaxLength(10_000);
            communication.Property(c => c.DecidedBy).HasMaxLength(320);
            communication.Property(c => c.Rationale).HasMaxLength(10_000);
            communication.Property(c => c.LoggedByEmail).HasMaxLength(320);
            communication.Property(c => c.LoggedByName).HasMaxLength(200);
            communication.Property(c => c.SourceEmailId).HasMaxLength(32);
            communication.Property(c => c.Version).IsConcurrencyToken();
            communication.HasIndex(c => new { c.ProjectId, c.OccurredAt });
            communication.HasIndex(c => new { c.ProjectId, c.Kind });
            communication.HasOne(c => c.SourceEmail).WithMany().HasForeignKey(c => c.SourceEmailId).OnDelete(DeleteBehavior.Restrict);
            communication.HasOne<Project>().WithMany().HasForeignKey(c => c.ProjectId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<Obstacle>(obstacle =>
        {
            obstacle.ToTable("Obstacles");
            obstacle.HasQueryFilter(o => o.TenantId == CurrentTenantId);
            obstacle.Property(o => o.Id).HasMaxLength(32);
            obstacle.Property(o => o.TenantId).HasMaxLength(64);
            obstacle.Property(o => o.ProjectId).HasMaxLength(32);
            obstacle.Property(o => o.Statement).HasMaxLength(2_000);
            obstacle.Property(o => o.Impact).HasMaxLength(10_000);
            obstacle.Property(o => o.ProposedSolution).HasMaxLength(10_000);
            obstacle.Property(o => o.Owner).HasMaxLength(320);
            obstacle.Property(o => o.Status).HasConversion<string>().HasMaxLength(16);
            obstacle.Property(o => o.RaisedByEmail).HasMaxLength(320);
            obstacle.Property(o => o.RaisedByName).HasMaxLength(200);
            obstacle.Property(o => o.SourceEmailId).HasMaxLength(32);
            obstacle.Property(o => o.Version).IsConcurrencyToken();
            obstacle.HasIndex(o => new { o.ProjectId, o.Status });
            obstacle.HasOne(o => o.SourceEmail).WithMany().HasForeignKey(o => o.SourceEmailId).OnDelete(DeleteBehavior.Restrict);
            obstacle.HasOne<Project>().WithMany().HasForeignKey(o => o.ProjectId).OnDelete(DeleteBehavior.Cascade);
        });

        // Its full-text index is made by the provider's migration (FTS5 + triggers, or tsvector + GIN).
        modelBuilder.Entity<SearchDocument>(document =>
        {
            document.ToTable("SearchDocuments");
            document.HasQueryFilter(d => d.TenantId == CurrentTenantId);
            document.Property(d => d.TenantId).HasMaxLength(64);
            document.Property(d => d.ProjectId).HasMaxLength(32);
            document.Property(d => d.Kind).HasMaxLength(16);
            document.Property(d => d.RecordId).HasMaxLength(32);
            document.HasIndex(d => d.RecordId).IsUnique();
            document.HasIndex(d => d.ProjectId);
            document.HasOne<Project>().WithMany().HasForeignKey(d => d.ProjectId).OnDelete(DeleteBehavior.Cascade);
        });

        // An attachment copied into the document folder, linked on its task once per (task, attachment).
        modelBuilder.Entity<Documents.TaskDocument>(document =>
        {
            document.ToTable("TaskDocuments");
            document.HasQueryFilter(d => d.TenantId == CurrentTenantId);
            document.Property(d => d.Id).HasMaxLength(32);
            document.Property(d => d.TenantId).HasMaxLength(64);
            document.Property(d => d.ProjectId).HasMaxLength(32);
            document.Property(d => d.TaskId).HasMaxLength(32);
            document.Property(d => d.SourceKey).HasMaxLength(64);
            document.Property(d => d.Name).HasMaxLength(Documents.FileNames.MaxLength + 20);
            document.Property(d => d.ContentType).HasMaxLength(200);
            document.Property(d => d.WebUrl).HasMaxLength(2_048);
            document.Property(d => d.AddedBy).HasMaxLength(320);
            document.HasIndex(d => new { d.TaskId, d.SourceKey }).IsUnique();
            document.HasIndex(d => d.ProjectId);
            document.HasOne<ProjectTask>().WithMany().HasForeignKey(d => d.TaskId).OnDelete(DeleteBehavior.Cascade);
        });

        // An email added to a task after it was made, once per (task, email); it goes with the task.
        modelBuilder.Entity<TaskEmailLink>(link =>
        {
            link.ToTable("TaskEmails");
            link.HasQueryFilter(l => l.TenantId == CurrentTenantId);
            link.Property(l => l.Id).HasMaxLength(32);
            link.Property(l => l.TenantId).HasMaxLength(64);
            link.Property(l => l.ProjectId).HasMaxLength(32);
            link.Property(l => l.TaskId).HasMaxLength(32);
            link.Property(l => l.EmailId).HasMaxLength(32);
            link.Property(l => l.AddedBy).HasMaxLength(320);
            link.HasIndex(l => new { l.TaskId, l.EmailId }).IsUnique();
            link.HasIndex(l => l.EmailId);
            link.HasIndex(l => l.ProjectId);
            link.HasOne<ProjectTask>().WithMany().HasForeignKey(l => l.TaskId).OnDelete(DeleteBehavior.Cascade);
            link.HasOne(l => l.Email).WithMany().HasForeignKey(l => l.EmailId).OnDelete(DeleteBehavior.Cascade);
        });

        // Published status reports: immutable snapshots, numbered per project.
        modelBuilder.Entity<Reports.PublishedReport>(report =>
        {
            report.ToTable("StatusReports");
            report.HasQueryFilter(r => r.TenantId == CurrentTenantId);
            report.Property(r => r.Id).HasMaxLength(32);
            report.Property(r => r.TenantId).HasMaxLength(64);
            report.Property(r => r.ProjectId).HasMaxLength(32);
            report.Property(r => r.Status).HasConversion<string>().HasMaxLength(8);
            report.Property(r => r.ComputedStatus).HasConversion<string>().HasMaxLength(8);
            report.Property(r => r.OverrideNote).HasMaxLength(2_000);
            report.Property(r => r.OverrideBy).HasMaxLength(320);
            report.Property(r => r.PublishedByEmail).HasMaxLength(320);
            report.Property(r => r.PublishedByName).HasMaxLength(200);
            report.Property(r => r.Version).IsConcurrencyToken();
            report.HasIndex(r => new { r.ProjectId, r.Number }).IsUnique();
            report.HasOne<Project>().WithMany().HasForeignKey(r => r.ProjectId).OnDelete(DeleteBehavior.Cascade);
        });

        // The outbox of report sends: one row per (report, audience, rendering), so a send happens once.
        modelBuilder.Entity<Reports.ReportMessage>(message =>
        {
            message.ToTable("ReportMessages");
            message.HasQueryFilter(m => m.TenantId == CurrentTenantId);
            message.Property(m => m.Id).HasMaxLength(32);
            message.Property(m => m.TenantId).HasMaxLength(64);
            message.Property(m => m.ProjectId).HasMaxLength(32);
            message.Property(m => m.Audience).HasConversion<string>().HasMaxLength(16);
            message.Property(m => m.State).HasConversion<string>().HasMaxLength(16);
            message.Property(m => m.GraphMessageId).HasMaxLength(1_000);
            message.Property(m => m.SentByEmail).HasMaxLength(320);
            message.Property(m => m.SentByName).HasMaxLength(200);
            message.Property(m => m.CommunicationId).HasMaxLength(32);
            message.Property(m => m.Mailbox).HasMaxLength(64);
            message.HasIndex(m => new { m.State, m.Mailbox });
            message.Property(m => m.Attempts).IsConcurrencyToken();
            message.HasIndex(m => new { m.ProjectId, m.ReportNumber, m.Audience, m.External }).IsUnique();
            message.HasOne<Project>().WithMany().HasForeignKey(m => m.ProjectId).OnDelete(DeleteBehavior.Cascade);
        });

        // Weekly report schedules, one per project, with the lease that lets one instance run a due one.
        modelBuilder.Entity<Reports.ReportSchedule>(schedule =>
        {
            schedule.ToTable("ReportSchedules");
            schedule.HasKey(s => s.ProjectId);
            schedule.HasQueryFilter(s => s.TenantId == CurrentTenantId);
            schedule.Property(s => s.ProjectId).HasMaxLength(32);
            schedule.Property(s => s.TenantId).HasMaxLength(64);
            schedule.Property(s => s.Day).HasConversion<string>().HasMaxLength(16);
            schedule.Property(s => s.Time).HasMaxLength(5);
            schedule.Property(s => s.TimeZone).HasMaxLength(100);
            schedule.Property(s => s.Audiences)
                .HasConversion(a => string.Join(',', a), text => text.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(Enum.Parse<Client.Contracts.Audience>).ToList(),
                    new Microsoft.EntityFrameworkCore.ChangeTracking.ValueComparer<List<Client.Contracts.Audience>>((x, y) => x!.SequenceEqual(y!), a => a.Count, a => a.ToList()))
                .HasMaxLength(100);
            schedule.Property(s => s.LeaseOwner).HasMaxLength(32);
            schedule.Property(s => s.SenderObjectId).HasMaxLength(64);
            schedule.Property(s => s.SenderEmail).HasMaxLength(320);
            schedule.Property(s => s.SenderName).HasMaxLength(200);
            schedule.HasIndex(s => new { s.Enabled, s.NextRunAt });
            schedule.HasOne<Project>().WithMany().HasForeignKey(s => s.ProjectId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<Idempotency.IdempotentRequest>(request =>
        {
            request.ToTable("IdempotentRequests");
            request.HasQueryFilter(r => r.TenantId == CurrentTenantId);
            request.Property(r => r.Scope).HasMaxLength(64);
            request.Property(r => r.TenantId).HasMaxLength(64);
            request.Property(r => r.RequestHash).HasMaxLength(80);
            request.Property(r => r.ContentType).HasMaxLength(200);
            request.Property(r => r.Location).HasMaxLength(2_048);
            request.Property(r => r.ETag).HasMaxLength(64);
            request.HasIndex(r => r.Scope).IsUnique();
            request.HasIndex(r => r.StartedAt);
        });

        modelBuilder.Entity<HistoryEntry>(history =>
        {
            history.ToTable("History");
            history.HasQueryFilter(h => h.TenantId == CurrentTenantId);
            history.Property(h => h.TenantId).HasMaxLength(64);
            history.Property(h => h.ProjectId).HasMaxLength(32);
            history.Property(h => h.ByObjectId).HasMaxLength(128);
            history.Property(h => h.ByName).HasMaxLength(200);
            history.Property(h => h.ByEmail).HasMaxLength(320);
            history.Property(h => h.Entity).HasMaxLength(32);
            history.Property(h => h.EntityId).HasMaxLength(320);
            history.Property(h => h.Action).HasMaxLength(16);
            history.Property(h => h.Field).HasMaxLength(64);
            history.HasIndex(h => new { h.ProjectId, h.Id });
            history.HasIndex(h => new { h.ProjectId, h.Entity, h.EntityId, h.Id });
        });

        // Lists stored as JSON (a project's working days, a communication's participants) are compared element by
        // element. EF Core's own comparer for them made a delegate for every comparison: on every save, change
        // detection of the caller's tracked project took about a sixth of a from-email's CPU.
        foreach (var property in modelBuilder.Model.GetEntityTypes().SelectMany(e => e.GetProperties()).Where(p => p.IsPrimitiveCollection))
        {
            var element = property.ClrType.GetGenericArguments().Single();
            property.SetValueComparer((ValueComparer)Activator.CreateInstance(typeof(SequenceComparer<>).MakeGenericType(element))!);
        }
    }

    private sealed class SequenceComparer<T>() : ValueComparer<List<T>>(
        (a, b) => a == null ? b == null : b != null && a.SequenceEqual(b),
        list => list.Count,
        list => list.ToList());

    public override int SaveChanges(bool acceptAllChangesOnSuccess) =>
        throw new NotSupportedException("Use SaveChangesAsync: it writes the history and the plan version.");

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        // Inside BeginProjectWriteAsync's transaction the gate is already held.
        using var passage = Database.CurrentTransaction is null ? await EnterWriteAsync(cancellationToken) : null;
        ChangeTracker.DetectChanges();
        await IndexForSearchAsync(cancellationToken);
        var touchedProjects = RecordChanges();
        if (touchedProjects.Count == 0)
        {
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }

        await using var transaction = Database.CurrentTransaction is null
            ? await Database.BeginTransactionAsync(cancellationToken)
            : null;
        if (transaction is not null)
        {
            _lockedProjects.Clear();
        }

        foreach (var projectId in touchedProjects.Where(id => !_lockedProjects.Contains(id)))
        {
            await BumpPlanVersionAsync(projectId, 0, cancellationToken);
        }

        var written = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        if (transaction is not null)
        {
            await transaction.CommitAsync(cancellationToken);
        }

        return written;
    }

    // A change that is no column of the record (an email added to a task): the record's version moves, the history
    // says what changed, and the next save moves the project's plan version.
    public void AppendChange(IProjectRecord record, string field, string? oldValue, string? newValue)
    {
        record.Version++;
        Append(record, time.GetUtcNow().UtcDateTime, HistoryActions.Updated, field, oldValue, newValue);
        _changedByHand.Add(record.ProjectId);
    }

    // Stamps versions and appends history for every changed project record; returns the projects whose
    // plan version must move (a project being created or deleted needs no bump).
    private HashSet<string> RecordChanges()
    {
        var touched = new HashSet<string>(_changedByHand, StringComparer.Ordinal);
        _changedByHand.Clear();
        var now = time.GetUtcNow().UtcDateTime;
        foreach (var entry in ChangeTracker.Entries().ToList())
        {
            if (entry.Entity is HistoryEntry && entry.State is EntityState.Modified or EntityState.Deleted)
            {
                throw new InvalidOperationException("History is append-only: entries are never changed or deleted.");
            }

            if (entry.Entity is not IProjectRecord record || entry.State is EntityState.Unchanged or EntityState.Detached)
            {
                continue;
            }

            if (record.TenantId != user.TenantId)
            {
                throw new InvalidOperationException("A record may only be written in the caller's own tenant.");
            }

            switch (entry.State)
            {
                case EntityState.Added:
                    Append(record, now, HistoryActions.Created, null, null, null);
                    break;
                case EntityState.Modified:
                    var changes = entry.Properties
                        .Where(p => p.IsModified && IsHistoryField(p.Metadata) && !Equals(p.OriginalValue, p.CurrentValue)
                            && !IsSameSequence(p))
                        .ToList();
                    if (changes.Count == 0)
                    {
                        continue; // bookkeeping only (such as binding an invitation): not a change to the plan
                    }

                    record.Version++;
                    foreach (var change in changes)
                    {
                        Append(record, now, HistoryActions.Updated, FieldName(change.Metadata),
                            HistoryValues.Format(change.OriginalValue), HistoryValues.Format(change.CurrentValue));
                    }

                    break;
                case EntityState.Deleted:
                    Append(record, now, HistoryActions.Deleted, null, null, null, record.Version + 1);
                    break;
            }

            var creatingOrDeletingProject = entry.Entity is Project && entry.State is EntityState.Added or EntityState.Deleted;
            if (!creatingOrDeletingProject)
            {
                touched.Add(record.ProjectId);
            }
        }

        return touched;
    }

    // Every searchable record's text goes to its search document in the same SaveChanges, so search never lags.
    // The documents of changed records are found in one pass over the tracker and a query per slice of records, so
    // saving thousands of changed tasks (a cascading shift, an import) costs time in proportion to their number.
    private async Task IndexForSearchAsync(CancellationToken cancellationToken)
    {
        var changed = ChangeTracker.Entries()
            .Where(e => e.Entity is ISearchable && e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted).ToList();
        if (changed.Count == 0)
        {
            return;
        }

        var documents = new Dictionary<string, SearchDocument>(StringComparer.Ordinal);
        foreach (var tracked in ChangeTracker.Entries<SearchDocument>().Where(e => e.State != EntityState.Deleted))
        {
            documents.TryAdd(tracked.Entity.RecordId, tracked.Entity);
        }

        var stored = changed.Where(e => e.State != EntityState.Added).Select(e => ((ISearchable)e.Entity).Id).Where(id => !documents.ContainsKey(id)).Distinct();
        foreach (var slice in stored.Chunk(DocumentSlice))
        {
            foreach (var document in await SearchDocuments.Where(d => slice.Contains(d.RecordId)).ToListAsync(cancellationToken))
            {
                documents.TryAdd(document.RecordId, document);
            }
        }

        foreach (var entry in changed)
        {
            var record = (ISearchable)entry.Entity;
            var document = entry.State == EntityState.Added ? null : documents.GetValueOrDefault(record.Id);
            if (entry.State == EntityState.Deleted)
            {
                if (document is not null)
                {
                    SearchDocuments.Remove(document);
                }

                continue;
            }

            if (document is null)
            {
                var owner = (IProjectRecord)record;
                document = new SearchDocument { TenantId = owner.TenantId, ProjectId = owner.ProjectId, RecordId = record.Id, Kind = "", Title = "" };
                SearchDocuments.Add(document);
            }

            document.Kind = record.SearchKind;
            document.Number = record.SearchNumber;
            document.Title = record.SearchTitle;
            document.Body = record.SearchBody;
        }
    }

    // Record ids per query when loading search documents: well under either database's parameter limit.
    private const int DocumentSlice = 500;

    private void Append(IProjectRecord record, DateTime at, string action, string? field, string? oldValue, string? newValue, long? version = null) =>
        History.Add(new HistoryEntry
        {
            TenantId = record.TenantId,
            ProjectId = record.ProjectId,
            At = at,
            ByObjectId = user.ObjectId,
            ByName = user.Name,
            ByEmail = user.Email,
            Entity = record.HistoryEntity,
            EntityId = record.HistoryId,
            Version = version ?? record.Version,
            Action = action,
            Field = field,
            OldValue = oldValue,
            NewValue = newValue,
        });

    // Task numbers are never reused, even after a delete: a counter on the project, moved atomically.
    public Task<int> NextTaskNumberAsync(string projectId, CancellationToken cancellationToken) =>
        ReserveTaskNumbersAsync(projectId, 1, cancellationToken);

    // Takes the next `count` task numbers at once and returns the first; they run on from it without gaps.
    public async Task<int> ReserveTaskNumbersAsync(string projectId, int count, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var numbers = await Database.SqlQuery<int>(
            $"""UPDATE "Projects" SET "LastTaskNumber" = "LastTaskNumber" + {count} WHERE "Id" = {projectId} RETURNING "LastTaskNumber" AS "Value" """)
            .ToListAsync(cancellationToken);
        return numbers.Single() - count + 1;
    }

    // One atomic increment per project; on PostgreSQL it also serialises writers of the same project. With
    // `taskNumbers`, the same statement takes that many task numbers; returns the project's last task number.
    private async Task<int> BumpPlanVersionAsync(string projectId, int taskNumbers, CancellationToken cancellationToken)
    {
        var counters = await Database.SqlQuery<ProjectCounters>(
            $"""UPDATE "Projects" SET "PlanVersion" = "PlanVersion" + 1, "LastTaskNumber" = "LastTaskNumber" + {taskNumbers} WHERE "Id" = {projectId} RETURNING "PlanVersion", "LastTaskNumber" """)
            .ToListAsync(cancellationToken);
        if (counters.Count == 0)
        {
            return 0; // a project saved in this same SaveChanges (its first members) has no row to move yet
        }

        if (ChangeTracker.Entries<Project>().FirstOrDefault(p => p.Entity.Id == projectId) is { } tracked)
        {
            // The tracked project takes the stored values as its own, so a later save does not write them back.
            Stored(tracked.Property(p => p.PlanVersion), counters[0].PlanVersion);
            Stored(tracked.Property(p => p.LastTaskNumber), counters[0].LastTaskNumber);
        }

        return counters[0].LastTaskNumber;
    }

    private static void Stored<T>(PropertyEntry<Project, T> property, T value)
    {
        property.CurrentValue = value;
        property.OriginalValue = value;
        property.IsModified = false;
    }

    // What BumpPlanVersionAsync's statement returns.
    private sealed record ProjectCounters(long PlanVersion, int LastTaskNumber);

    private static bool IsHistoryField(IProperty property) =>
        property.PropertyInfo?.GetCustomAttribute<NotInHistoryAttribute>() is null && !property.IsShadowProperty();

    private static bool IsSameSequence(PropertyEntry property) =>
        property.Metadata.GetValueComparer() is { } comparer && comparer.Equals(property.OriginalValue, property.CurrentValue);

    private static string FieldName(IProperty property) =>
        property.PropertyInfo?.GetCustomAttribute<HistoryNameAttribute>()?.Name ?? char.ToLowerInvariant(property.Name[0]) + property.Name[1..];

    private sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
        value => value.Kind == DateTimeKind.Utc ? value : value.ToUniversalTime(),
        value => DateTime.SpecifyKind(value, DateTimeKind.Utc));
}
