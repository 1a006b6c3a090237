using System.Globalization;
using OfficeCoordinator.Api.Projects;
using OfficeCoordinator.Api.Tasks;

namespace OfficeCoordinator.Api.Plans;

// A task as a row of the Plan table: the same cells for the workbook, for GET /plan/rows and as the merge's "server" side.
public static class PlanRows
{
    public static IReadOnlyList<PlanCell> CellsOf(ProjectTask task, ProjectCalendar calendar) =>
    [
        PlanCell.Of(ProjectTask.KeyOf(task.Number)),
        PlanCell.Of(task.Title),
        PlanCell.Of(task.Phase.ToString()),
        PlanCell.Of(task.Owner),
        PlanCell.Of(task.Status.ToString()),
        PlanCell.Of(task.Priority.ToString()),
        PlanCell.Of(task.Start),
        PlanCell.Of(task.Finish),
        PlanCell.Of(task.BaselineStart),
        PlanCell.Of(task.BaselineFinish),
        DurationOf(task, calendar) is { } days ? PlanCell.Of(days) : PlanCell.Empty,
        PlanCell.Of(task.PercentComplete / 100.0),
        PlanCell.Of(TaskDependencies.Format(task.Predecessors)),
        task.PlannedCost is { } planned ? PlanCell.Of((double)planned) : PlanCell.Empty,
        task.ActualCost is { } actual ? PlanCell.Of((double)actual) : PlanCell.Empty,
        PlanCell.Of(task.Milestone),
        PlanCell.Of(task.SourceEmail?.Subject),
        PlanCell.Of(task.Version),
    ];

    // Working days from start to finish, both included; a milestone takes none.
    public static int? DurationOf(ProjectTask task, ProjectCalendar calendar) =>
        task.Milestone ? 0
        : task.Start is { } start && task.Finish is { } finish && finish >= start
            ? calendar.WorkingDayNumber(finish.AddDays(1)) - calendar.WorkingDayNumber(start)
            : null;

    // The JSON form of a row (GET /plan/rows): the cell forms the sheet shows, dates as yyyy-MM-dd.
    public static Dictionary<string, object?> JsonOf(ProjectTask task, ProjectCalendar calendar)
    {
        var cells = CellsOf(task, calendar);
        var row = new Dictionary<string, object?>(PlanColumns.All.Count);
        for (var i = 0; i < cells.Count; i++)
        {
            row[PlanColumns.All[i]] = cells[i] switch
            {
                { Kind: PlanCellKind.Empty } => null,
                { Kind: PlanCellKind.Text } text => text.Text,
                { Kind: PlanCellKind.Boolean } flag => flag.Boolean,
                { Kind: PlanCellKind.Date } date => ExcelDates.TryFromSerial(date.Number, out var day) ? day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : null,
                var number when PlanColumns.All[i] == PlanColumns.Version => (long)number.Number,
                var number => number.Number,
            };
        }

        return row;
    }
}
