namespace OfficeCoordinator.Api.Mail;

// Every Microsoft Graph permission the API asks for, in one place, with why (least privilege; DESIGN.md "Microsoft Graph").
// Delegated: the API acts on behalf of the signed-in user (on-behalf-of per request, so no offline_access). The one
// exception is the application identity of scheduled report sends (off by default, see Application).
public static class GraphScopes
{
    // Read the message the pane shows, and its attachments.
    public const string MailRead = "https://graph.microsoft.com/Mail.Read";

    // The project's folder: a SharePoint library or a colleague's OneDrive, so not only the caller's own files.
    public const string FilesReadWriteAll = "https://graph.microsoft.com/Files.ReadWrite.All";

    // Reports and update requests: the message is created as a draft, then sent (the draft makes a send exactly-once).
    public const string MailReadWrite = "https://graph.microsoft.com/Mail.ReadWrite";
    public const string MailSend = "https://graph.microsoft.com/Mail.Send";

    // Only when a manager names the folder by a SharePoint site URL.
    public const string SitesReadAll = "https://graph.microsoft.com/Sites.Read.All";

    public static readonly string[] ReadMessage = [MailRead];
    public static readonly string[] ProjectFolder = [FilesReadWriteAll];
    public static readonly string[] SendMail = [MailReadWrite, MailSend];

    // What the add-in asks consent for at once (Sites.Read.All only when a site URL is used, so not here).
    public static readonly string[] All = [MailRead, FilesReadWriteAll, MailReadWrite, MailSend];

    // Scheduled report sends, as the application (client credentials): the application permissions Mail.ReadWrite and
    // Mail.Send granted by an administrator, which a client-credentials request names as the resource's .default.
    // Exchange limits them to the sending mailboxes (an application access policy or RBAC for applications).
    public const string Application = "https://graph.microsoft.com/.default";
}
