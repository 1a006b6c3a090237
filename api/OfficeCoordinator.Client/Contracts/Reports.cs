using System.ComponentModel.DataAnnotations;

namespace OfficeCoordinator.Client.Contracts;

/// <summary>Overall status of a project at a status date.</summary>
public enum ProjectStatus
{
    /// <summary>On track.</summary>
    Green,
    /// <summary>At risk: something needs attention.</summary>
    Amber,
    /// <summary>Off track: the plan, the budget or a milestone is in trouble.</summary>
    Red,
}

/// <summary>The thresholds of the overall status (DESIGN.md "Keeping stakeholders informed"); managers change them.</summary>
/// <param name="GreenAmberSlipDays">Forecast finish this many working days after the baseline (or more): Amber.</param>
/// <param name="AmberRedSlipDays">More than this many working days: Red.</param>
/// <param name="MilestoneRedDays">A milestone more than this many working days late: Red.</param>
/// <param name="SpiAmber">SPI below this: Amber.</param>
/// <param name="CpiAmber">CPI below this: Amber.</param>
/// <param name="CpiRed">CPI below this: Red.</param>
/// <param name="EacAmber">EAC above budget times this: Amber.</param>
/// <param name="EacRed">EAC above budget times this: Red.</param>
/// <param name="BlockedRedDays">An obstacle blocking critical work longer than this many working days: Red.</param>
/// <param name="DecisionWaitAmberDays">A decision awaiting approval longer than this many working days: Amber.</param>
public sealed record ReportSettings(
    int GreenAmberSlipDays = 1,
    int AmberRedSlipDays = 5,
    int MilestoneRedDays = 5,
    decimal SpiAmber = 0.95m,
    decimal CpiAmber = 0.95m,
    decimal CpiRed = 0.90m,
    decimal EacAmber = 1.00m,
    decimal EacRed = 1.10m,
    int BlockedRedDays = 5,
    int DecisionWaitAmberDays = 5);

/// <summary>Why the status is what it is.</summary>
/// <param name="Code">Stable code: FinishSlip, MilestoneLate, CriticalTaskLate, Spi, Cpi, Eac, ObstacleBlocksCritical, DecisionWaiting, Override.</param>
/// <param name="Status">The status this reason calls for.</param>
/// <param name="Detail">A sentence with the figures and the records named.</param>
public sealed record StatusReason(string Code, ProjectStatus Status, string Detail);

/// <summary>A task as a report lists it.</summary>
/// <param name="Number">Task number.</param>
/// <param name="Key">"T-12".</param>
/// <param name="Title">Title.</param>
/// <param name="Owner">Owner (email).</param>
/// <param name="Status">Where it stands.</param>
/// <param name="PercentComplete">0 to 100.</param>
/// <param name="Finish">Planned (forecast) finish.</param>
/// <param name="BaselineFinish">Baseline finish.</param>
/// <param name="DaysLate">Working days late at the status date, or slipped against the baseline.</param>
/// <param name="Critical">On the critical path.</param>
public sealed record ReportTask(int Number, string Key, string Title, string? Owner, WorkStatus Status, int PercentComplete, DateOnly? Finish,
    DateOnly? BaselineFinish, int DaysLate, bool Critical);

/// <summary>A decision as a report lists it.</summary>
/// <param name="Id">The decision's id.</param>
/// <param name="Text">What was (or is to be) decided.</param>
/// <param name="Status">Proposed, Approved, Rejected or Superseded.</param>
/// <param name="DecidedBy">Who decides (email).</param>
/// <param name="Rationale">Why (internal).</param>
/// <param name="LoggedOn">When it was logged.</param>
/// <param name="AgeDays">Working days since it was logged, at the status date.</param>
public sealed record ReportDecision(string Id, string Text, DecisionStatus Status, string? DecidedBy, string? Rationale, DateOnly LoggedOn, int AgeDays);

/// <summary>An open obstacle as a report lists it.</summary>
/// <param name="Id">The obstacle's id.</param>
/// <param name="Statement">What stands in the way.</param>
/// <param name="Impact">What it costs (internal).</param>
/// <param name="ProposedSolution">The way out (internal).</param>
/// <param name="Owner">Who chases it (email).</param>
/// <param name="Status">Open, SolutionProposed or Implementing.</param>
/// <param name="AgeDays">Working days since it was raised.</param>
/// <param name="BlocksCritical">It blocks a task on the critical path.</param>
public sealed record ReportObstacle(string Id, string Statement, string? Impact, string? ProposedSolution, string? Owner, ObstacleStatus Status, int AgeDays,
    bool BlocksCritical);

/// <summary>Money and earned value at the status date, in the project's currency.</summary>
/// <param name="Currency">ISO 4217 code.</param>
/// <param name="Budget">The project's budget, or BAC when it has none.</param>
/// <param name="BudgetSet">Whether the project has a budget of its own.</param>
/// <param name="Bac">Budget at completion: the sum of the tasks' planned cost.</param>
/// <param name="Pv">Planned value.</param>
/// <param name="Ev">Earned value.</param>
/// <param name="Ac">Actual cost.</param>
/// <param name="Spi">EV / PV, when PV &gt; 0.</param>
/// <param name="Cpi">EV / AC, when AC &gt; 0.</param>
/// <param name="Eac">BAC / CPI when CPI is shown, else BAC.</param>
public sealed record ReportMoney(string Currency, decimal Budget, bool BudgetSet, decimal Bac, decimal Pv, decimal Ev, decimal Ac, decimal? Spi, decimal? Cpi, decimal Eac);

/// <summary>Everything a status report says, computed from the record at the status date.</summary>
/// <param name="ProjectName">The project.</param>
/// <param name="AsOf">The status date.</param>
/// <param name="Since">Start of the period.</param>
/// <param name="ComputedStatus">The status the rules give.</param>
/// <param name="Reasons">Every reason that set it.</param>
/// <param name="BaselineSet">Whether the plan has a baseline (without one the schedule compares against planned dates).</param>
/// <param name="ForecastFinish">The schedule's project finish.</param>
/// <param name="BaselineFinish">The latest baseline finish (planned finish without a baseline).</param>
/// <param name="SlipDays">Working days from the baseline finish to the forecast finish.</param>
/// <param name="Done">Tasks done in the period.</param>
/// <param name="Upcoming">Work due in the next two weeks.</param>
/// <param name="Late">Late work, critical first.</param>
/// <param name="Slipped">Work finishing after its baseline, critical first.</param>
/// <param name="CriticalPath">Numbers of the critical tasks in schedule order.</param>
/// <param name="JoinedCriticalPath">Tasks on the critical path that were not at the previous report.</param>
/// <param name="LeftCriticalPath">Tasks that were on it at the previous report and are not now.</param>
/// <param name="MilestonesHit">Milestones done in the period.</param>
/// <param name="MilestonesMissed">Milestones past their date and not done.</param>
/// <param name="NextMilestone">The next milestone not done.</param>
/// <param name="DecisionsMade">Decisions approved or rejected in the period.</param>
/// <param name="DecisionsAwaiting">Decisions awaiting approval, oldest first.</param>
/// <param name="Obstacles">Open obstacles, blocking critical work first, then oldest.</param>
/// <param name="Money">Budget, cost and earned value.</param>
/// <param name="CommunicationsLogged">Communications logged in the period.</param>
public sealed record StatusReportModel(
    string ProjectName,
    DateOnly AsOf,
    DateOnly Since,
    ProjectStatus ComputedStatus,
    IReadOnlyList<StatusReason> Reasons,
    bool BaselineSet,
    DateOnly? ForecastFinish,
    DateOnly? BaselineFinish,
    int SlipDays,
    IReadOnlyList<ReportTask> Done,
    IReadOnlyList<ReportTask> Upcoming,
    IReadOnlyList<ReportTask> Late,
    IReadOnlyList<ReportTask> Slipped,
    IReadOnlyList<int> CriticalPath,
    IReadOnlyList<int> JoinedCriticalPath,
    IReadOnlyList<int> LeftCriticalPath,
    IReadOnlyList<ReportTask> MilestonesHit,
    IReadOnlyList<ReportTask> MilestonesMissed,
    ReportTask? NextMilestone,
    IReadOnlyList<ReportDecision> DecisionsMade,
    IReadOnlyList<ReportDecision> DecisionsAwaiting,
    IReadOnlyList<ReportObstacle> Obstacles,
    ReportMoney Money,
    int CommunicationsLogged);

/// <summary>A preview of the next status report (<c>GET .../status-report</c>); it writes nothing.</summary>
/// <param name="AsOf">The status date.</param>
/// <param name="Since">Start of the period.</param>
/// <param name="Status">The overall status after any override (a preview has none).</param>
/// <param name="ComputedStatus">The status the rules give.</param>
/// <param name="Reasons">Every reason that set it.</param>
/// <param name="Model">Everything the report says.</param>
/// <param name="Renderings">Per audience, an internal rendering and, when it has external recipients, an external one.</param>
/// <param name="OtherChannels">Stakeholders of an audience who prefer another channel than email.</param>
/// <param name="Unreviewed">Stakeholders the server added from emails, in no audience until someone reviews them.</param>
public sealed record StatusReportPreview(DateOnly AsOf, DateOnly Since, ProjectStatus Status, ProjectStatus ComputedStatus, IReadOnlyList<StatusReason> Reasons,
    StatusReportModel Model, IReadOnlyList<ReportRendering> Renderings, IReadOnlyList<OtherChannel> OtherChannels, IReadOnlyList<ReportRecipient> Unreviewed);

/// <summary>Who a rendering of a report is for, from the stakeholder register's influence/interest grid (high = 4 or 5).</summary>
public enum Audience
{
    /// <summary>High influence, high interest: the whole report.</summary>
    ManageClosely,
    /// <summary>High influence, low interest: status, milestones, money, decisions they are needed for, the top obstacles.</summary>
    KeepSatisfied,
    /// <summary>Low influence, high interest: progress, upcoming work, obstacles and decisions; no money.</summary>
    KeepInformed,
    /// <summary>Low influence, low interest: the status, the next milestone and a two-sentence summary.</summary>
    Monitor,
}

/// <summary>Someone a rendering goes to.</summary>
/// <param name="Name">Display name.</param>
/// <param name="Email">Address.</param>
public sealed record ReportRecipient(string Name, string Email);

/// <summary>One audience's report, for its internal or its external recipients (never both in one message).</summary>
/// <param name="Audience">The audience.</param>
/// <param name="External">For the audience's external recipients: no money or internal notes unless a manager allowed it.</param>
/// <param name="Subject">The message subject ("Contoso product launch — status 5 Dec 2026: Amber").</param>
/// <param name="Html">Email-safe HTML: tables and inline styles, no scripts, no remote content.</param>
/// <param name="Text">The same as plain text.</param>
/// <param name="Recipients">The audience's stakeholders of this side with an email address who prefer email.</param>
public sealed record ReportRendering(Audience Audience, bool External, string Subject, string Html, string Text, IReadOnlyList<ReportRecipient> Recipients);

/// <summary>A stakeholder of an audience who prefers another channel than email: the coordinator tells them that way.</summary>
/// <param name="Name">Display name.</param>
/// <param name="Audience">Their audience.</param>
/// <param name="PreferredChannel">Meeting, Call, Chat or Other.</param>
public sealed record OtherChannel(string Name, Audience Audience, Channel PreferredChannel);

/// <summary>A manager's override of the computed status.</summary>
/// <param name="Status">The status shown.</param>
/// <param name="Note">Why (internal).</param>
/// <param name="By">Who set it (email).</param>
public sealed record ReportOverride(ProjectStatus Status, string? Note, string By);

/// <summary>A manager's override in <c>POST .../status-reports</c>.</summary>
/// <param name="Status">The status to show instead of the computed one.</param>
/// <param name="Note">Why (internal: never in an external rendering).</param>
public sealed record StatusOverrideInput(ProjectStatus? Status, [property: MaxLength(WireLimits.Note)] string? Note = null);

/// <summary>Body of <c>POST .../status-reports</c>: publishes the next report SR-n.</summary>
/// <param name="AsOf">The status date (today by default; never before the previous report's).</param>
/// <param name="Override">A manager's override of the computed status.</param>
/// <param name="IncludeMoneyForExternal">A manager allows money figures in the external renderings of this report.</param>
/// <param name="Supersedes">The number of the report this one corrects.</param>
public sealed record NewStatusReport(DateOnly? AsOf = null, StatusOverrideInput? Override = null, bool? IncludeMoneyForExternal = null, int? Supersedes = null);

/// <summary>A published status report: an immutable snapshot (a correction is a new report that supersedes it).</summary>
/// <param name="Number">Its number in the project.</param>
/// <param name="Key">"SR-3".</param>
/// <param name="AsOf">The status date.</param>
/// <param name="Since">Start of the period.</param>
/// <param name="Status">The overall status after any override.</param>
/// <param name="ComputedStatus">The status the rules gave.</param>
/// <param name="Reasons">Every reason (an override adds one).</param>
/// <param name="Override">The manager's override, if any.</param>
/// <param name="IncludeMoneyForExternal">Money was allowed in the external renderings.</param>
/// <param name="Supersedes">The report this one corrects.</param>
/// <param name="SupersededBy">The report that corrects this one.</param>
/// <param name="Model">Everything the report says.</param>
/// <param name="Renderings">Per audience, internal and (with external recipients) external.</param>
/// <param name="PublishedBy">Who published it.</param>
/// <param name="PublishedAt">When.</param>
public sealed record StatusReport(int Number, string Key, DateOnly AsOf, DateOnly Since, ProjectStatus Status, ProjectStatus ComputedStatus,
    IReadOnlyList<StatusReason> Reasons, ReportOverride? Override, bool IncludeMoneyForExternal, int? Supersedes, int? SupersededBy,
    StatusReportModel Model, IReadOnlyList<ReportRendering> Renderings, Actor PublishedBy, DateTimeOffset PublishedAt);

/// <summary>A published report as the list shows it.</summary>
/// <param name="Number">Its number.</param>
/// <param name="Key">"SR-3".</param>
/// <param name="AsOf">The status date.</param>
/// <param name="Status">The overall status after any override.</param>
/// <param name="Supersedes">The report this one corrects.</param>
/// <param name="SupersededBy">The report that corrects this one.</param>
/// <param name="PublishedBy">Who published it.</param>
/// <param name="PublishedAt">When.</param>
public sealed record StatusReportSummary(int Number, string Key, DateOnly AsOf, ProjectStatus Status, int? Supersedes, int? SupersededBy, Actor PublishedBy,
    DateTimeOffset PublishedAt);

/// <summary>Body of <c>POST .../update-requests</c>: ask each owner of open work due in the window for an update.</summary>
/// <param name="From">First day of the window.</param>
/// <param name="To">Last day of the window.</param>
/// <param name="Send">Send through Microsoft 365 (Entra mode); otherwise the messages are drafted for the pane to compose.</param>
public sealed record UpdateRequestInput(DateOnly? From, DateOnly? To, bool Send = false);

/// <summary>One owner's update request.</summary>
/// <param name="Owner">The task owner (email).</param>
/// <param name="Tasks">The numbers of their open tasks due in the window.</param>
/// <param name="Subject">The message subject.</param>
/// <param name="Html">The message as email-safe HTML.</param>
/// <param name="Text">The message as plain text.</param>
/// <param name="CommunicationId">The Outbound Request communication that records it, linked to those tasks.</param>
/// <param name="State">Drafted (for the pane to compose) or Sent.</param>
public sealed record UpdateRequest(
    string Owner,
    IReadOnlyList<int> Tasks,
    string Subject,
    string Html,
    string Text,
    string CommunicationId,
    [property: AllowedValues("Drafted", "Sent")] string State);

/// <summary>What <c>POST .../update-requests</c> made.</summary>
/// <param name="Requests">One per owner.</param>
public sealed record UpdateRequests(IReadOnlyList<UpdateRequest> Requests);

/// <summary>Body of <c>POST .../status-reports/{number}/send</c>.</summary>
/// <param name="Audience">The audience whose renderings to send.</param>
public sealed record ReportSendInput(Audience? Audience);

/// <summary>One message of a send.</summary>
/// <param name="Audience">The audience.</param>
/// <param name="External">The external rendering.</param>
/// <param name="Recipients">Who it went to.</param>
/// <param name="State">Created, Sent or Failed.</param>
/// <param name="SentAt">When it was sent.</param>
public sealed record ReportMessageState(Audience Audience, bool External, IReadOnlyList<ReportRecipient> Recipients, MessageState State, DateTimeOffset? SentAt);

/// <summary>What <c>POST .../send</c> did: every message's final state.</summary>
/// <param name="Messages">One per rendering of the audience.</param>
public sealed record ReportSendResult(IReadOnlyList<ReportMessageState> Messages);

/// <summary>The weekly report schedule of a project (<c>GET/PUT .../report-schedule</c>; managers and coordinators).</summary>
/// <param name="Enabled">Whether the schedule runs.</param>
/// <param name="Day">The weekday it runs on.</param>
/// <param name="Time">The local time it runs at, "HH:mm".</param>
/// <param name="TimeZone">The IANA time zone of Day and Time.</param>
/// <param name="Audiences">The audiences it is for.</param>
/// <param name="NextRunAt">When it runs next (read-only).</param>
/// <param name="LastRunAt">When it last ran (read-only).</param>
/// <param name="SendsFrom">The mailbox the server sends the scheduled reports from: whoever last set the schedule, when
/// Microsoft 365 is connected and scheduled sends are on (read-only). Null: each report is left ready for a coordinator
/// to insert from Outlook.</param>
public sealed record ReportScheduleSettings(bool Enabled, DayOfWeek? Day, string? Time, string? TimeZone, IReadOnlyList<Audience>? Audiences,
    DateTimeOffset? NextRunAt = null, DateTimeOffset? LastRunAt = null, string? SendsFrom = null);

/// <summary>Body of <c>POST .../status-reports/{number}/inserted</c>: the pane inserted this rendering into a draft.</summary>
/// <param name="Audience">The audience.</param>
/// <param name="External">The external rendering.</param>
/// <param name="Delivery">Inserted (recorded at insertion, the default) or Sent (recorded by Outlook's on-send event, when the
/// draft was sent).</param>
public sealed record ReportInsertion(Audience? Audience, bool External = false, Delivery? Delivery = null);
