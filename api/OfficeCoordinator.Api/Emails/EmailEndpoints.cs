using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using OfficeCoordinator.Api.Auth;
using OfficeCoordinator.Api.Data;
using OfficeCoordinator.Api.Http;
using OfficeCoordinator.Api.Http.OpenApi;
using OfficeCoordinator.Api.Projects;
using OfficeCoordinator.Api.Tasks;
using OfficeCoordinator.Client.Contracts;

namespace OfficeCoordinator.Api.Emails;

public static class EmailEndpoints
{
    private const int MaxLinks = 200;

    public static RouteGroupBuilder MapEmails(this IEndpointRouteBuilder app)
    {
        var emails = app.MapGroup("/api/emails").WithTags("Emails").RequireAuthorization();
        emails.MapPost("/preview", Preview).Describe("Emails_Preview", "Preview the task an email would become").ProducesProblems(404);
        emails.MapGet("/links", Links).Describe("Emails_Links", "Find the tasks and records an email is already linked to");
        return emails;
    }

    // What from-email would make; writes nothing.
    private static async Task<Results<Ok<EmailPreview>, ValidationProblem, ProblemHttpResult>> Preview(
        EmailPreviewRequest request, ProjectAccess access, CoordinatorDb db, CurrentUser user, TimeProvider time, MessageReader reader,
        CancellationToken cancellationToken)
    {
        var read = await reader.ReadAsync(request.Email, "email", cancellationToken);
        if (!read.IsValid)
        {
            return read.Errors.ToProblem();
        }

        var email = read.Email!;
        var people = EmailMessages.People(email).ToList();
        if (string.IsNullOrWhiteSpace(request.ProjectId))
        {
            var description = EmailBodies.ToDescription(email.BodyText, email.BodyHtml);
            var sender = string.IsNullOrWhiteSpace(email.From.Name) ? email.From.Email : email.From.Name;
            return TypedResults.Ok(new EmailPreview(
                EmailSubjects.TitleFor(email.Subject, description, sender), description,
                TasksFromEmail.SuggestFinish(email, description, ProjectCalendar.Default),
                [.. people.Select(p => new Participant(p.Name!, p.Email, null))], read.Attachments));
        }

        if (!await access.LoadAsync(request.ProjectId, cancellationToken))
        {
            return Problems.NotFound("There is no such project, or you are not a member of it.");
        }

        var draft = TasksFromEmail.Draft(email, new EmailTaskOptions(), access.Project, access.Membership.Email, user, time);
        var addresses = people.Select(p => p.Email).ToList();
        var known = await db.Stakeholders
            .Where(s => s.ProjectId == access.Project.Id && s.Email != null && addresses.Contains(s.Email))
            .ToDictionaryAsync(s => s.Email!, s => s.Id, cancellationToken);
        // Members are the team: the pane never offers them as new stakeholders.
        var team = await db.Members
            .Where(m => m.ProjectId == access.Project.Id && addresses.Contains(m.Email))
            .ToDictionaryAsync(m => m.Email, m => m.Role, cancellationToken);
        return TypedResults.Ok(new EmailPreview(draft.Title, draft.Description ?? "", draft.Finish,
            [.. people.Select(p => new Participant(p.Name!, p.Email, known.GetValueOrDefault(p.Email), team.TryGetValue(p.Email, out var role) ? role : null))],
            read.Attachments));
    }

    // Everything made from this email or its thread, in every project the caller belongs to.
    private static async Task<Results<Ok<EmailLinks>, ValidationProblem>> Links(
        string? internetMessageId, string? conversationId, CoordinatorDb db, CurrentUser user, CancellationToken cancellationToken)
    {
        var messageId = string.IsNullOrWhiteSpace(internetMessageId) ? null : internetMessageId.Trim();
        var thread = string.IsNullOrWhiteSpace(conversationId) ? null : conversationId.Trim();
        var errors = new Validation();
        if (messageId is null && thread is null)
        {
            errors.Add("internetMessageId", "Give internetMessageId, conversationId or both.");
        }

        errors.Text("internetMessageId", messageId, "internetMessageId", EmailMessages.IdLength)
            .Text("conversationId", thread, "conversationId", EmailMessages.IdLength);
        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        await ProjectAccess.BindInvitationsAsync(db, user, cancellationToken);
        var myProjects = db.Members.Where(m => m.UserObjectId == user.ObjectId).Select(m => m.ProjectId);
        var emails = db.Emails.Where(e => myProjects.Contains(e.ProjectId)
            && ((messageId != null && e.InternetMessageId == messageId) || (thread != null && e.ConversationId == thread)));
        var projects = db.Projects.Where(p => myProjects.Contains(p.Id));
        // A task's emails: the one it was made from and the ones added to it since.
        var taskEmails = (
            from task in db.Tasks
            join email in emails on task.SourceEmailId equals email.Id
            select new { task.ProjectId, task.Number, task.Title, task.Status, email.InternetMessageId })
            .Concat(
                from link in db.TaskEmails
                join email in emails on link.EmailId equals email.Id
                join task in db.Tasks on link.TaskId equals task.Id
                select new { task.ProjectId, task.Number, task.Title, task.Status, email.InternetMessageId });
        var tasks = await (
            from task in taskEmails
            join project in projects on task.ProjectId equals project.Id
            select new { task.ProjectId, ProjectName = project.Name, task.Number, task.Title, task.Status, task.InternetMessageId })
            .Take(MaxLinks).ToListAsync(cancellationToken);
        var log = await (
            from communication in db.Communications
            join email in emails on communication.SourceEmailId equals email.Id
            join project in projects on communication.ProjectId equals project.Id
            select new { ProjectId = project.Id, ProjectName = project.Name, communication, email.InternetMessageId })
            .Take(MaxLinks).ToListAsync(cancellationToken);
        var obstacles = await (
            from obstacle in db.Obstacles
            join email in emails on obstacle.SourceEmailId equals email.Id
            join project in projects on obstacle.ProjectId equals project.Id
            select new { ProjectId = project.Id, ProjectName = project.Name, obstacle.Id, obstacle.Statement, obstacle.Status, email.InternetMessageId })
            .Take(MaxLinks).ToListAsync(cancellationToken);

        string MatchedBy(string internetMessageId) => internetMessageId == messageId ? "message" : "conversation";
        // A task met through several emails of the thread is listed once, by this very email when it is one of them.
        var links = tasks.GroupBy(t => (t.ProjectId, t.Number)).Select(g => g.FirstOrDefault(t => MatchedBy(t.InternetMessageId) == "message") ?? g.First())
            .Select(t => new EmailLink(t.ProjectId, t.ProjectName, "task", t.Number.ToString(System.Globalization.CultureInfo.InvariantCulture),
                t.Number, t.Title, t.Status.ToString(), MatchedBy(t.InternetMessageId)))
            .Concat(log.Select(l => new EmailLink(l.ProjectId, l.ProjectName, l.communication.IsDecision ? "decision" : "communication", l.communication.Id,
                null, l.communication.IsDecision ? l.communication.DecisionText ?? l.communication.Summary : l.communication.Summary,
                l.communication.IsDecision ? l.communication.DecisionStatus.ToString()! : l.communication.Kind.ToString(), MatchedBy(l.InternetMessageId))))
            .Concat(obstacles.Select(o => new EmailLink(o.ProjectId, o.ProjectName, "obstacle", o.Id, null, o.Statement, o.Status.ToString(), MatchedBy(o.InternetMessageId))))
            .OrderBy(l => l.ProjectName, StringComparer.Ordinal).ThenBy(l => TypeOrder(l.Type)).ThenBy(l => l.Number).ThenBy(l => l.Title, StringComparer.Ordinal)
            .Take(MaxLinks);
        return TypedResults.Ok(new EmailLinks([.. links]));
    }

    private static int TypeOrder(string type) => type switch
    {
        "task" => 0,
        "decision" => 1,
        "communication" => 2,
        _ => 3,
    };
}
