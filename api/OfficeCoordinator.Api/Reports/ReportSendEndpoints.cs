using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using OfficeCoordinator.Api.Auth;
using OfficeCoordinator.Api.Data;
using OfficeCoordinator.Api.Http;
using OfficeCoordinator.Api.Http.OpenApi;
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
        project.MapPost("/status-reports/{number:int}/send", SendAsync).Describe("StatusReports_Send", "Send a published status report by mail").RequireProjectRole(ProjectRole.Coordinator, "send status reports").Idempotent();
        project.MapPost("/status-reports/{number:int}/inserted", InsertedAsync).Describe("StatusReports_RecordInserted", "Record a status report sent from Outlook").ProducesProblems(409).WithoutETag().RequireProjectRole(ProjectRole.Coordinator, "record a report sent from Outlook");
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
                $"{PublishedReport.KeyOf(number)} already went out to {audience} on {sent.SentAt:yyyy-MM-dd HH:mm} UTC, by {sent.SentByEmail} (sent, or inserted from Outlook).",
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

            if (row is { GraphMessageId: not null } && row.SentByEmail != access.Membership.Email)
            {
                return Problems.Conflict($"This rendering's draft is in {row.SentByEmail}'s mailbox: only they can finish sending it.");
            }

            if (row is null)
            {
                row = new ReportMessage
                {
                    TenantId = project.TenantId, ProjectId = project.Id, ReportNumber = number, Audience = audience, External = rendering.External,
                    CreatedAt = time.GetUtcNow().UtcDateTime, SentByEmail = access.Membership.Email, SentByName = user.Name,
                };
                db.ReportMessages.Add(row);
            }

            // This person sends it now, from their own mailbox (a scheduled send left unfinished becomes theirs).
            row.SentByEmail = access.Membership.Email;
            row.SentByName = user.Name;
            row.Mailbox = null;
            if (!await ReportDelivery.TryClaimAsync(db, row, time, cancellationToken))
            {
                return Problems.Conflict("This rendering is being sent by another request right now; look again in a minute.");
            }

            // A Graph failure becomes its problem details; the next send resumes this draft.
            var sentAt = await ReportDelivery.SendClaimedAsync(db, row, rendering, outbox, time, cancellationToken);
            messages.Add(new ReportMessageState(audience, rendering.External, rendering.Recipients, MessageState.Sent, Utc(sentAt)));
        }

        return TypedResults.Ok(new ReportSendResult(messages));
    }

    // The pane inserted a rendering into a draft (Outlook compose mode): recorded once per (report, audience, rendering)
    // as an Outbound Update communication, with delivery Sent when Outlook's on-send event records it as the draft goes
    // out, else Inserted (recorded at insertion). Its outbox row counts as gone out, so the server never sends that
    // rendering as well. Again: the same record, 200.
    private static async Task<Results<Created<Client.Contracts.Communication>, Ok<Client.Contracts.Communication>, ValidationProblem, ProblemHttpResult>> InsertedAsync(
        int number, ReportInsertion input, ProjectAccess access, CoordinatorDb db, CurrentUser user, TimeProvider time, CancellationToken cancellationToken)
    {
        if (input.Audience is not { } audience || !Enum.IsDefined(audience))
        {
            return new Validation().Add("audience", $"audience is required: one of {string.Join(", ", Enum.GetNames<Audience>())}.").ToProblem();
        }

        var delivery = input.Delivery ?? Delivery.Inserted;
        if (delivery is not (Delivery.Inserted or Delivery.Sent))
        {
            return new Validation().Add("delivery", "delivery is Inserted (recorded at insertion) or Sent (recorded when Outlook sent the draft).").ToProblem();
        }

        var project = access.Project;
        var report = await db.StatusReports.AsNoTracking().FirstOrDefaultAsync(r => r.ProjectId == project.Id && r.Number == number, cancellationToken);
        if (report?.ReadRenderings().FirstOrDefault(r => r.Audience == audience && r.External == input.External) is not { } rendering)
        {
            return Problems.NotFound(report is null
                ? $"There is no status report {PublishedReport.KeyOf(number)} in this project."
                : $"{PublishedReport.KeyOf(number)} has no {(input.External ? "external" : "internal")} rendering for {audience}.");
        }

        await using var transaction = await db.BeginProjectWriteAsync(project.Id, cancellationToken);
        var row = await db.ReportMessages.FirstOrDefaultAsync(
            m => m.ProjectId == project.Id && m.ReportNumber == number && m.Audience == audience && m.External == input.External, cancellationToken);
        if (row is { State: MessageState.Sent, CommunicationId: { } existing })
        {
            var recorded = await db.Communications.AsNoTracking().FirstAsync(c => c.Id == existing, cancellationToken);
            return TypedResults.Ok(recorded.AsDto(ReportDelivery.Names(rendering)));
        }

        var now = time.GetUtcNow().UtcDateTime;
        if (row is { ClaimedUntil: { } until } && until > now)
        {
            return Problems.Conflict("The server is sending this rendering right now; look again in a minute before inserting it.");
        }

        row ??= db.ReportMessages.Add(new ReportMessage
        {
            TenantId = project.TenantId, ProjectId = project.Id, ReportNumber = number, Audience = audience, External = input.External, CreatedAt = now,
            SentByEmail = access.Membership.Email, SentByName = user.Name,
        }).Entity;
        row.State = MessageState.Sent;
        row.SentAt = now;
        row.SentByEmail = access.Membership.Email;
        row.SentByName = user.Name;
        var record = ReportDelivery.OutboundUpdate(row, rendering, delivery, now);
        row.CommunicationId = record.Id;
        row.Attempts++; // the concurrency token: a send that claimed the row meanwhile makes this save fail, and the other way round
        db.Communications.Add(record);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException exception) when (exception is DbUpdateConcurrencyException || DatabaseErrors.IsUniqueViolation(exception))
        {
            return Problems.Conflict("This rendering was sent or recorded by someone else just now; look again before inserting it.");
        }

        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Created($"/api/projects/{project.Id}/communications/{record.Id}", record.AsDto(ReportDelivery.Names(rendering)));
    }

    private static DateTimeOffset? Utc(DateTime? at) => at is { } value ? new DateTimeOffset(value, TimeSpan.Zero) : null;
}
