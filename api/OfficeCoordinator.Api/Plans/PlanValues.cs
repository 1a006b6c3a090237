using System.Globalization;
using OfficeCoordinator.Api.Http;
using OfficeCoordinator.Api.Tasks;
using OfficeCoordinator.Client.Contracts;

namespace OfficeCoordinator.Api.Plans;

// Cells compared in the API's units (DESIGN.md): % Complete × 100 rounded, dates as days, money rounded to the
// currency's minor unit, Milestone as true/false, Predecessors as a set, text trimmed. Every value, from a cell, from
// the task or from a history entry, becomes the same canonical text, so "changed" means changed in meaning.
public sealed class PlanValues(string currency)
{
    // ISO 4217 currencies without a minor unit; the rest round to cents.
    private static readonly HashSet<string> WholeCurrencies = new(StringComparer.OrdinalIgnoreCase) { "JPY", "KRW", "VND", "CLP", "ISK", "HUF", "PYG", "UGX", "XAF", "XOF" };

    private readonly int _moneyDecimals = WholeCurrencies.Contains(currency) ? 0 : 2;

    // The server's side: the task's current value.
    public string? FromTask(string column, ProjectTask task) => column switch
    {
        PlanColumns.Task => Text(task.Title),
        PlanColumns.Phase => task.Phase.ToString(),
        PlanColumns.Owner => task.Owner,
        PlanColumns.Status => task.Status.ToString(),
        PlanColumns.Priority => task.Priority.ToString(),
        PlanColumns.Start => Date(task.Start),
        PlanColumns.Finish => Date(task.Finish),
        PlanColumns.BaselineStart => Date(task.BaselineStart),
        PlanColumns.BaselineFinish => Date(task.BaselineFinish),
        PlanColumns.PercentComplete => task.PercentComplete.ToString(CultureInfo.InvariantCulture),
        PlanColumns.Predecessors => Dependencies(task.Predecessors),
        PlanColumns.PlannedCost => Money(task.PlannedCost),
        PlanColumns.ActualCost => Money(task.ActualCost),
        PlanColumns.Milestone => task.Milestone ? "true" : "false",
        _ => throw new ArgumentOutOfRangeException(nameof(column), column, "Not an editable column."),
    };

    // The base's side: a history entry's value (history keeps the wire's text forms).
    public string? FromHistory(string column, string? value)
    {
        if (value is null)
        {
            return column == PlanColumns.Milestone ? "false" : null;
        }

        return column switch
        {
            PlanColumns.PlannedCost or PlanColumns.ActualCost => Money(decimal.Parse(value, CultureInfo.InvariantCulture)),
            PlanColumns.Predecessors => TaskDependencies.TryParse(value, out var list) ? Dependencies(list) : value,
            PlanColumns.Task => Text(value),
            _ => value,
        };
    }

    // The workbook's side. Returns false with a sentence when the cell holds something the column cannot take.
    public bool TryFromCell(string column, PlanCell cell, out string? value, out string? error)
    {
        value = null;
        error = null;
        if (cell.IsEmpty)
        {
            value = column == PlanColumns.Milestone ? "false" : column == PlanColumns.PercentComplete ? "0" : null;
            return true;
        }

        var text = cell.Kind == PlanCellKind.Text ? cell.Text!.Trim() : null;
        switch (column)
        {
            case PlanColumns.Task:
                value = text ?? Number(cell);
                return true;
            case PlanColumns.Owner:
                value = (text ?? Number(cell))?.ToLowerInvariant();
                return true;
            case PlanColumns.Phase:
                return ParseEnum<ProjectPhase>(text, out value, out error);
            case PlanColumns.Status:
                return ParseEnum<WorkStatus>(text, out value, out error);
            case PlanColumns.Priority:
                return ParseEnum<TaskPriority>(text, out value, out error);
            case var date when PlanColumns.Dates.Contains(date):
                if (cell.Kind is PlanCellKind.Number or PlanCellKind.Date && ExcelDates.TryFromSerial(cell.Number, out var day))
                {
                    value = Date(day);
                    return true;
                }

                if (text is not null && DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day))
                {
                    value = Date(day);
                    return true;
                }

                error = $"'{Shorten(text ?? Number(cell))}' is not a date; use a date cell or yyyy-MM-dd.";
                return false;
            case PlanColumns.PercentComplete:
                double fraction;
                if (cell.Kind == PlanCellKind.Number)
                {
                    fraction = cell.Number;
                }
                else if (text is not null && double.TryParse(text.TrimEnd('%'), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed))
                {
                    fraction = text.EndsWith('%') ? parsed / 100 : parsed;
                }
                else
                {
                    error = $"'{Shorten(text)}' is not a percentage; use 0% to 100%.";
                    return false;
                }

                if (fraction is < 0 or > 1)
                {
                    // Said as the sheet shows it (150%), not as the cell stores it (1.5).
                    error = $"% Complete is {(fraction * 100).ToString("0.#", CultureInfo.InvariantCulture)}%; it must be between 0% and 100%.";
                    return false;
                }

                value = ((int)Math.Round(fraction * 100, MidpointRounding.AwayFromZero)).ToString(CultureInfo.InvariantCulture);
                return true;
            case PlanColumns.Predecessors:
                var predecessors = text ?? (cell.Kind == PlanCellKind.Number ? $"T-{cell.Number.ToString(CultureInfo.InvariantCulture)}" : null);
                if (TaskDependencies.TryParse(predecessors, out var dependencies))
                {
                    value = Dependencies(dependencies);
                    return true;
                }

                error = $"'{Shorten(predecessors)}' is not a list of predecessors such as T-3, T-5+2, T-7-1.";
                return false;
            case PlanColumns.PlannedCost or PlanColumns.ActualCost:
                if (cell.Kind == PlanCellKind.Number && Math.Abs(cell.Number) < 1e15)
                {
                    value = Money((decimal)cell.Number);
                    return true;
                }

                if (text is not null && decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var amount))
                {
                    value = Money(amount);
                    return true;
                }

                error = $"'{Shorten(text ?? Number(cell))}' is not an amount.";
                return false;
            case PlanColumns.Milestone:
                bool? flag = cell.Kind switch
                {
                    PlanCellKind.Boolean => cell.Boolean,
                    PlanCellKind.Number when cell.Number is 0 or 1 => cell.Number == 1,
                    _ => text?.ToUpperInvariant() switch { "TRUE" or "1" or "YES" => true, "FALSE" or "0" or "NO" => false, _ => null },
                };
                if (flag is null)
                {
                    error = $"'{Shorten(text ?? Number(cell))}' is not TRUE or FALSE.";
                    return false;
                }

                value = flag.Value ? "true" : "false";
                return true;
            default:
                throw new ArgumentOutOfRangeException(nameof(column), column, "Not an editable column.");
        }
    }

    // Sets the task's field from a canonical value (one this class produced).
    public static void Apply(ProjectTask task, string column, string? value)
    {
        switch (column)
        {
            case PlanColumns.Task: task.Title = value ?? ""; break;
            case PlanColumns.Owner: task.Owner = value; break;
            case PlanColumns.Phase: task.Phase = Enum.Parse<ProjectPhase>(value!); break;
            case PlanColumns.Status: task.Status = Enum.Parse<WorkStatus>(value!); break;
            case PlanColumns.Priority: task.Priority = Enum.Parse<TaskPriority>(value!); break;
            case PlanColumns.Start: task.Start = ParseDate(value); break;
            case PlanColumns.Finish: task.Finish = ParseDate(value); break;
            case PlanColumns.BaselineStart: task.BaselineStart = ParseDate(value); break;
            case PlanColumns.BaselineFinish: task.BaselineFinish = ParseDate(value); break;
            case PlanColumns.PercentComplete: task.PercentComplete = int.Parse(value ?? "0", CultureInfo.InvariantCulture); break;
            case PlanColumns.Predecessors: task.Predecessors = TaskDependencies.TryParse(value, out var list) ? list : []; break;
            case PlanColumns.PlannedCost: task.PlannedCost = value is null ? null : decimal.Parse(value, CultureInfo.InvariantCulture); break;
            case PlanColumns.ActualCost: task.ActualCost = value is null ? null : decimal.Parse(value, CultureInfo.InvariantCulture); break;
            case PlanColumns.Milestone: task.Milestone = value == "true"; break;
            default: throw new ArgumentOutOfRangeException(nameof(column), column, "Not an editable column.");
        }
    }

    private string? Money(decimal? amount) =>
        amount is { } value ? decimal.Round(value, _moneyDecimals, MidpointRounding.AwayFromZero).ToString("0.####", CultureInfo.InvariantCulture) : null;

    private static string? Text(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static string? Date(DateOnly? day) => day?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static DateOnly? ParseDate(string? value) => value is null ? null : DateOnly.ParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string? Dependencies(IEnumerable<TaskDependency> dependencies)
    {
        var text = TaskDependencies.Format(dependencies.OrderBy(d => d.Task).ThenBy(d => d.LagDays));
        return text.Length == 0 ? null : text;
    }

    private static string? Number(PlanCell cell) => cell.Kind switch
    {
        PlanCellKind.Number or PlanCellKind.Date => cell.Number.ToString(CultureInfo.InvariantCulture),
        PlanCellKind.Boolean => cell.Boolean ? "TRUE" : "FALSE",
        _ => cell.Text,
    };

    // The values a person may type in an enum column, as the sheet shows them (the list validation's values).
    public static IReadOnlyList<string> Labels(string column) => column switch
    {
        PlanColumns.Status => EnumLabels.All<WorkStatus>(),
        PlanColumns.Phase => EnumLabels.All<ProjectPhase>(),
        PlanColumns.Priority => EnumLabels.All<TaskPriority>(),
        _ => throw new ArgumentOutOfRangeException(nameof(column), column, "Not an enum column."),
    };

    // The label or the name, in any case, becomes the name (the API's value, which reports and history keep).
    private static bool ParseEnum<T>(string? text, out string? value, out string? error)
        where T : struct, System.Enum
    {
        if (EnumLabels.TryParse<T>(text, out var parsed))
        {
            value = parsed.ToString();
            error = null;
            return true;
        }

        value = null;
        error = $"'{Shorten(text)}' is not one of {string.Join(", ", EnumLabels.All<T>())}.";
        return false;
    }

    private static string Shorten(string? text) => text is { Length: > 40 } ? text[..40] + "…" : text ?? "";
}
