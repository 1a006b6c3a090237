namespace OfficeCoordinator.Client.Contracts;

/// <summary>A member's role on one project; it decides what the member may change.</summary>
public enum ProjectRole
{
    /// <summary>Owns the plan, budget, baseline and members.</summary>
    Manager,
    /// <summary>Runs the day-to-day: tasks, stakeholders, the log and obstacles.</summary>
    Coordinator,
    /// <summary>Updates status, progress and actual cost of the tasks they own.</summary>
    Contributor,
    /// <summary>Reads.</summary>
    Viewer,
}

/// <summary>Where a task stands.</summary>
public enum WorkStatus
{
    /// <summary>Not started yet.</summary>
    NotStarted,
    /// <summary>Being worked on.</summary>
    InProgress,
    /// <summary>Held up by an obstacle.</summary>
    Blocked,
    /// <summary>Finished.</summary>
    Done,
    /// <summary>Will not be done.</summary>
    Cancelled,
}

/// <summary>How urgent a task is.</summary>
public enum TaskPriority
{
    /// <summary>Can wait.</summary>
    Low,
    /// <summary>Normal.</summary>
    Medium,
    /// <summary>Soon.</summary>
    High,
    /// <summary>Now.</summary>
    Critical,
}

/// <summary>The project management phase a task belongs to.</summary>
public enum ProjectPhase
{
    /// <summary>Initiating.</summary>
    Initiating,
    /// <summary>Planning.</summary>
    Planning,
    /// <summary>Executing.</summary>
    Executing,
    /// <summary>Monitoring and controlling.</summary>
    Controlling,
    /// <summary>Closing.</summary>
    Closing,
}

/// <summary>A stakeholder's current attitude to the project.</summary>
public enum Engagement
{
    /// <summary>Actively leads.</summary>
    Leading,
    /// <summary>Supports.</summary>
    Supportive,
    /// <summary>Neither supports nor resists.</summary>
    Neutral,
    /// <summary>Resists.</summary>
    Resistant,
    /// <summary>Does not know about the project.</summary>
    Unaware,
}

/// <summary>A way of communicating.</summary>
public enum Channel
{
    /// <summary>Email.</summary>
    Email,
    /// <summary>A meeting.</summary>
    Meeting,
    /// <summary>A call.</summary>
    Call,
    /// <summary>Chat.</summary>
    Chat,
    /// <summary>Anything else.</summary>
    Other,
}

/// <summary>Which way a communication went.</summary>
public enum Direction
{
    /// <summary>From a stakeholder to the project.</summary>
    Inbound,
    /// <summary>From the project to stakeholders.</summary>
    Outbound,
    /// <summary>Within the project team.</summary>
    Internal,
}

/// <summary>What a communication was.</summary>
public enum CommunicationKind
{
    /// <summary>A status update.</summary>
    Update,
    /// <summary>A request.</summary>
    Request,
    /// <summary>A decision (carries the decision fields).</summary>
    Decision,
    /// <summary>An escalation.</summary>
    Escalation,
    /// <summary>A note for the record.</summary>
    Note,
}

/// <summary>Where a decision stands.</summary>
public enum DecisionStatus
{
    /// <summary>Proposed, awaiting a manager.</summary>
    Proposed,
    /// <summary>Approved by a manager.</summary>
    Approved,
    /// <summary>Rejected by a manager.</summary>
    Rejected,
    /// <summary>Replaced by a later decision.</summary>
    Superseded,
}

/// <summary>Where an obstacle stands; Resolved and Accepted close it.</summary>
public enum ObstacleStatus
{
    /// <summary>Raised, no solution yet.</summary>
    Open,
    /// <summary>A solution has been proposed.</summary>
    SolutionProposed,
    /// <summary>The solution is being carried out.</summary>
    Implementing,
    /// <summary>Solved.</summary>
    Resolved,
    /// <summary>Accepted as a risk to live with.</summary>
    Accepted,
}

/// <summary>What an email attachment is.</summary>
public enum AttachmentKind
{
    /// <summary>A file.</summary>
    File,
    /// <summary>An attached item: an email, an event or a contact.</summary>
    Item,
}

/// <summary>What happened to one attachment asked to be copied.</summary>
public enum AttachmentCopyState
{
    /// <summary>Copied into the project's document folder now.</summary>
    Copied,
    /// <summary>Copied to this task before; nothing new was written.</summary>
    AlreadyCopied,
    /// <summary>Not copied; the reason says why.</summary>
    Skipped,
}

/// <summary>Where a project keeps its documents.</summary>
public enum DocumentFolderKind
{
    /// <summary>A folder under the API's data directory (the embedded default, one instance).</summary>
    Local,
    /// <summary>A folder of a SharePoint document library.</summary>
    SharePoint,
    /// <summary>A folder in someone's OneDrive.</summary>
    OneDrive,
}

/// <summary>How an outbound report or request went out.</summary>
public enum Delivery
{
    /// <summary>Sent (through Microsoft 365, or by Outlook on send).</summary>
    Sent,
    /// <summary>Inserted into a draft in Outlook, where the client cannot tell when it is sent.</summary>
    Inserted,
    /// <summary>Taken back: the draft was discarded.</summary>
    Withdrawn,
}

/// <summary>Where one report message stands in the outbox.</summary>
public enum MessageState
{
    /// <summary>The draft exists (or is being made); not sent yet.</summary>
    Created,
    /// <summary>Sent.</summary>
    Sent,
    /// <summary>Sending failed; the next send resumes it (the draft is sent, never made again).</summary>
    Failed,
}
