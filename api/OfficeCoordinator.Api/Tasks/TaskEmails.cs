using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using OfficeCoordinator.Api.Data;
using OfficeCoordinator.Api.Emails;
using OfficeCoordinator.Api.Http;
using OfficeCoordinator.Api.Projects;
using OfficeCoordinator.Client.Contracts;

namespace OfficeCoordinator.Api.Tasks;

// "Add this email to T-5": a later message of the thread becomes a reference of an existing task instead of a new
// task. Once per (task, email): the same email again, or the task's own source email, returns the task with 200.
public static class TaskEmails
{
    public static async Task<Results<Created<TaskItem>, Ok<TaskItem>, ValidationProblem, ProblemHttpResult>> AddAsync(
        int number, AddTaskEmailRequest request, ProjectAccess access, CoordinatorDb db, TimeProvider time, MessageReader reader, HttpResponse response,
        CancellationToken cancellationToken)
    {
        var project = access.Project;
        if (!await db.Tasks.AnyAsync(t => t.ProjectId == project.Id && t.Number == number, cancellationToken))
        {
            return TaskEndpoints.NotFound(number);
        }

        // In Entra mode the message is read from the caller's mailbox, before any lock is taken.
        var read = await reader.ReadAsync(request.Email, "email", cancellationToken);
        if (!read.IsValid)
        {
            return read.Errors.ToProblem();
        }

        var email = read.Email!;
        var messageId = email.InternetMessageId.Trim();
        try
        {
            // The project lock orders concurrent requests; the unique index on (task, email) is the guarantee.
            await using var transaction = await db.BeginProjectWriteAsync(project.Id, cancellationToken);
            var task = await TaskEndpoints.FindAsync(db, project.Id, number, cancellationToken);
            if (task is null)
            {
                return TaskEndpoints.NotFound(number); // deleted meanwhile
            }

            if (await RefersToAsync(db, task, messageId, cancellationToken))
            {
                return await ExistingAsync(db, task, response, cancellationToken); // the transaction rolls back: the plan version stays
            }

            var reference = await EmailReference.FindOrAddAsync(db, project.TenantId, project.Id, email, cancellationToken);
            db.TaskEmails.Add(new TaskEmailLink
            {
                TenantId = project.TenantId, ProjectId = project.Id, TaskId = task.Id, EmailId = reference.Id, Email = reference,
                AddedBy = access.Membership.Email, AddedAt = time.GetUtcNow().UtcDateTime,
            });
            db.AppendChange(task, "emails", null, reference.Subject ?? reference.InternetMessageId);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            response.SetETag(task.Version);
            return TypedResults.Created($"/api/projects/{project.Id}/tasks/{task.Number}", await WithEmailsAsync(db, task, cancellationToken));
        }
        catch (DbUpdateException exception) when (DatabaseErrors.IsUniqueViolation(exception))
        {
            // The same email added by a concurrent request: that one's link stands.
            db.ChangeTracker.Clear();
            if (await TaskEndpoints.FindAsync(db, project.Id, number, cancellationToken) is not { } task || !await RefersToAsync(db, task, messageId, cancellationToken))
            {
                throw;
            }

            return await ExistingAsync(db, task, response, cancellationToken);
        }
    }

    // The emails added to a task, newest first, as GET of a task shows them.
    public static Task<List<TaskEmail>> ListAsync(CoordinatorDb db, string taskId, CancellationToken cancellationToken) =>
        db.TaskEmails.AsNoTracking().Where(l => l.TaskId == taskId).Select(l => l.Email!)
            .OrderByDescending(e => e.ReceivedAt).ThenByDescending(e => e.Id)
            .Select(e => new TaskEmail(e.InternetMessageId, e.Subject, new EmailAddress(e.FromName, e.FromEmail), new DateTimeOffset(e.ReceivedAt, TimeSpan.Zero), e.WebLink))
            .ToListAsync(cancellationToken);

    private static async Task<bool> RefersToAsync(CoordinatorDb db, ProjectTask task, string messageId, CancellationToken cancellationToken) =>
        task.SourceEmail?.InternetMessageId == messageId
        || await db.TaskEmails.AnyAsync(l => l.TaskId == task.Id && l.Email!.InternetMessageId == messageId, cancellationToken);

    private static async Task<Ok<TaskItem>> ExistingAsync(CoordinatorDb db, ProjectTask task, HttpResponse response, CancellationToken cancellationToken)
    {
        response.SetETag(task.Version);
        return TypedResults.Ok(await WithEmailsAsync(db, task, cancellationToken));
    }

    private static async Task<TaskItem> WithEmailsAsync(CoordinatorDb db, ProjectTask task, CancellationToken cancellationToken) =>
        task.AsDto() with { Emails = await ListAsync(db, task.Id, cancellationToken) };
}
