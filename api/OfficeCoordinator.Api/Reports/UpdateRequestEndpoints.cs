using System.Net;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using OfficeCoordinator.Api.Auth;
using OfficeCoordinator.Api.Data;
using OfficeCoordinator.Api.Http;
using OfficeCoordinator.Api.Http.OpenApi;
using OfficeCoordinator.Api.Idempotency;
using OfficeCoordinator.Api.Mail;
using OfficeCoordinator.Api.Projects;
using OfficeCoordinator.Api.Stakeholders;
using OfficeCoordinator.Api.Tasks;
using OfficeCoordinator.Client.Contracts;
using Communication = OfficeCoordinator.Api.Communications.Communication;

namespace OfficeCoordinator.Api.Reports;

// Asking owners for an update (DESIGN.md "Keeping stakeholders informed"): one message per owner of open work due in
// a window, listing their tasks with status, % complete and finish, each recorded as an Outbound Request
// communication linked to those tasks. Drafted for the pane to compose, or with send: true sent from the caller's
// mailbox through Microsoft 365 (Entra mode; without it a send is refused as not connected).
public static class UpdateRequestEndpoints
{
    public const int MaxWindowDays = 366;

    public static RouteGroupBuilder MapUpdateRequests(this IEndpointRouteBuilder app)
    {
        var project = app.MapProjectGroup("", "Status reports");
        project.MapPost("/update-requests", RequestAsync).Describe("UpdateRequests_Create", "Ask task owners for an update").RequireProjectRole(ProjectRole.Coordinator, "ask for updates").Idempotent();
        return project;
    }

    private static async Task<Results<Ok<UpdateRequests>, ValidationProblem, ProblemHttpResult>> RequestAsync(
        UpdateRequestInput input, ProjectAccess access, CoordinatorDb db, CurrentUser user, TimeProvider time, SignInModeAccessor signIn, GraphAccess graph,
        CancellationToken cancellationToken)
    {
        var errors = new Validation();
        if (input.From is null)
        {
            errors.Add("from", "from is required: the first day of the window (yyyy-MM-dd).");
        }

        if (input.To is null)
        {
            errors.Add("to", "to is required: the last day of the window (yyyy-MM-dd).");
        }

        if (input.From is { } first && input.To is { } last && (last < first || last.DayNumber - first.DayNumber > MaxWindowDays))
        {
            errors.Add("to", $"to must be on or after from, and the window at most {MaxWindowDays} days.");
        }

        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        if (input.Send && signIn.Mode != SignInMode.Entra)
        {
            return Problems.Problem(StatusCodes.Status409Conflict, "Conflict",
                "Microsoft 365 is not connected, so the server cannot send: compose the drafted requests from Outlook instead.", type: ReportSendEndpoints.NotConnected);
        }

        var project = access.Project;
        var from = input.From!.Value;
        var to = input.To!.Value;
        var due = await db.Tasks.AsNoTracking()
            .Where(t => t.ProjectId == project.Id && t.Owner != null && t.Finish >= from && t.Finish <= to
                && t.Status != WorkStatus.Done && t.Status != WorkStatus.Cancelled)
            .OrderBy(t => t.Owner).ThenBy(t => t.Finish).ThenBy(t => t.Number).ToListAsync(cancellationToken);
        var names = await StakeholderRegister.NamesAsync(db, project.Id, due.Select(t => t.Owner!).Distinct().ToList(), cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        var requests = new List<(UpdateRequest Request, Communication Record)>();
        foreach (var owner in due.GroupBy(t => t.Owner!))
        {
            var tasks = owner.ToList();
            var name = names.GetValueOrDefault(owner.Key, owner.Key);
            var subject = $"Update request: {project.Name} — {tasks.Count} task{(tasks.Count == 1 ? "" : "s")} due {StatusComputation.Day(from)} to {StatusComputation.Day(to)}";
            var (html, text) = Render(name, tasks, from, to, user.Name);
            var record = new Communication
            {
                TenantId = project.TenantId, ProjectId = project.Id, OccurredAt = now, Channel = Channel.Email, Direction = Direction.Outbound,
                Kind = CommunicationKind.Request, Summary = subject, Participants = [owner.Key], LinkedTasks = [.. tasks.Select(t => t.Number)],
                LoggedByEmail = access.Membership.Email, LoggedByName = user.Name, CreatedAt = now,
            };
            requests.Add((new UpdateRequest(owner.Key, [.. tasks.Select(t => t.Number)], subject, html, text, record.Id, "Drafted"), record));
        }

        if (input.Send)
        {
            // From the caller's mailbox, one message per owner; each sent one is recorded as sent (a failure stops
            // there: the ones sent before it are recorded, the rest are not).
            var outbox = graph.Outbox();
            var sent = new List<(UpdateRequest Request, Communication Record)>();
            try
            {
                foreach (var (request, record) in requests)
                {
                    var draft = await outbox.CreateDraftAsync(request.Subject, request.Html, [new ReportRecipient(names.GetValueOrDefault(request.Owner, request.Owner), request.Owner)], cancellationToken);
                    await outbox.SendAsync(draft, cancellationToken);
                    record.Delivery = Delivery.Sent;
                    sent.Add((request with { State = "Sent" }, record));
                }
            }
            finally
            {
                if (sent.Count > 0)
                {
                    await using var sending = await db.BeginProjectWriteAsync(project.Id, CancellationToken.None);
                    db.Communications.AddRange(sent.Select(r => r.Record));
                    await db.SaveChangesAsync(CancellationToken.None);
                    await sending.CommitAsync(CancellationToken.None);
                }
            }

            return TypedResults.Ok(new UpdateRequests([.. sent.Select(r => r.Request)]));
        }

        if (requests.Count > 0)
        {
            await using var transaction = await db.BeginProjectWriteAsync(project.Id, cancellationToken);
            db.Communications.AddRange(requests.Select(r => r.Record));
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        return TypedResults.Ok(new UpdateRequests([.. requests.Select(r => r.Request)]));
    }

    private static (string Html, string Text) Render(string name, IReadOnlyList<ProjectTask> tasks, DateOnly from, DateOnly to, string sender)
    {
        static string E(string value) => WebUtility.HtmlEncode(value);
        var intro = $"Hello {name}, could you tell me where these stand? They are due between {StatusComputation.Day(from)} and {StatusComputation.Day(to)}.";
        var html = new StringBuilder("<table role=\"presentation\" cellpadding=\"0\" cellspacing=\"0\" style=\"font-family:Segoe UI,Calibri,Arial,sans-serif;font-size:14px;\"><tr><td>")
            .Append("<p>").Append(E(intro)).Append("</p>")
            .Append("<table cellpadding=\"4\" cellspacing=\"0\" border=\"1\" style=\"border-collapse:collapse;border-color:#8a8a8a;font-size:13px;\">")
            .Append("<tr><th align=\"left\">Task</th><th align=\"left\">Status</th><th align=\"left\">% complete</th><th align=\"left\">Finish</th></tr>");
        var text = new StringBuilder(intro).Append("\n\n");
        foreach (var task in tasks)
        {
            var status = Http.EnumLabels.Of(task.Status);
            html.Append("<tr><td>").Append(E($"{ProjectTask.KeyOf(task.Number)} {task.Title}")).Append("</td><td>").Append(E(status)).Append("</td><td>")
                .Append(task.PercentComplete).Append(" %</td><td>").Append(E(StatusComputation.Day(task.Finish))).Append("</td></tr>");
            text.Append("- ").Append(ProjectTask.KeyOf(task.Number)).Append(' ').Append(task.Title).Append(" | ").Append(status).Append(" | ")
                .Append(task.PercentComplete).Append(" % | ").Append(StatusComputation.Day(task.Finish)).Append('\n');
        }

        html.Append("</table><p>").Append(E($"Thank you, {sender}")).Append("</p></td></tr></table>");
        text.Append("\nThank you, ").Append(sender).Append('\n');
        return (html.ToString(), text.ToString());
    }
}
