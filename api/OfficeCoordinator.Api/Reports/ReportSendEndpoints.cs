using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using OfficeCoordinator.Api.Auth;
using OfficeCoordinator.Api.Data;
using OfficeCoordinator.Api.Http;
using OfficeCoordinator.Api.Idempotency;
using OfficeCoordinator.Api.Mail;
using OfficeCoordinator.Api.Projects;
using OfficeCoordinator.Client.Contracts;
using Communication = OfficeCoordinator.Api.Communications.Communication;

namespace OfficeCoordinator.Api.Reports;

// POST .../status-reports/{n}/send { audience }: each rendering of that audience (internal, and external when it has
// external recipients) goes out once, from the caller's mailbox, inside the request. The outbox row comes first; a
// rendering left Created or Failed by a crash or a Graph failure is resumed by sending its draft, never made again;
// a Sent one is final (409 when every rendering of the audience is). Each sent rendering is recorded as an Outbound
// Update communication with its recipients, linked to the report, in the same transaction that marks it Sent.
public static class ReportSendEndpoints
{
    public const string AlreadySent = "https://officecoordinator.example/problems/already-sent";
    public const string NotConnected = "https://officecoordinator.example/problems/microsoft-365-not-connected";

    public static RouteGroupBuilder MapReportSends(this IEndpointRouteBuilder app)
    {
        var project = app.MapProjectGroup("", "Status reports");
        project.MapPost("/status-reports/{number:int}/send", SendAsync).RequireProjectRole(ProjectRole.Coordinator, "send status reports").Idempotent();
        return project;
    }

    private static async Task<Results<Ok<ReportSendResult>, ValidationProblem, ProblemHttpResult>> SendAsync(
        int number, ReportSendInput input, ProjectAccess access, CoordinatorDb db, CurrentUser user, SignInModeAccessor signIn, GraphAccess graph, TimeProvider time,
        CancellationToken cancellationToken)
    {
        var errors = new Validation();
        if (input.Audience is not { } audience || !Enum.IsDefined(audience))
        {
            return errors.Add("audience", $"audience is required: one of {string.Join(", ", Enum.GetNames<Audience>())}.").ToProblem();
        }

        if (signIn.Mode != SignInMode.Entra)
        {
            return Problems.Problem(StatusCodes.Status409Conflict, "Conflict",
                "Microsoft 365 is not connected, so the server cannot send: insert the report from Outlook instead.", type: NotConnected);
        }

        var project = access.Project;
        var report = await db.StatusReports.AsNoTracking().FirstOrDefaultAsync(r => r.ProjectId == project.Id && r.Number == number, cancellationToken);
        if (report is null)
        {
            return Problems.NotFound($"There is no status report {PublishedReport.KeyOf(number)} in this project.");
        }

        var renderings = report.ReadRenderings().Where(r => r.Audience == audience && r.Recipients.Count > 0).ToList();
        var rows = await db.ReportMessages.Where(m => m.ProjectId == project.Id && m.ReportNumber == number && m.Audience == audience).ToListAsync(cancellationToken);
        if (renderings.Count > 0 && renderings.All(r => rows.Any(m => m.External == r.External && m.State == MessageState.Sent)))
        {
            var sent = rows.Where(m => m.State == MessageState.Sent).OrderBy(m => m.SentAt).First();
            return Problems.Problem(StatusCodes.Status409Conflict, "Conflict",
                $"{PublishedReport.KeyOf(number)} was already sent to {audience} on {sent.SentAt:yyyy-MM-dd HH:mm} UTC by {sent.SentByEmail}.",
                new Dictionary<string, object?> { ["sentAt"] = Utc(sent.SentAt), ["sentBy"] = sent.SentByEmail }, AlreadySent);
        }

        var outbox = graph.Outbox();
        var messages = new List<ReportMessageState>();
        foreach (var rendering in renderings)
        {
            var row = rows.FirstOrDefault(m => m.External == rendering.External);
            if (row is { State: MessageState.Sent })
            {
                messages.Add(new ReportMessageState(audience, rendering.External, rendering.Recipients, MessageState.Sent, Utc(row.SentAt)));
                continue;
            }

            if (row is null)
            {
                // Claimed before anything goes out: the unique index keeps a second request or instance from claiming it too.
                row = new ReportMessage
                {
                    TenantId = project.TenantId, ProjectId = project.Id, ReportNumber = number, Audience = audience, External = rendering.External,
                    CreatedAt = time.GetUtcNow().UtcDateTime, SentByEmail = access.Membership.Email, SentByName = user.Name,
                };
                db.ReportMessages.Add(row);
                await db.SaveChangesAsync(cancellationToken);
            }

            try
            {
                if (row.GraphMessageId is null)
                {
                    row.GraphMessageId = await outbox.CreateDraftAsync(rendering.Subject, rendering.Html, rendering.Recipients, cancellationToken);
                    await db.SaveChangesAsync(CancellationToken.None); // the draft's id is kept whatever happens next
                }

                await outbox.SendAsync(row.GraphMessageId, cancellationToken);
            }
            catch (Exception) when (!cancellationToken.IsCancellationRequested)
            {
                row.State = MessageState.Failed;
                await db.SaveChangesAsync(CancellationToken.None);
                throw; // the Graph failure becomes its problem details; the next send resumes this draft
            }

            var now = time.GetUtcNow().UtcDateTime;
            var record = new Communication
            {
                TenantId = project.TenantId, ProjectId = project.Id, OccurredAt = now, Channel = Channel.Email, Direction = Direction.Outbound,
                Kind = CommunicationKind.Update, Summary = rendering.Subject, Participants = [.. rendering.Recipients.Select(r => r.Email)],
                Delivery = Delivery.Sent, ReportNumber = number, LoggedByEmail = access.Membership.Email, LoggedByName = user.Name, CreatedAt = now,
            };
            await using (var transaction = await db.BeginProjectWriteAsync(project.Id, CancellationToken.None))
            {
                row.State = MessageState.Sent;
                row.SentAt = now;
                row.SentByEmail = access.Membership.Email;
                row.SentByName = user.Name;
                row.CommunicationId = record.Id;
                db.Communications.Add(record);
                await db.SaveChangesAsync(CancellationToken.None);
                await transaction.CommitAsync(CancellationToken.None);
            }

            messages.Add(new ReportMessageState(audience, rendering.External, rendering.Recipients, MessageState.Sent, Utc(now)));
        }

        return TypedResults.Ok(new ReportSendResult(messages));
    }

    private static DateTimeOffset? Utc(DateTime? at) => at is { } value ? new DateTimeOffset(value, TimeSpan.Zero) : null;
}
