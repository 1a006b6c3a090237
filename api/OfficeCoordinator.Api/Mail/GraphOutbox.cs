using Microsoft.Graph;
using Microsoft.Graph.Models;
using OfficeCoordinator.Client.Contracts;

namespace OfficeCoordinator.Api.Mail;

// Sending from one mailbox (Mail.ReadWrite + Mail.Send): the message is created as a draft first, then sent, so the
// draft's id is what makes a send exactly-once. The mailbox is the caller's own (/me, on behalf of the user), or, for
// the application identity of scheduled sends, the user whose object id is given (/users/{id}).
public sealed class GraphOutbox(GraphServiceClient graph, string? mailbox = null)
{
    public async Task<string> CreateDraftAsync(string subject, string html, IReadOnlyList<ReportRecipient> to, CancellationToken cancellationToken)
    {
        var message = new Message
        {
            Subject = subject,
            Body = new ItemBody { ContentType = BodyType.Html, Content = html },
            ToRecipients = [.. to.Select(r => new Recipient { EmailAddress = new Microsoft.Graph.Models.EmailAddress { Name = r.Name, Address = r.Email } })],
        };
        var draft = mailbox is null
            ? await graph.Me.Messages.PostAsync(message, request => request.Headers.Add("Prefer", GraphMailbox.ImmutableIds), cancellationToken)
            : await graph.Users[mailbox].Messages.PostAsync(message, request => request.Headers.Add("Prefer", GraphMailbox.ImmutableIds), cancellationToken);
        return draft?.Id ?? throw new ServiceException("Microsoft 365 made no draft.");
    }

    public enum DraftState { Draft, Sent, Missing }

    // Whether a draft made earlier is still a draft: a send whose answer was lost has already turned it into a message.
    public async Task<DraftState> StateOfAsync(string messageId, CancellationToken cancellationToken)
    {
        try
        {
            var message = mailbox is null
                ? await graph.Me.Messages[messageId].GetAsync(request =>
                {
                    request.QueryParameters.Select = ["id", "isDraft"];
                    request.Headers.Add("Prefer", GraphMailbox.ImmutableIds);
                }, cancellationToken)
                : await graph.Users[mailbox].Messages[messageId].GetAsync(request =>
                {
                    request.QueryParameters.Select = ["id", "isDraft"];
                    request.Headers.Add("Prefer", GraphMailbox.ImmutableIds);
                }, cancellationToken);
            return message?.IsDraft == false ? DraftState.Sent : DraftState.Draft;
        }
        catch (Microsoft.Graph.Models.ODataErrors.ODataError error) when (error.ResponseStatusCode == 404)
        {
            return DraftState.Missing;
        }
    }

    public Task SendAsync(string messageId, CancellationToken cancellationToken) => mailbox is null
        ? graph.Me.Messages[messageId].Send.PostAsync(request => request.Headers.Add("Prefer", GraphMailbox.ImmutableIds), cancellationToken)
        : graph.Users[mailbox].Messages[messageId].Send.PostAsync(request => request.Headers.Add("Prefer", GraphMailbox.ImmutableIds), cancellationToken);
}
