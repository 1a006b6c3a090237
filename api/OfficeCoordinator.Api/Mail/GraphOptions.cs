namespace OfficeCoordinator.Api.Mail;

// Where Microsoft Graph is (a stand-in in tests and staging) and how long the API waits for it when it is throttled.
public sealed class GraphOptions
{
    public const string Section = "Graph";

    public string BaseUrl { get; set; } = "https://graph.microsoft.com/v1.0";

    // Retries of a throttled or unavailable answer, and the most the retries may wait in all.
    public int MaxRetries { get; set; } = 3;
    public TimeSpan MaxRetryWait { get; set; } = TimeSpan.FromSeconds(20);

    // Scheduled reports are sent by the application identity (Entra mode) from the mailbox of whoever set the schedule;
    // off by default, when a scheduled report is left ready for the coordinator to insert from Outlook.
    public bool ScheduledSends { get; set; }
}
