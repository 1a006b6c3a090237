using System.Globalization;
using Microsoft.EntityFrameworkCore;
using OfficeCoordinator.Api.Auth;
using OfficeCoordinator.Api.Data;
using OfficeCoordinator.Api.History;
using OfficeCoordinator.Api.Http;
using OfficeCoordinator.Api.Projects;
using OfficeCoordinator.Api.Tasks;
using OfficeCoordinator.Client.Contracts;

namespace OfficeCoordinator.Api.Plans;

// The three-way merge of DESIGN.md, per cell: a row carries the Version it was exported at; the base is the task as it
// was at that version (the task with every later history entry undone, newest first). A cell the workbook changed and
// the server did not applies; one the server changed and the workbook did not keeps the server's value; one both
// changed differently is a conflict. A row is checked as a whole and skipped with its errors if invalid.
// Everything that applies does so in one transaction; a dry run reports the same and changes nothing.
public sealed class PlanMerge(CoordinatorDb db, ProjectAccess access, CurrentUser user, TimeProvider time)
{
    // Tasks per SaveChanges when writing the merge: the tracker's size, whatever the plan's.
    private const int SaveSlice = 500;

    // Task ids per history query when rebuilding the base of stale rows.
    private const int HistorySlice = 1_000;

    private static readonly string[] ContributorColumns = [PlanColumns.Status, PlanColumns.PercentComplete, PlanColumns.ActualCost];

    private static readonly Dictionary<string, string> ColumnOfField =
        PlanColumns.Fields.ToDictionary(pair => pair.Value, pair => pair.Key, StringComparer.Ordinal);

    // `reportMissing`: the rows are a whole sheet (an import), so tasks absent from it are reported and a new row's
    // empty Phase is the one of the nearest row above that has one; JSON rows carry only what changed.
    public async Task<PlanImportReport> RunAsync(IReadOnlyList<PlanRowInput> rows, bool reportMissing, bool dryRun, CancellationToken cancellationToken)
    {
        var project = access.Project;
        await using var transaction = dryRun ? null : await db.BeginProjectWriteAsync(project.Id, cancellationToken);
        // Read without tracking: the merge changes a few of them in memory, and only those are attached to be saved.
        var tasks = await db.Tasks.AsNoTracking().Where(t => t.ProjectId == project.Id).ToDictionaryAsync(t => t.Number, cancellationToken);
        var members = await db.Members.Where(m => m.ProjectId == project.Id).Select(m => m.Email).ToListAsync(cancellationToken);
        var network = tasks.Values.ToDictionary(t => t.Number, t => t.Predecessors.Select(p => p.Task).ToList());
        var context = new TaskRuleContext(new HashSet<string>(members, StringComparer.Ordinal), network);
        var held = (await db.Obstacles.Where(o => o.ProjectId == project.Id).Select(o => new { o.Status, o.LinkedTasks }).ToListAsync(cancellationToken))
            .Where(o => Obstacles.Obstacle.IsOpenStatus(o.Status)).SelectMany(o => o.LinkedTasks).ToHashSet();
        var values = new PlanValues(project.Currency);
        var report = new Report();

        var parsed = rows.Select(row => Identify(row, tasks, report)).ToList();
        var history = await HistoryOfStaleRowsAsync(parsed, tasks, cancellationToken);
        var seen = new Dictionary<int, int>();
        var creations = new List<(int Row, ProjectTask Task)>();
        var phaseAbove = ProjectPhase.Planning;
        foreach (var row in parsed)
        {
            var phase = reportMissing ? PhaseOf(row.Input, values) : null;
            if (row.Skip)
            {
                phaseAbove = phase ?? phaseAbove;
                continue;
            }

            if (row.Task is null)
            {
                var created = CreateFrom(row.Input, values, context, phaseAbove, report);
                if (created is not null)
                {
                    creations.Add((row.Input.Row, created));
                }

                phaseAbove = reportMissing ? phase ?? created?.Phase ?? phaseAbove : phaseAbove;
                continue;
            }

            phaseAbove = reportMissing ? phase ?? row.Task.Phase : phaseAbove;
            if (seen.TryGetValue(row.Task.Number, out var firstRow))
            {
                report.Error(row.Input.Row, row.Key, null, $"{row.Key} is also on row {firstRow}; keep one row per task.");
                continue;
            }

            seen[row.Task.Number] = row.Input.Row;
            Merge(row, values, context, network, held, history.GetValueOrDefault(row.Task.Number) ?? [], report);
        }

        if (reportMissing)
        {
            report.Missing.AddRange(tasks.Keys.Where(n => !seen.ContainsKey(n)).Order().Select(ProjectTask.KeyOf));
        }

        if (dryRun || transaction is null)
        {
            var last = await db.Projects.Where(p => p.Id == project.Id).Select(p => p.LastTaskNumber).SingleAsync(cancellationToken);
            report.Created.AddRange(creations.Select((c, i) => new CreatedRow(c.Row, last + i + 1, ProjectTask.KeyOf(last + i + 1), 1)));
            return report.ToContract();
        }

        if (report.Applied.Count == 0 && creations.Count == 0)
        {
            return report.ToContract(); // nothing to write: the transaction rolls back and the plan version stays
        }

        // The changed tasks are saved a slice at a time, each attached with its values from before the merge as the
        // original ones (so SaveChanges writes, versions and records in history only what changed), then let go: the
        // tracker holds one slice, never the plan. New tasks take their numbers as one block, in row order, and are
        // saved in slices too. All of it inside the one transaction, which has already moved the plan version.
        foreach (var slice in report.Changed.Values.Chunk(SaveSlice))
        {
            foreach (var task in slice)
            {
                db.Tasks.Attach(task).OriginalValues.SetValues(report.Before[task.Number]);
            }

            await db.SaveChangesAsync(cancellationToken);
            LetGoOfSaved();
        }

        if (creations.Count > 0)
        {
            var first = await db.ReserveTaskNumbersAsync(project.Id, creations.Count, cancellationToken);
            for (var i = 0; i < creations.Count; i++)
            {
                creations[i].Task.Number = first + i;
            }

            foreach (var slice in creations.Chunk(SaveSlice))
            {
                db.Tasks.AddRange(slice.Select(c => c.Task));
                await db.SaveChangesAsync(cancellationToken);
                LetGoOfSaved();
            }
        }

        await db.SaveChangesAsync(cancellationToken); // anything else the caller changed (a publish's project fields)
        report.Created.AddRange(creations.Select(c => new CreatedRow(c.Row, c.Task.Number, ProjectTask.KeyOf(c.Task.Number), c.Task.Version)));
        await transaction.CommitAsync(cancellationToken);
        return report.ToContract(saved: true);
    }

    // The saved slice's tasks and what their save tracked (history, search documents) leave the tracker; the caller's
    // own entities (the project, the membership) stay tracked.
    private void LetGoOfSaved()
    {
        foreach (var entry in db.ChangeTracker.Entries().Where(e => e.Entity is ProjectTask or HistoryEntry or Search.SearchDocument).ToList())
        {
            entry.State = EntityState.Detached;
        }
    }

    private void Merge(RowContext row, PlanValues values, TaskRuleContext context, Dictionary<int, List<int>> network, HashSet<int> held,
        List<HistoryEntry> laterChanges, Report report)
    {
        var (task, key) = (row.Task!, row.Key!);
        var workbook = ReadCells(row.Input, values, report, key, newRow: false);
        if (workbook is null)
        {
            return;
        }

        var before = task.Copy();
        var server = workbook.Keys.ToDictionary(column => column, column => values.FromTask(column, task));
        var @base = new Dictionary<string, string?>(server);
        foreach (var change in laterChanges.Where(h => h.Version > row.Version).OrderByDescending(h => h.Id))
        {
            if (change.Field is { } field && ColumnOfField.TryGetValue(field, out var column) && @base.ContainsKey(column))
            {
                @base[column] = values.FromHistory(column, change.OldValue);
            }
        }

        var applied = new List<AppliedCell>();
        foreach (var (column, mine) in workbook)
        {
            var (theirs, original) = (server[column], @base[column]);
            if (mine == original || mine == theirs)
            {
                continue;
            }

            if (theirs != original)
            {
                report.Conflicts.Add(new ConflictCell(row.Input.Row, key, column, original, theirs, mine, task.Version));
                continue;
            }

            if (Refusal(column, mine, task, held) is { } refusal)
            {
                report.Error(row.Input.Row, key, column, refusal);
                continue;
            }

            PlanValues.Apply(task, column, mine);
            applied.Add(new AppliedCell(row.Input.Row, key, column, theirs, mine));
        }

        TaskEndpoints.AlignMilestone(task);
        var errors = TaskRules.Validate(task, context, new Validation());
        if (!errors.IsValid)
        {
            foreach (var cell in applied)
            {
                PlanValues.Apply(task, cell.Column, cell.From);
            }

            foreach (var (path, messages) in errors.Errors)
            {
                report.Error(row.Input.Row, key, ColumnOf(path), messages[0]);
            }

            return;
        }

        network[task.Number] = [.. task.Predecessors.Select(p => p.Task)]; // later rows are checked against this row's new links
        report.Applied.AddRange(applied);
        report.Changed[key] = task;
        report.Before[task.Number] = before;
    }

    // Role rules per cell: the rest of the row still applies.
    private string? Refusal(string column, string? value, ProjectTask task, HashSet<int> held)
    {
        // Only reached for a viewer through a publish (edits saved in the shared file): the routes refuse viewers.
        if (access.Role == ProjectRole.Viewer)
        {
            return "Viewers read the plan; this cell was not applied.";
        }

        if (access.Role == ProjectRole.Contributor)
        {
            if (task.Owner != access.Membership.Email)
            {
                return $"Contributors change only the tasks they own; {ProjectTask.KeyOf(task.Number)} is not yours.";
            }

            if (!ContributorColumns.Contains(column))
            {
                return "Contributors change only Status, % Complete and Actual Cost; this cell was not applied.";
            }
        }

        if (PlanColumns.Baseline.Contains(column) && access.Role != ProjectRole.Manager)
        {
            return "Only a project manager can move the baseline; this cell was not applied.";
        }

        if (column == PlanColumns.Status && held.Contains(task.Number) && value is not (nameof(WorkStatus.Done) or nameof(WorkStatus.Cancelled) or nameof(WorkStatus.Blocked)))
        {
            return $"{ProjectTask.KeyOf(task.Number)} is blocked by an open obstacle; resolve or accept it first.";
        }

        return null;
    }

    // A new row's empty Status, Priority and Phase take the defaults a person expects (Not started, Medium, the phase
    // above); tasks made through the task routes keep their own.
    private ProjectTask? CreateFrom(PlanRowInput row, PlanValues values, TaskRuleContext context, ProjectPhase phaseAbove, Report report)
    {
        if (access.Role is not (ProjectRole.Manager or ProjectRole.Coordinator))
        {
            report.Error(row.Row, null, null, "Only coordinators and managers add tasks; this row was not added.");
            return null;
        }

        var cells = ReadCells(row, values, report, null, newRow: true);
        if (cells is null)
        {
            return null;
        }

        var project = access.Project;
        var task = new ProjectTask
        {
            TenantId = project.TenantId, ProjectId = project.Id, Title = "", CreatedAt = time.GetUtcNow().UtcDateTime, CreatedBy = user.ObjectId,
            Status = WorkStatus.NotStarted, Priority = TaskPriority.Medium, Phase = phaseAbove,
        };
        foreach (var (column, value) in cells)
        {
            if (PlanColumns.Baseline.Contains(column) && value is not null && access.Role != ProjectRole.Manager)
            {
                report.Error(row.Row, null, column, "Only a project manager can set the baseline; this cell was not applied.");
                continue;
            }

            PlanValues.Apply(task, column, value);
        }

        TaskEndpoints.AlignMilestone(task);
        var errors = TaskRules.Validate(task, context, new Validation());
        if (errors.IsValid)
        {
            return task;
        }

        foreach (var (path, messages) in errors.Errors)
        {
            report.Error(row.Row, null, ColumnOf(path), messages[0]);
        }

        return null;
    }

    // The row's Phase when it has a valid one (the phase a new row below it inherits).
    private static ProjectPhase? PhaseOf(PlanRowInput row, PlanValues values) =>
        values.TryFromCell(PlanColumns.Phase, Cell(row, PlanColumns.Phase), out var value, out _) && value is not null
            ? Enum.Parse<ProjectPhase>(value)
            : null;

    // The row's editable cells in API units, or null (with its errors reported) when any cell is invalid. Status,
    // Phase and Priority always have a value: a new row leaves an empty one to its default, an existing row may not clear it.
    private static Dictionary<string, string?>? ReadCells(PlanRowInput row, PlanValues values, Report report, string? key, bool newRow)
    {
        var cells = new Dictionary<string, string?>(StringComparer.Ordinal);
        var valid = true;
        foreach (var (name, cell) in row.Cells)
        {
            var column = PlanColumns.Fields.Keys.FirstOrDefault(c => string.Equals(c, name, StringComparison.OrdinalIgnoreCase));
            if (column is null)
            {
                continue; // ID, Duration, Source, Version and extra columns are not imported
            }

            if (values.TryFromCell(column, cell, out var value, out var error))
            {
                if (value is null && PlanColumns.Required.Contains(column))
                {
                    if (!newRow)
                    {
                        report.Error(row.Row, key, column, $"{column} cannot be empty; choose one of {string.Join(", ", PlanValues.Labels(column))}.");
                        valid = false;
                    }

                    continue;
                }

                cells[column] = value;
            }
            else
            {
                report.Error(row.Row, key, column, error!);
                valid = false;
            }
        }

        return valid ? cells : null;
    }

    private static RowContext Identify(PlanRowInput row, Dictionary<int, ProjectTask> tasks, Report report)
    {
        var id = Cell(row, PlanColumns.Id);
        if (id.IsEmpty)
        {
            return new RowContext(row, null, null, 0, Skip: false);
        }

        var text = id.Kind == PlanCellKind.Text ? id.Text!.Trim() : id.Number.ToString(CultureInfo.InvariantCulture);
        var digits = text.StartsWith("T-", StringComparison.OrdinalIgnoreCase) ? text[2..] : text;
        if (!int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || !tasks.TryGetValue(number, out var task))
        {
            report.Error(row.Row, text, PlanColumns.Id, $"There is no task {text} in this project; clear the ID to add the row as a new task.");
            return new RowContext(row, null, text, 0, Skip: true);
        }

        var key = ProjectTask.KeyOf(number);
        var versionCell = Cell(row, PlanColumns.Version);
        var version = versionCell.Kind == PlanCellKind.Number ? versionCell.Number
            : double.TryParse(versionCell.Text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) ? parsed : -1;
        if (version < 1 || version != Math.Floor(version))
        {
            report.Error(row.Row, key, PlanColumns.Version, "The row has no Version; export the plan again to edit it.");
            return new RowContext(row, task, key, 0, Skip: true);
        }

        if (version > task.Version)
        {
            report.Error(row.Row, key, PlanColumns.Version, $"Version {version} is newer than the server's {task.Version}; export the plan again.");
            return new RowContext(row, task, key, 0, Skip: true);
        }

        return new RowContext(row, task, key, (long)version, Skip: false);
    }

    // The history needed to rebuild the base of rows exported before the task's current version.
    private async Task<Dictionary<int, List<HistoryEntry>>> HistoryOfStaleRowsAsync(List<RowContext> rows, Dictionary<int, ProjectTask> tasks, CancellationToken cancellationToken)
    {
        var stale = rows.Where(r => !r.Skip && r.Task is not null && r.Version < r.Task.Version)
            .Select(r => r.Task!.Number.ToString(CultureInfo.InvariantCulture)).Distinct().ToList();
        if (stale.Count == 0)
        {
            return [];
        }

        var projectId = access.Project.Id;
        var entries = new List<HistoryEntry>();
        foreach (var slice in stale.Chunk(HistorySlice)) // one parameter per id: well under either database's limit
        {
            entries.AddRange(await db.History.AsNoTracking()
                .Where(h => h.ProjectId == projectId && h.Entity == "task" && h.Action == HistoryActions.Updated && slice.Contains(h.EntityId))
                .ToListAsync(cancellationToken));
        }

        return entries.GroupBy(h => int.Parse(h.EntityId, CultureInfo.InvariantCulture)).Where(g => tasks.ContainsKey(g.Key)).ToDictionary(g => g.Key, g => g.ToList());
    }

    // Both kinds of row (a workbook's, a JSON one) look their columns up case-insensitively; a workbook row makes a
    // cell's string only when asked for it, so one lookup rather than a walk over the row.
    private static PlanCell Cell(PlanRowInput row, string column) => row.Cells.GetValueOrDefault(column);

    // "predecessors[0].task" -> "Predecessors"; "finish" -> "Finish".
    private static string? ColumnOf(string path)
    {
        var field = path.Split('[', '.')[0];
        return ColumnOfField.GetValueOrDefault(field);
    }

    private sealed record RowContext(PlanRowInput Input, ProjectTask? Task, string? Key, long Version, bool Skip);

    private sealed class Report
    {
        public List<AppliedCell> Applied { get; } = [];
        public Dictionary<string, ProjectTask> Changed { get; } = [];

        // Each changed task as it was read, before the merge changed it.
        public Dictionary<int, ProjectTask> Before { get; } = [];
        public List<CreatedRow> Created { get; } = [];
        public List<ConflictCell> Conflicts { get; } = [];
        public List<RowError> RowErrors { get; } = [];
        public List<string> Missing { get; } = [];

        public void Error(int row, string? id, string? column, string detail) => RowErrors.Add(new RowError(row, id, column, detail));

        // Row by row, as the user reads the sheet (OrderBy is stable: a row's cells keep their order).
        // Once saved, each applied cell carries its task's new version (what an undo pushes its earlier value with).
        public PlanImportReport ToContract(bool saved = false) => new(
            [.. Applied.OrderBy(a => a.Row).Select(a => saved ? a with { Version = Changed[a.Id].Version } : a)], [.. Created.OrderBy(c => c.Row)], [.. Conflicts.OrderBy(c => c.Row)], [.. RowErrors.OrderBy(e => e.Row)], Missing, []);
    }
}
