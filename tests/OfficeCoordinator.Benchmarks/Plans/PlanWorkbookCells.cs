using OfficeCoordinator.Api.Http;
using OfficeCoordinator.Api.Plans;
using OfficeCoordinator.Api.Projects;
using OfficeCoordinator.Api.Tasks;
using OfficeCoordinator.Client.Contracts;
using static System.FormattableString;

namespace OfficeCoordinator.Benchmarks.Plans;

// The cells PlanWorkbookWriter writes, sheet by sheet, for the other writers to write the same workbook: the same
// sheets, tables, list validations, frozen panes, widths, values and looks (fills, number formats, links). Rows are
// produced lazily, as our writer produces them, so building them is part of every writer's time.
public static class PlanWorkbookCells
{
    private const int FirstWeekColumn = 5;

    public static IReadOnlyList<SheetLayout> Of(PlanExport plan)
    {
        var calendar = ProjectCalendar.Of(plan.Project);
        var names = plan.Stakeholders.Where(s => s.Email is not null).GroupBy(s => s.Email!, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.First().Name, StringComparer.OrdinalIgnoreCase);
        return
        [
            new("Summary", [30, 70], 0, 0, null, [], Summary(plan)),
            new("Plan", [8, 44, 13, 28, 13, 13, 11, 11, 17, 18, 18, 13, 16, 15, 14, 12, 40, 10], 1, 0, "Plan",
                [(2, Enum.GetNames<ProjectPhase>()), (4, Enum.GetNames<WorkStatus>()), (5, Enum.GetNames<TaskPriority>())],
                Table(PlanColumns.All, plan.Tasks, task => TaskRow(task, calendar))),
            Timeline(plan),
            new("Stakeholders", [24, 30, 22, 22, 11, 12, 11, 13, 20, 40], 1, 0, "Stakeholders", [], Table(PlanColumns.Stakeholders, plan.Stakeholders, s =>
            [
                Text(0, s.Name), Text(1, s.Email), Text(2, s.Organization), Text(3, s.Title), SheetCell.Of(4, s.Internal),
                SheetCell.Of(5, s.Influence), SheetCell.Of(6, s.Interest), Text(7, s.Engagement.ToString()), Text(8, s.PreferredChannel.ToString()), Text(9, s.Notes),
            ])),
            new("Communications", [16, 11, 10, 12, 60, 36, 14, 20, 40], 1, 0, "Communications", [], Table(PlanColumns.Communications, plan.Communications, c =>
            [
                SheetCell.Of(0, c.OccurredAt.ToOADate(), CellLook.DateTime), Text(1, c.Kind.ToString()), Text(2, c.Channel.ToString()), Text(3, c.Direction.ToString()),
                Text(4, c.Summary), Text(5, string.Join(", ", c.Participants.Select(p => names.GetValueOrDefault(p, p)))), Text(6, Keys(c.LinkedTasks)),
                Text(7, c.LoggedByName), Link(8, c.SourceEmail?.Subject, c.SourceEmail?.WebLink),
            ])),
            new("Decisions", [50, 11, 16, 28, 40, 14, 14, 34], 1, 0, "Decisions", [], Table(PlanColumns.Decisions, [.. plan.Decisions], d =>
            [
                Text(0, d.DecisionText), Text(1, d.DecisionStatus is { } status ? EnumLabels.Of(status) : null), SheetCell.Of(2, d.OccurredAt.ToOADate(), CellLook.DateTime),
                Text(3, d.DecidedBy), Text(4, d.Rationale), d.ReviewOn is { } review ? SheetCell.Of(5, ExcelDates.ToSerial(review), CellLook.Date) : default,
                Text(6, Keys(d.LinkedTasks)), Text(7, d.Id),
            ])),
            new("Obstacles", [44, 16, 30, 28, 40, 16, 30, 16, 14, 34], 1, 0, "Obstacles", [], Table(PlanColumns.Obstacles, plan.Obstacles, o =>
            [
                Text(0, o.Statement), Text(1, EnumLabels.Of(o.Status)), Text(2, o.Impact), Text(3, o.Owner), Text(4, o.ProposedSolution),
                SheetCell.Of(5, o.RaisedAt.ToOADate(), CellLook.DateTime), Text(6, string.Join(", ", o.CommunicatedTo.Select(p => names.GetValueOrDefault(p, p)))),
                o.ResolvedAt is { } resolved ? SheetCell.Of(7, resolved.ToOADate(), CellLook.DateTime) : default, Text(8, Keys(o.LinkedTasks)), Text(9, o.Id),
            ])),
        ];
    }

    private static SheetCell[] TaskRow(ProjectTask task, ProjectCalendar calendar)
    {
        var cells = PlanRows.CellsOf(task, calendar);
        var row = new SheetCell[cells.Count];
        for (var i = 0; i < cells.Count; i++)
        {
            var cell = cells[i];
            row[i] = cell.Kind switch
            {
                PlanCellKind.Text when PlanColumns.All[i] == PlanColumns.Source => Link(i, cell.Text, task.SourceEmail?.WebLink),
                PlanCellKind.Text => SheetCell.Of(i, cell.Text!),
                PlanCellKind.Date => SheetCell.Of(i, cell.Number, CellLook.Date),
                PlanCellKind.Number when PlanColumns.All[i] == PlanColumns.PercentComplete => SheetCell.Of(i, cell.Number, CellLook.Percent),
                PlanCellKind.Number when PlanColumns.Money.Contains(PlanColumns.All[i]) => SheetCell.Of(i, cell.Number, CellLook.Money),
                PlanCellKind.Number => SheetCell.Of(i, cell.Number),
                PlanCellKind.Boolean => SheetCell.Of(i, cell.Boolean),
                _ => default,
            };
        }

        return row;
    }

    private static SheetLayout Timeline(PlanExport plan)
    {
        var dated = plan.Tasks.Select(DatesOf).OfType<(DateOnly First, DateOnly Last)>().ToList();
        var firstMonday = dated.Count == 0 ? default : MondayOf(dated.Min(d => d.First));
        var weeks = dated.Count == 0 ? 0 : Math.Min(PlanWorkbookWriter.MaxTimelineWeeks, (MondayOf(dated.Max(d => d.Last)).DayNumber - firstMonday.DayNumber) / 7 + 1);

        IEnumerable<IReadOnlyList<SheetCell>> Rows()
        {
            yield return [Text(0, Invariant($"Timeline of {plan.Project.Name}: {weeks} weeks from {firstMonday:yyyy-MM-dd}, by the dates in the Plan"), CellLook.Title)];
            yield return
            [
                Text(0, "Legend", CellLook.Label), Text(1, "Planned week", CellLook.Planned), Text(2, "Critical", CellLook.Critical), Text(3, "Late", CellLook.Late),
                Text(4, "Late, critical", CellLook.LateAndCritical), Text(FirstWeekColumn, PlanWorkbookWriter.MilestoneMark, CellLook.Milestone), Text(FirstWeekColumn + 1, "Milestone", CellLook.General),
            ];
            yield return
            [
                Text(0, "ID", CellLook.Label), Text(1, "Task", CellLook.Label), Text(2, "Start", CellLook.Label), Text(3, "Finish", CellLook.Label), Text(4, "Schedule", CellLook.Label),
                .. Enumerable.Range(0, weeks).Select(week => SheetCell.Of(FirstWeekColumn + week, ExcelDates.ToSerial(firstMonday.AddDays(7 * week)), CellLook.WeekHeader)),
            ];
            foreach (var task in plan.Tasks)
            {
                var critical = plan.CriticalTasks.Contains(task.Number);
                var late = plan.LateTasks.Contains(task.Number);
                var row = new List<SheetCell>(8) { Text(0, ProjectTask.KeyOf(task.Number)), Text(1, task.Title) };
                if (task.Start is { } start)
                {
                    row.Add(SheetCell.Of(2, ExcelDates.ToSerial(start), CellLook.Date));
                }

                if (task.Finish is { } finish)
                {
                    row.Add(SheetCell.Of(3, ExcelDates.ToSerial(finish), CellLook.Date));
                }

                if (critical || late)
                {
                    row.Add(Text(4, (critical, late) switch { (true, true) => "Late, critical", (true, false) => "Critical", _ => "Late" }));
                }

                if (DatesOf(task) is { } span)
                {
                    var look = (CellLook)((int)(task.Milestone ? CellLook.Milestone : CellLook.Planned) + (critical ? 1 : 0) + (late ? 2 : 0));
                    var last = Math.Min(weeks - 1, (MondayOf(span.Last).DayNumber - firstMonday.DayNumber) / 7);
                    for (var week = Math.Max(0, (MondayOf(span.First).DayNumber - firstMonday.DayNumber) / 7); week <= last; week++)
                    {
                        row.Add(task.Milestone ? Text(FirstWeekColumn + week, PlanWorkbookWriter.MilestoneMark, look) : SheetCell.Blank(FirstWeekColumn + week, look));
                    }
                }

                yield return row;
            }
        }

        return new SheetLayout("Timeline", [8, 44, 11, 11, 16, .. Enumerable.Repeat(3.3, weeks)], 3, 2, null, [], Rows());
    }

    private static IEnumerable<IReadOnlyList<SheetCell>> Summary(PlanExport plan)
    {
        var project = plan.Project;
        var actual = (double)plan.Tasks.Sum(t => t.ActualCost ?? 0);
        yield return [Text(0, project.Name, CellLook.Title)];
        yield return [];
        (string, SheetCell)[] lines =
        [
            ("Project", Text(1, project.Name)),
            ("Description", Text(1, project.Description)),
            ("Manager(s)", Text(1, string.Join(", ", plan.Members.Where(m => m.Role == ProjectRole.Manager).Select(m => $"{m.Name} <{m.Email}>")))),
            ("Coordinator(s)", Text(1, string.Join(", ", plan.Members.Where(m => m.Role == ProjectRole.Coordinator).Select(m => $"{m.Name} <{m.Email}>")))),
            ("Start", project.Start is { } start ? SheetCell.Of(1, ExcelDates.ToSerial(start), CellLook.Date) : default),
            ("Finish", project.Finish is { } finish ? SheetCell.Of(1, ExcelDates.ToSerial(finish), CellLook.Date) : default),
            ("Currency", Text(1, project.Currency)),
            ("Budget", SheetCell.Of(1, (double)(project.Budget ?? 0), CellLook.Money)),
            ("Planned cost", SheetCell.Of(1, (double)plan.Tasks.Sum(t => t.PlannedCost ?? 0), CellLook.Money)),
            ("Actual cost", SheetCell.Of(1, actual, CellLook.Money)),
            ("Budget left (budget − actual)", SheetCell.Of(1, (double)(project.Budget ?? 0) - actual, CellLook.Money)),
            ("% Complete", SheetCell.Of(1, plan.Tasks.Average(t => t.PercentComplete) / 100.0, CellLook.Percent)),
            ("Tasks", SheetCell.Of(1, plan.Tasks.Count)),
            ("Late tasks", SheetCell.Of(1, plan.LateTasks.Count)),
            ("Critical tasks", SheetCell.Of(1, plan.CriticalTasks.Count)),
            ("Open obstacles", SheetCell.Of(1, plan.Obstacles.Count(o => o.IsOpen))),
            ("Baseline taken (UTC)", project.BaselineTakenAt is { } taken ? SheetCell.Of(1, taken.ToOADate(), CellLook.DateTime) : default),
            ("Baseline taken by", Text(1, project.BaselineTakenBy)),
            ("Plan version", SheetCell.Of(1, project.PlanVersion)),
            ("Generated at (UTC)", SheetCell.Of(1, plan.GeneratedAt.UtcDateTime.ToOADate(), CellLook.DateTime)),
        ];
        foreach (var (label, value) in lines)
        {
            yield return [Text(0, label, CellLook.Label), value];
        }
    }

    // A table sheet's rows: the header, then one row per item.
    private static IEnumerable<IReadOnlyList<SheetCell>> Table<T>(IReadOnlyList<string> columns, IReadOnlyList<T> items, Func<T, IReadOnlyList<SheetCell>> row)
    {
        yield return [.. columns.Select((column, i) => SheetCell.Of(i, column, CellLook.General))];
        foreach (var item in items)
        {
            yield return row(item);
        }
    }

    private static SheetCell Text(int column, string? text, CellLook look = CellLook.Text) =>
        string.IsNullOrEmpty(text) ? default : SheetCell.Of(column, text, look);

    private static SheetCell Link(int column, string? text, string? link) =>
        string.IsNullOrEmpty(text) ? default
        : Uri.TryCreate(link, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http" ? new SheetCell(column, CellKind.Text, CellLook.Link, text, Link: uri.AbsoluteUri)
        : SheetCell.Of(column, text);

    private static string Keys(IEnumerable<int> numbers) => string.Join(", ", numbers.Select(ProjectTask.KeyOf));

    private static (DateOnly First, DateOnly Last)? DatesOf(ProjectTask task) => (task.Start ?? task.Finish, task.Finish ?? task.Start) switch
    {
        ({ } first, _) when task.Milestone => (first, first),
        ({ } first, { } last) => first <= last ? (first, last) : (last, first),
        _ => null,
    };

    private static DateOnly MondayOf(DateOnly day) => day.AddDays(-(((int)day.DayOfWeek + 6) % 7));
}
