using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using OfficeCoordinator.Api.Auth;
using OfficeCoordinator.Api.Data;
using OfficeCoordinator.Api.Emails;
using OfficeCoordinator.Api.Http;
using OfficeCoordinator.Api.Projects;
using OfficeCoordinator.Api.Stakeholders;
using OfficeCoordinator.Client.Contracts;
using Project = OfficeCoordinator.Api.Projects.Project;

namespace OfficeCoordinator.Api.Tasks;

// An email becomes a tracked task once per project: the same message again returns the same task (200).
public static class TasksFromEmail
{
    public static async Task<Results<Created<TaskItem>, Ok<TaskItem>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        EmailTaskRequest request, ProjectAccess access, CoordinatorDb db, CurrentUser user, TimeProvider time, MessageReader reader, HttpResponse response,
        CancellationToken cancellationToken)
    {
        // In Entra mode the message is read from the caller's mailbox, before any lock is taken.
        var read = await reader.ReadAsync(request.Email, "email", cancellationToken);
        var errors = read.Errors;
        if (!read.IsValid)
        {
            return errors.ToProblem();
        }

        var project = access.Project;
        var email = read.Email!;
        var options = request.Task ?? new EmailTaskOptions();
        var draft = Draft(email, options, project, access.Membership.Email, user, time);
        if (!(await TaskRules.ValidateAsync(draft, db, errors, cancellationToken, caller: access.Membership)).IsValid)
        {
            // What the caller gave under `task` is named there (task.owner); the rest came from the message.
            return errors.Renamed(path => FromOptions(options, path.Split('[', '.')[0]) ? "task." + path : path).ToProblem();
        }

        // Reads and matching happen before the transaction, which then only locks the project (its plan version and
        // the task's number in one statement) and writes the rows. The unique index on the task's email is what makes
        // parallel copies of one request make one task: the loser finds the winner's task when it tries again.
        return await db.RetryOnUniqueViolationAsync<Results<Created<TaskItem>, Ok<TaskItem>, ValidationProblem, ProblemHttpResult>>(async () =>
        {
            var reference = await EmailReference.FindOrAddAsync(db, project.TenantId, project.Id, email, cancellationToken);
            if (db.Entry(reference).State != EntityState.Added
                && await db.Tasks.FirstOrDefaultAsync(t => t.SourceEmailId == reference.Id, cancellationToken) is { } existing)
            {
                return Existing(existing, response); // nothing written, the plan version stays
            }

            draft.SourceEmail = reference;
            await TaskEndpoints.SaveNewAsync(db, project, draft, [email.From], cancellationToken);
            response.SetETag(draft.Version);
            return TypedResults.Created($"/api/projects/{project.Id}/tasks/{draft.Number}", draft.AsDto());
        });
    }

    private static bool FromOptions(EmailTaskOptions options, string field) => field switch
    {
        "title" => !string.IsNullOrWhiteSpace(options.Title),
        "owner" => options.Owner is not null,
        "start" => options.Start is not null,
        "finish" => options.Finish is not null,
        "priority" => options.Priority is not null,
        "phase" => options.Phase is not null,
        "requester" => options.Requester is not null,
        "description" => options.Description is not null,
        _ => false,
    };

    // What the email makes, before anything is saved: shared with the preview.
    public static ProjectTask Draft(EmailMessage email, EmailTaskOptions options, Project project, string callerEmail, CurrentUser user, TimeProvider time)
    {
        var body = EmailBodies.ToDescription(email.BodyText, email.BodyHtml);
        var description = options.Description is { } given ? given.Trim() : body;
        var sender = email.From.Email.Trim().ToLowerInvariant();
        var task = new ProjectTask
        {
            TenantId = project.TenantId,
            ProjectId = project.Id,
            Title = string.IsNullOrWhiteSpace(options.Title)
                ? EmailSubjects.TitleFor(email.Subject, body, string.IsNullOrWhiteSpace(email.From.Name) ? sender : email.From.Name)
                : options.Title.Trim(),
            Description = description.Length == 0 ? null : description,
            Owner = TaskEndpoints.NormalizeEmail(options.Owner) ?? callerEmail,
            Requester = TaskEndpoints.NormalizeEmail(options.Requester) ?? sender,
            Priority = options.Priority ?? TaskPriority.Medium,
            Phase = options.Phase ?? ProjectPhase.Executing,
            Start = options.Start,
            Finish = options.Finish ?? SuggestFinish(email, body, ProjectCalendar.Of(project)),
            CreatedAt = time.GetUtcNow().UtcDateTime,
            CreatedBy = user.ObjectId,
        };
        return task;
    }

    public static DateOnly? SuggestFinish(EmailMessage email, string description, ProjectCalendar calendar) =>
        DueDates.Suggest(email.Subject, description, email.ReceivedAt, calendar.IsWorkingDay);

    private static Ok<TaskItem> Existing(ProjectTask task, HttpResponse response)
    {
        response.SetETag(task.Version);
        return TypedResults.Ok(task.AsDto());
    }
}
