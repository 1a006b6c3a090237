using System.Globalization;
using System.Net;
using System.Text;
using OfficeCoordinator.Client.Contracts;

namespace OfficeCoordinator.Api.Reports;

// One audience's report as email-safe HTML and as plain text, both from the model (DESIGN.md "Keeping stakeholders
// informed"): tables and inline styles only (Outlook desktop renders with Word's engine), no scripts, no images, no
// remote content; every value encoded. External renderings leave out money, the override note, obstacle impacts and
// proposed solutions and decision rationales unless a manager allowed money for that report.
public sealed class ReportRenderer(StatusReportModel model, ProjectStatus status, ReportOverride? statusOverride, bool external, bool allowMoney)
{
    private const string Font = "font-family:Segoe UI,Calibri,Arial,sans-serif;";
    private readonly StringBuilder _html = new();
    private readonly StringBuilder _text = new();

    private bool Internal => !external;
    private bool ShowMoney => Internal || allowMoney;

    public static string SubjectOf(StatusReportModel model, ProjectStatus status) =>
        $"{model.ProjectName} — status {StatusComputation.Day(model.AsOf)}: {status}";

    public (string Html, string Text) Render(Audience audience)
    {
        _html.Append("<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" style=\"").Append(Font)
            .Append("font-size:14px;line-height:1.4;\"><tr><td>");
        Headline();
        switch (audience)
        {
            case Audience.ManageClosely:
                Reasons();
                Period();
                Tasks("Done in the period", model.Done, done: true);
                Tasks("Due in the next two weeks", model.Upcoming);
                Tasks("Late", model.Late, late: true);
                Tasks("Slipped against the baseline", model.Slipped, late: true);
                CriticalPathChanges();
                Milestones();
                Decisions(made: true);
                Decisions(made: false);
                Obstacles(model.Obstacles);
                Money();
                Communications();
                break;
            case Audience.KeepSatisfied:
                Reasons();
                Milestones();
                Money();
                Decisions(made: false);
                Obstacles([.. model.Obstacles.Take(3)]);
                break;
            case Audience.KeepInformed:
                Period();
                Tasks("Done in the period", model.Done, done: true);
                Tasks("Due in the next two weeks", model.Upcoming);
                Obstacles(model.Obstacles);
                Decisions(made: true);
                Decisions(made: false);
                break;
            default:
                Summary();
                break;
        }

        _html.Append("<p style=\"color:#595959;font-size:12px;margin:16px 0 0 0;\">Computed from the project record by OfficeCoordinator.</p></td></tr></table>");
        return (_html.ToString(), _text.ToString().TrimEnd() + "\n");
    }

    // The status in words, with a coloured badge whose text keeps its meaning without colour.
    private void Headline()
    {
        var (background, label) = status switch
        {
            ProjectStatus.Red => ("#C00000", "Red"),
            ProjectStatus.Amber => ("#B35C00", "Amber"),
            _ => ("#107C10", "Green"),
        };
        _html.Append("<h1 style=\"font-size:20px;margin:0 0 8px 0;\">").Append(E(model.ProjectName)).Append("</h1>")
            .Append("<p style=\"margin:0 0 12px 0;\">Status on ").Append(E(StatusComputation.Day(model.AsOf))).Append(": ")
            .Append("<span style=\"background-color:").Append(background).Append(";color:#ffffff;padding:2px 8px;font-weight:bold;\">").Append(label).Append("</span>");
        _text.Append(model.ProjectName).Append('\n').Append("Status on ").Append(StatusComputation.Day(model.AsOf)).Append(": ").Append(label).Append('\n');
        if (statusOverride is { } changed)
        {
            _html.Append(" <span style=\"color:#595959;\">(computed: ").Append(model.ComputedStatus).Append(", set by ").Append(E(changed.By)).Append(")</span>");
            _text.Append("(computed: ").Append(model.ComputedStatus).Append(", set by ").Append(changed.By).Append(")\n");
            if (Internal && !string.IsNullOrWhiteSpace(changed.Note))
            {
                _html.Append("<br/><em>").Append(E(changed.Note)).Append("</em>");
                _text.Append(changed.Note).Append('\n');
            }
        }

        _html.Append("</p>");
        _text.Append('\n');
    }

    private void Reasons()
    {
        var reasons = model.Reasons.Select(ReasonText).ToList();
        List("Why", reasons.Count == 0 ? ["Everything is on plan."] : reasons);
    }

    // Money reasons carry figures; an external rendering says what they mean without them.
    private string ReasonText(StatusReason reason) => ShowMoney ? reason.Detail : reason.Code switch
    {
        "Spi" => "Progress is behind the plan.",
        "Cpi" => "The work done has cost more than planned.",
        "Eac" => "The forecast cost is above the budget.",
        _ => reason.Detail,
    };

    private void Period() =>
        Paragraph($"Period: {StatusComputation.Day(model.Since)} to {StatusComputation.Day(model.AsOf)}. Forecast finish {StatusComputation.Day(model.ForecastFinish)}"
            + (model.BaselineSet ? $", baseline {StatusComputation.Day(model.BaselineFinish)}." : $", planned {StatusComputation.Day(model.BaselineFinish)} (no baseline taken)."));

    private void Tasks(string title, IReadOnlyList<ReportTask> tasks, bool late = false, bool done = false)
    {
        if (tasks.Count == 0)
        {
            return;
        }

        Table(title, ["Task", "Owner", done ? "Finished" : "Finish", late ? "Working days late" : "% complete"],
            tasks.Select(t => new[]
            {
                $"{t.Key} {t.Title}{(t.Critical ? " (critical)" : "")}", t.Owner ?? "", StatusComputation.Day(t.Finish),
                late ? t.DaysLate.ToString(CultureInfo.InvariantCulture) : $"{t.PercentComplete} %",
            }));
    }

    private void CriticalPathChanges()
    {
        var lines = new List<string>();
        if (model.JoinedCriticalPath.Count > 0)
        {
            lines.Add("Joined the critical path: " + string.Join(", ", model.JoinedCriticalPath.Select(n => $"T-{n}")));
        }

        if (model.LeftCriticalPath.Count > 0)
        {
            lines.Add("Left the critical path: " + string.Join(", ", model.LeftCriticalPath.Select(n => $"T-{n}")));
        }

        if (lines.Count > 0)
        {
            List("Critical path", lines);
        }
    }

    private void Milestones()
    {
        var lines = model.MilestonesHit.Select(m => $"Hit: {m.Key} {m.Title} ({StatusComputation.Day(m.Finish)})")
            .Concat(model.MilestonesMissed.Select(m => $"Missed: {m.Key} {m.Title}, {StatusComputation.Days(m.DaysLate)} late"))
            .Concat(model.NextMilestone is { } next ? [$"Next: {next.Key} {next.Title} ({StatusComputation.Day(next.Finish)})"] : [])
            .ToList();
        if (lines.Count > 0)
        {
            List("Milestones", lines);
        }
    }

    private void Decisions(bool made)
    {
        var decisions = made ? model.DecisionsMade : model.DecisionsAwaiting;
        if (decisions.Count == 0)
        {
            return;
        }

        List(made ? "Decisions made" : "Decisions awaiting approval", decisions.Select(d =>
            (made ? $"{d.Status}: {d.Text}" : $"{d.Text} (waiting {StatusComputation.Days(d.AgeDays)}{(d.DecidedBy is { } by ? $", for {by}" : "")})")
            + (Internal && !string.IsNullOrWhiteSpace(d.Rationale) ? $" — {d.Rationale}" : "")).ToList());
    }

    private void Obstacles(IReadOnlyList<ReportObstacle> obstacles)
    {
        if (obstacles.Count == 0)
        {
            return;
        }

        Table("Open obstacles", Internal ? ["Obstacle", "Impact", "Proposed solution", "Owner", "Age"] : ["Obstacle", "Owner", "Age"],
            obstacles.Select(o => Internal
                ? new[] { o.Statement + (o.BlocksCritical ? " (blocks critical work)" : ""), o.Impact ?? "", o.ProposedSolution ?? "", o.Owner ?? "", StatusComputation.Days(o.AgeDays) }
                : [o.Statement + (o.BlocksCritical ? " (blocks critical work)" : ""), o.Owner ?? "", StatusComputation.Days(o.AgeDays)]));
    }

    private void Money()
    {
        if (!ShowMoney)
        {
            return;
        }

        var m = model.Money;
        Table("Money", ["Figure", "Value"],
        [
            [m.BudgetSet ? "Budget" : "Budget (none set: planned cost)", StatusComputation.Amount(m.Budget, m.Currency)],
            ["Planned value (PV)", StatusComputation.Amount(m.Pv, m.Currency)],
            ["Earned value (EV)", StatusComputation.Amount(m.Ev, m.Currency)],
            ["Actual cost (AC)", StatusComputation.Amount(m.Ac, m.Currency)],
            ["SPI", m.Spi is { } spi ? StatusComputation.Index(spi) : "not yet measurable"],
            ["CPI", m.Cpi is { } cpi ? StatusComputation.Index(cpi) : "not yet measurable"],
            ["Estimate at completion (EAC)", StatusComputation.Amount(m.Eac, m.Currency)],
        ]);
    }

    private void Communications() => Paragraph($"Communications logged in the period: {model.CommunicationsLogged}.");

    // Two sentences from the model: the status and its main reason, then the next milestone.
    private void Summary()
    {
        var first = model.Reasons.Count > 0 && model.Reasons[0] is var reason ? $"{status}: {ReasonText(reason)}" : $"{status}: the project is on plan.";
        var second = model.NextMilestone is { } next ? $"Next milestone: {next.Title}, {StatusComputation.Day(next.Finish)}." : "No milestone is ahead.";
        Paragraph($"{first} {second}");
    }

    private void Paragraph(string text)
    {
        _html.Append("<p style=\"margin:0 0 12px 0;\">").Append(E(text)).Append("</p>");
        _text.Append(text).Append("\n\n");
    }

    private void List(string title, IReadOnlyList<string> lines)
    {
        Heading(title);
        _html.Append("<ul style=\"margin:0 0 12px 0;padding-left:20px;\">");
        foreach (var line in lines)
        {
            _html.Append("<li>").Append(E(line)).Append("</li>");
            _text.Append("- ").Append(line).Append('\n');
        }

        _html.Append("</ul>");
        _text.Append('\n');
    }

    private void Table(string title, IReadOnlyList<string> headers, IEnumerable<string[]> rows)
    {
        Heading(title);
        _html.Append("<table cellpadding=\"4\" cellspacing=\"0\" border=\"1\" style=\"border-collapse:collapse;border-color:#8a8a8a;margin:0 0 12px 0;")
            .Append(Font).Append("font-size:13px;\"><tr>");
        foreach (var header in headers)
        {
            _html.Append("<th align=\"left\" style=\"font-weight:bold;\">").Append(E(header)).Append("</th>");
        }

        _html.Append("</tr>");
        foreach (var row in rows)
        {
            _html.Append("<tr>");
            foreach (var cell in row)
            {
                _html.Append("<td valign=\"top\">").Append(E(cell)).Append("</td>");
            }

            _html.Append("</tr>");
            _text.Append("- ").Append(string.Join(" | ", row.Where(c => c.Length > 0))).Append('\n');
        }

        _html.Append("</table>");
        _text.Append('\n');
    }

    private void Heading(string title)
    {
        _html.Append("<h2 style=\"font-size:16px;margin:16px 0 6px 0;\">").Append(E(title)).Append("</h2>");
        _text.Append(title).Append('\n');
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
