using System.Globalization;
using OfficeCoordinator.Api.Communications;
using OfficeCoordinator.Api.Obstacles;
using OfficeCoordinator.Api.Projects;
using OfficeCoordinator.Api.Schedule;
using OfficeCoordinator.Api.Tasks;
using OfficeCoordinator.Client.Contracts;
using Communication = OfficeCoordinator.Api.Communications.Communication;
using Obstacle = OfficeCoordinator.Api.Obstacles.Obstacle;
using Project = OfficeCoordinator.Api.Projects.Project;

namespace OfficeCoordinator.Api.Reports;

// What a status report says, computed from the record at a status date (DESIGN.md "Keeping stakeholders informed",
// precise rules): the period's work, lateness and slips against the baseline (critical first), milestones, decisions,
// obstacles, money with earned value, and the overall status with every reason that set it. Pure: the caller loads.
public sealed record StatusInputs(
    Project Project,
    IReadOnlyList<ProjectTask> Tasks,
    IReadOnlyList<Communication> Communications,
    IReadOnlyList<Obstacle> Obstacles,
    ReportSettings Settings,
    DateOnly AsOf,
    DateOnly Since,
    IReadOnlyList<int>? PreviousCriticalPath,
    IReadOnlyDictionary<string, DateOnly> DecidedOn);

public static class StatusComputation
{
    private const int UpcomingWorkingDays = 10; // "the next two weeks"

    public static StatusReportModel Compute(StatusInputs input)
    {
        var project = input.Project;
        var calendar = ProjectCalendar.Of(project);
        var asOf = input.AsOf;
        var settings = input.Settings;
        var live = input.Tasks.Where(t => t.Status != WorkStatus.Cancelled).ToList();
        // Cancelled work drives neither the forecast nor the critical path (links to it are ignored by the engine).
        var planned = live.Select(t => new PlannedTask(t.Number, t.Start, t.Finish, t.Milestone, t.Predecessors, t.Status, t.BaselineStart, t.BaselineFinish)).ToList();
        var schedule = ScheduleEngine.Compute(planned, calendar, project.Start, asOf);
        var scheduled = schedule.Tasks.ToDictionary(t => t.Number);
        var critical = schedule.CriticalPath.ToHashSet();
        bool IsCritical(ProjectTask task) => critical.Contains(task.Number);
        bool Open(ProjectTask task) => task.Status is not (WorkStatus.Done or WorkStatus.Cancelled);

        // The forecast finish against the baseline finish (the planned finish without a baseline, which the report says).
        var baselineSet = live.Any(t => t.BaselineFinish is not null);
        var baselineFinish = baselineSet ? live.Max(t => t.BaselineFinish) : live.Max(t => t.Finish);
        var forecastFinish = schedule.ProjectFinish;
        var slip = forecastFinish is { } forecast && baselineFinish is { } target ? calendar.WorkingDaysBetween(target, forecast) : 0;

        ReportTask Listed(ProjectTask task, int daysLate) => new(task.Number, ProjectTask.KeyOf(task.Number), task.Title, task.Owner, task.Status,
            task.PercentComplete, scheduled.TryGetValue(task.Number, out var s) ? s.EarlyFinish : task.Finish, task.BaselineFinish, daysLate, IsCritical(task));
        int DaysLate(ProjectTask task) => task.Finish is { } finish && finish < asOf ? calendar.WorkingDaysBetween(finish, asOf) : 0;
        int Slip(ProjectTask task) => task.BaselineFinish is { } baseline && scheduled.TryGetValue(task.Number, out var s)
            ? calendar.WorkingDaysBetween(baseline, s.EarlyFinish) : 0;
        DateOnly? Forecast(ProjectTask task) => scheduled.TryGetValue(task.Number, out var s) ? s.EarlyFinish : task.Finish;
        IEnumerable<ProjectTask> CriticalFirst(IEnumerable<ProjectTask> tasks) => tasks.OrderBy(t => IsCritical(t) ? 0 : 1).ThenBy(Forecast).ThenBy(t => t.Number);

        var done = live.Where(t => t.Status == WorkStatus.Done && t.Finish is { } f && f >= input.Since && f <= asOf).OrderBy(t => t.Finish).Select(t => Listed(t, 0)).ToList();
        var horizon = calendar.AddWorkingDays(asOf, UpcomingWorkingDays);
        var upcoming = live.Where(t => Open(t) && t.Finish is { } f && f >= asOf && f <= horizon).OrderBy(t => t.Finish).ThenBy(t => t.Number).Select(t => Listed(t, 0)).ToList();
        var late = CriticalFirst(live.Where(t => scheduled.TryGetValue(t.Number, out var s) && s.Late)).Select(t => Listed(t, DaysLate(t))).ToList();
        var slipped = CriticalFirst(live.Where(t => Open(t) && Slip(t) > 0)).Select(t => Listed(t, Slip(t))).ToList();

        // Milestones: late by the working days from their baseline (or planned) finish to the forecast finish, or to
        // the status date when that has passed and the milestone is not done.
        int MilestoneLateness(ProjectTask m)
        {
            var target = m.BaselineFinish ?? m.Finish;
            if (target is not { } due || m.Status == WorkStatus.Done)
            {
                return 0;
            }

            var forecastDay = scheduled.TryGetValue(m.Number, out var s) ? s.EarlyFinish : due;
            var until = forecastDay > asOf ? forecastDay : asOf;
            return Math.Max(0, calendar.WorkingDaysBetween(due, until));
        }

        var milestones = live.Where(t => t.Milestone).OrderBy(t => t.Finish ?? DateOnly.MaxValue).ToList();
        var hit = milestones.Where(m => m.Status == WorkStatus.Done && m.Finish is { } f && f >= input.Since && f <= asOf).Select(m => Listed(m, 0)).ToList();
        var missed = milestones.Where(m => m.Status != WorkStatus.Done && (m.BaselineFinish ?? m.Finish) is { } due && due < asOf)
            .Select(m => Listed(m, MilestoneLateness(m))).ToList();
        var next = milestones.Where(m => m.Status != WorkStatus.Done && (m.Finish ?? DateOnly.MaxValue) >= asOf).Select(m => Listed(m, 0)).FirstOrDefault();

        // Decisions: made in the period, and awaiting approval (oldest first).
        var decisions = input.Communications.Where(c => c.IsDecision).ToList();
        ReportDecision Decision(Communication c) => new(c.Id, c.DecisionText ?? c.Summary, c.DecisionStatus ?? DecisionStatus.Proposed, c.DecidedBy, c.Rationale,
            DateOnly.FromDateTime(c.OccurredAt), Math.Max(0, calendar.WorkingDaysBetween(DateOnly.FromDateTime(c.OccurredAt), asOf)));
        // Decided when its status last became Approved or Rejected; one logged already decided, when it was logged.
        DateOnly DecidedOn(Communication c) => input.DecidedOn.TryGetValue(c.Id, out var on) ? on : DateOnly.FromDateTime(c.OccurredAt);
        var made = decisions.Where(c => c.DecisionStatus is DecisionStatus.Approved or DecisionStatus.Rejected && DecidedOn(c) >= input.Since && DecidedOn(c) <= asOf)
            .OrderBy(DecidedOn).Select(Decision).ToList();
        var awaiting = decisions.Where(c => c.DecisionStatus is null or DecisionStatus.Proposed && DateOnly.FromDateTime(c.OccurredAt) <= asOf)
            .OrderBy(c => c.OccurredAt).Select(Decision).ToList();

        // Open obstacles: those blocking critical work first, then the oldest.
        var byNumber = input.Tasks.ToDictionary(t => t.Number);
        bool BlocksCritical(Obstacle o) => o.LinkedTasks.Any(n => critical.Contains(n) && byNumber.TryGetValue(n, out var t) && Open(t));
        var obstacles = input.Obstacles.Where(o => Obstacle.IsOpenStatus(o.Status) && DateOnly.FromDateTime(o.RaisedAt) <= asOf)
            .Select(o => new ReportObstacle(o.Id, o.Statement, o.Impact, o.ProposedSolution, o.Owner, o.Status,
                Math.Max(0, calendar.WorkingDaysBetween(DateOnly.FromDateTime(o.RaisedAt), asOf)), BlocksCritical(o)))
            .OrderBy(o => o.BlocksCritical ? 0 : 1).ThenByDescending(o => o.AgeDays).ToList();

        var money = Money(project, live, calendar, asOf);
        var reasons = Reasons(settings, money, slip, baselineSet, baselineFinish, forecastFinish, milestones, MilestoneLateness, late, obstacles, awaiting);
        var status = reasons.Count == 0 ? ProjectStatus.Green : reasons.Max(r => r.Status);
        // Without a previous report nothing joined or left: there is nothing to compare with.
        var previous = (input.PreviousCriticalPath ?? schedule.CriticalPath).ToHashSet();
        return new StatusReportModel(
            project.Name, asOf, input.Since, status, reasons, baselineSet, forecastFinish, baselineFinish, slip,
            done, upcoming, late, slipped, schedule.CriticalPath,
            [.. schedule.CriticalPath.Where(n => !previous.Contains(n))], [.. previous.Where(n => !critical.Contains(n)).Order()],
            hit, missed, next, made, awaiting, obstacles, money,
            input.Communications.Count(c => DateOnly.FromDateTime(c.OccurredAt) is var on && on >= input.Since && on <= asOf));
    }

    // PV: planned cost × the share of each task's baseline duration (planned dates without one) elapsed at the status
    // date, a 0-day task counting fully from its date. EV: planned cost × % complete. AC: actual cost. Cancelled tasks
    // are left out of all of them (the caller passes live tasks). SPI, CPI and EAC as DESIGN.md says; unrounded.
    public static ReportMoney Money(Project project, IReadOnlyList<ProjectTask> live, ProjectCalendar calendar, DateOnly asOf)
    {
        decimal pv = 0, ev = 0, ac = 0, bac = 0;
        foreach (var task in live)
        {
            var cost = task.PlannedCost ?? 0;
            bac += cost;
            ev += cost * task.PercentComplete / 100m;
            ac += task.ActualCost ?? 0;
            var (start, finish) = task.BaselineStart is { } bs && task.BaselineFinish is { } bf ? (bs, bf) : (task.Start ?? task.Finish, task.Finish ?? task.Start) switch
            {
                ({ } s, { } f) => (s, f),
                _ => (DateOnly.MaxValue, DateOnly.MaxValue),
            };
            if (start == DateOnly.MaxValue || asOf < start)
            {
                continue;
            }

            var duration = calendar.WorkingDaysBetween(start, finish.AddDays(1));
            var elapsed = calendar.WorkingDaysBetween(start, (asOf < finish ? asOf : finish).AddDays(1));
            pv += duration <= 0 || asOf >= finish ? cost : cost * elapsed / duration;
        }

        decimal? spi = pv > 0 ? ev / pv : null;
        decimal? cpi = ac > 0 ? ev / ac : null;
        var eac = cpi is { } c && c > 0 ? bac / c : bac;
        return new ReportMoney(project.Currency, project.Budget ?? bac, project.Budget is not null, bac, pv, ev, ac, spi, cpi, eac);
    }

    private static List<StatusReason> Reasons(ReportSettings settings, ReportMoney money, int slip, bool baselineSet, DateOnly? baselineFinish, DateOnly? forecastFinish,
        IReadOnlyList<ProjectTask> milestones, Func<ProjectTask, int> milestoneLateness, IReadOnlyList<ReportTask> late, IReadOnlyList<ReportObstacle> obstacles,
        IReadOnlyList<ReportDecision> awaiting)
    {
        var reasons = new List<StatusReason>();
        var against = baselineSet ? "the baseline" : "the planned finish (no baseline taken)";
        if (slip >= settings.GreenAmberSlipDays)
        {
            reasons.Add(new StatusReason("FinishSlip", slip > settings.AmberRedSlipDays ? ProjectStatus.Red : ProjectStatus.Amber,
                $"The forecast finish {Day(forecastFinish)} is {Days(slip)} after {against} ({Day(baselineFinish)})."));
        }

        foreach (var milestone in milestones)
        {
            var lateness = milestoneLateness(milestone);
            if (lateness > settings.MilestoneRedDays)
            {
                reasons.Add(new StatusReason("MilestoneLate", ProjectStatus.Red,
                    $"Milestone {ProjectTask.KeyOf(milestone.Number)} {milestone.Title} is {Days(lateness)} late."));
            }
        }

        foreach (var task in late.Where(t => t.Critical))
        {
            reasons.Add(new StatusReason("CriticalTaskLate", ProjectStatus.Amber,
                $"{task.Key} {task.Title} is on the critical path and late{(task.DaysLate > 0 ? $" by {Days(task.DaysLate)}" : "")}."));
        }

        if (money.Spi is { } spi && spi < settings.SpiAmber)
        {
            reasons.Add(new StatusReason("Spi", ProjectStatus.Amber, $"SPI is {Index(spi)} (below {Index(settings.SpiAmber)}): less work is done than planned by now."));
        }

        if (money.Cpi is { } cpi && cpi < settings.CpiAmber)
        {
            reasons.Add(new StatusReason("Cpi", cpi < settings.CpiRed ? ProjectStatus.Red : ProjectStatus.Amber,
                $"CPI is {Index(cpi)} (below {Index(cpi < settings.CpiRed ? settings.CpiRed : settings.CpiAmber)}): the work done cost more than planned."));
        }

        if (money.Eac > money.Budget * settings.EacAmber)
        {
            var red = money.Eac > money.Budget * settings.EacRed;
            reasons.Add(new StatusReason("Eac", red ? ProjectStatus.Red : ProjectStatus.Amber,
                $"The estimate at completion {Amount(money.Eac, money.Currency)} is above {(red ? $"{Index(settings.EacRed)} × " : "")}the {(money.BudgetSet ? "budget" : "planned cost (no budget set)")} of {Amount(money.Budget, money.Currency)}."));
        }

        foreach (var obstacle in obstacles.Where(o => o.BlocksCritical))
        {
            reasons.Add(new StatusReason("ObstacleBlocksCritical", obstacle.AgeDays > settings.BlockedRedDays ? ProjectStatus.Red : ProjectStatus.Amber,
                $"The obstacle \"{obstacle.Statement}\" has blocked critical work for {Days(obstacle.AgeDays)}."));
        }

        foreach (var decision in awaiting.Where(d => d.AgeDays > settings.DecisionWaitAmberDays))
        {
            reasons.Add(new StatusReason("DecisionWaiting", ProjectStatus.Amber,
                $"The decision \"{decision.Text}\" has waited for approval for {Days(decision.AgeDays)}."));
        }

        return [.. reasons.OrderByDescending(r => r.Status)];
    }

    public static string Days(int days) => days == 1 ? "1 working day" : $"{days} working days";

    public static string Day(DateOnly? day) => day?.ToString("d MMM yyyy", CultureInfo.InvariantCulture) ?? "(none)";

    public static string Index(decimal value) => Math.Round(value, 2, MidpointRounding.AwayFromZero).ToString("0.00", CultureInfo.InvariantCulture);

    public static string Amount(decimal value, string currency) =>
        $"{Math.Round(value, 2, MidpointRounding.AwayFromZero).ToString("#,##0.00", CultureInfo.InvariantCulture)} {currency}";
}
