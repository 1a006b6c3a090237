using Microsoft.EntityFrameworkCore;
using OfficeCoordinator.Api.Data;
using OfficeCoordinator.Api.Mail;
using OfficeCoordinator.Client.Contracts;
using Communication = OfficeCoordinator.Api.Communications.Communication;

namespace OfficeCoordinator.Api.Reports;

// One rendering of a published report on its way out through Microsoft 365, for a person's send and for the scheduler
// alike: its outbox row is claimed first, its draft is made unless one exists, the draft is sent unless a send whose
// answer was lost already turned it into a message, and the rendering is recorded as an Outbound Update communication
// in the same transaction that marks the row Sent.
public static class ReportDelivery
{
    // How long one request or scheduler run holds a rendering it is sending (Graph's calls are bounded well inside it).
    private static readonly TimeSpan ClaimFor = TimeSpan.FromMinutes(2);

    // Claims the row (adding it when new) for this request or run: the unique index and the Attempts token let one
    // holder have it. False when someone else holds it now.
    public static async Task<bool> TryClaimAsync(CoordinatorDb db, ReportMessage row, TimeProvider time, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        if (row.ClaimedUntil is { } until && until > now)
        {
            return false;
        }

        try
        {
            row.ClaimedUntil = now + ClaimFor;
            row.Attempts++;
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException exception) when (exception is DbUpdateConcurrencyException || DatabaseErrors.IsUniqueViolation(exception))
        {
            return false;
        }
    }

    // Sends the claimed row's rendering through that outbox and records it; returns when it was sent. A failure leaves
    // the row Failed with its draft kept, for the next attempt to send, and is rethrown.
    public static async Task<DateTime> SendClaimedAsync(CoordinatorDb db, ReportMessage row, ReportRendering rendering, GraphOutbox outbox, TimeProvider time,
        CancellationToken cancellationToken)
    {
        try
        {
            var state = row.GraphMessageId is { } existing ? await outbox.StateOfAsync(existing, cancellationToken) : GraphOutbox.DraftState.Missing;
            if (state == GraphOutbox.DraftState.Missing)
            {
                row.GraphMessageId = await outbox.CreateDraftAsync(rendering.Subject, rendering.Html, rendering.Recipients, cancellationToken);
                await db.SaveChangesAsync(CancellationToken.None); // the draft's id is kept whatever happens next
            }

            if (state != GraphOutbox.DraftState.Sent)
            {
                await outbox.SendAsync(row.GraphMessageId!, cancellationToken);
            }
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            row.State = MessageState.Failed;
            row.ClaimedUntil = null;
            await db.SaveChangesAsync(CancellationToken.None);
            throw;
        }

        var now = time.GetUtcNow().UtcDateTime;
        var record = OutboundUpdate(row, rendering, Delivery.Sent, now);
        await using var transaction = await db.BeginProjectWriteAsync(row.ProjectId, CancellationToken.None);
        row.State = MessageState.Sent;
        row.SentAt = now;
        row.CommunicationId = record.Id;
        row.ClaimedUntil = null;
        db.Communications.Add(record);
        await db.SaveChangesAsync(CancellationToken.None);
        await transaction.CommitAsync(CancellationToken.None);
        return now;
    }

    // How a rendering that went out is recorded: an Outbound Update to its recipients, linked to the report, logged by
    // whoever sent (or inserted) it.
    public static Communication OutboundUpdate(ReportMessage row, ReportRendering rendering, Delivery delivery, DateTime at) => new()
    {
        TenantId = row.TenantId, ProjectId = row.ProjectId, OccurredAt = at, Channel = Channel.Email, Direction = Direction.Outbound,
        Kind = CommunicationKind.Update, Summary = rendering.Subject, Participants = [.. rendering.Recipients.Select(r => r.Email)],
        Delivery = delivery, ReportNumber = row.ReportNumber, LoggedByEmail = row.SentByEmail, LoggedByName = row.SentByName, CreatedAt = at,
    };

    public static Dictionary<string, string> Names(ReportRendering rendering) =>
        rendering.Recipients.GroupBy(r => r.Email).ToDictionary(g => g.Key, g => g.First().Name, StringComparer.Ordinal);
}
