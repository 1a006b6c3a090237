namespace OfficeCoordinator.Api.Plans;

// The Plan table's columns (DESIGN.md "The shared workbook"), in order, headed by these names.
public static class PlanColumns
{
    public const string Id = "ID";
    public const string Task = "Task";
    public const string Phase = "Phase";
    public const string Owner = "Owner";
    public const string Status = "Status";
    public const string Priority = "Priority";
    public const string Start = "Start";
    public const string Finish = "Finish";
    public const string BaselineStart = "Baseline Start";
    public const string BaselineFinish = "Baseline Finish";
    public const string Duration = "Duration (days)";
    public const string PercentComplete = "% Complete";
    public const string Predecessors = "Predecessors";
    public const string PlannedCost = "Planned Cost";
    public const string ActualCost = "Actual Cost";
    public const string Milestone = "Milestone";
    public const string Source = "Source";
    public const string Version = "Version";

    public static readonly IReadOnlyList<string> All =
    [
        Id, Task, Phase, Owner, Status, Priority, Start, Finish, BaselineStart, BaselineFinish, Duration, PercentComplete,
        Predecessors, PlannedCost, ActualCost, Milestone, Source, Version,
    ];

    // Computed or descriptive: shown, never imported.
    public static readonly IReadOnlySet<string> ReadOnly = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { Id, Duration, Source, Version };

    public static readonly IReadOnlySet<string> Dates = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { Start, Finish, BaselineStart, BaselineFinish };
    public static readonly IReadOnlySet<string> Money = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { PlannedCost, ActualCost };
    // Columns a task always has a value in (a new row's empty cell takes the default).
    public static readonly IReadOnlySet<string> Required = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { Status, Phase, Priority };

    public static readonly IReadOnlySet<string> Baseline = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { BaselineStart, BaselineFinish };

    // The task field (and history field) behind each editable column.
    public static readonly IReadOnlyDictionary<string, string> Fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        [Task] = "title",
        [Phase] = "phase",
        [Owner] = "owner",
        [Status] = "status",
        [Priority] = "priority",
        [Start] = "start",
        [Finish] = "finish",
        [BaselineStart] = "baselineStart",
        [BaselineFinish] = "baselineFinish",
        [PercentComplete] = "percentComplete",
        [Predecessors] = "predecessors",
        [PlannedCost] = "plannedCost",
        [ActualCost] = "actualCost",
        [Milestone] = "milestone",
    };

    // The other tables of the workbook, by sheet; the registers' ids go last (they are for reference, not for the first glance).
    public static readonly IReadOnlyList<string> Stakeholders =
        ["Name", "Email", "Organization", "Title", "Internal", "Influence", "Interest", "Engagement", "Preferred Channel", "Notes"];

    public static readonly IReadOnlyList<string> Communications =
        ["Date", "Kind", "Channel", "Direction", "Summary", "Participants", "Tasks", "Logged By", "Email"];

    public static readonly IReadOnlyList<string> Decisions =
        ["Decision", "Status", "Date", "Decided By", "Rationale", "Review Date", "Tasks", "ID"];

    public static readonly IReadOnlyList<string> Obstacles =
        ["Obstacle", "Status", "Impact", "Owner", "Proposed Solution", "Raised", "Communicated To", "Resolved", "Tasks", "ID"];
}

// One cell as a spreadsheet holds it: empty, text, a number (dates are Excel serial numbers) or a boolean.
public readonly record struct PlanCell(PlanCellKind Kind, string? Text = null, double Number = 0, bool Boolean = false)
{
    public static readonly PlanCell Empty = new(PlanCellKind.Empty);

    public static PlanCell Of(string? text) => string.IsNullOrEmpty(text) ? Empty : new(PlanCellKind.Text, text);

    public static PlanCell Of(double number) => new(PlanCellKind.Number, Number: number);

    public static PlanCell Of(bool value) => new(PlanCellKind.Boolean, Boolean: value);

    public static PlanCell Of(DateOnly? date) => date is { } day ? new(PlanCellKind.Date, Number: ExcelDates.ToSerial(day)) : Empty;

    public bool IsEmpty => Kind == PlanCellKind.Empty || (Kind == PlanCellKind.Text && string.IsNullOrWhiteSpace(Text));
}

public enum PlanCellKind
{
    Empty,
    Text,
    Number,
    Boolean,
    Date,
}

// Excel's 1900 date system: serial 1 is 1900-01-01, with Excel's phantom 1900-02-29 (serial 60) kept for compatibility.
public static class ExcelDates
{
    private static readonly DateOnly Epoch = new(1899, 12, 30);

    public static double ToSerial(DateOnly day) => day.DayNumber - Epoch.DayNumber;

    public static bool TryFromSerial(double serial, out DateOnly day)
    {
        day = default;
        if (double.IsNaN(serial) || serial < 61 || serial > 2_958_465) // 1900-03-01 .. 9999-12-31
        {
            return false;
        }

        day = DateOnly.FromDayNumber(Epoch.DayNumber + (int)Math.Floor(serial));
        return true;
    }
}

// A Plan table row as read from a workbook or sent as JSON: its sheet row number, and the cells by column name.
// A column that is absent means "unchanged"; an empty cell means "clear".
public sealed record PlanRowInput(int Row, IReadOnlyDictionary<string, PlanCell> Cells);

// What an imported workbook says about itself.
// Warnings: what the reader ignored (external links, data connections), for the import report.
public sealed record PlanSheet(string? ProjectId, long? PlanVersion, IReadOnlyList<string> Headers, IReadOnlyList<PlanRowInput> Rows, IReadOnlyList<string> Warnings);
