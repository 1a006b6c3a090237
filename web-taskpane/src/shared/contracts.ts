// The API's wire contract (camelCase JSON), as the panes use it.

export type ProjectRole = "Manager" | "Coordinator" | "Contributor" | "Viewer";
export type WorkStatus = "NotStarted" | "InProgress" | "Blocked" | "Done" | "Cancelled";
export type TaskPriority = "Low" | "Medium" | "High" | "Critical";
export type CommunicationKind = "Update" | "Request" | "Decision" | "Escalation" | "Note";
export type Channel = "Email" | "Meeting" | "Call" | "Chat" | "Other";

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface SignedInUser {
  tenantId: string;
  objectId: string;
  name: string;
  email: string;
}

export interface Project {
  id: string;
  name: string;
  myRole: ProjectRole;
  planVersion: number;
  version: number;
  documents?: DocumentFolder | null;
  sharedPlan?: SharedPlan | null;
}

// The project's document folder (SharePoint/OneDrive in Microsoft 365, Local without it) and the plan published there.
export interface DocumentFolder {
  kind: "Local" | "SharePoint" | "OneDrive";
  driveId: string | null;
  folderPath: string | null;
  webUrl: string | null;
}

export interface SharedPlan {
  webUrl: string;
  eTag: string;
  publishedAt: string;
  publishedBy: string;
}

export interface PlanPublication {
  webUrl: string;
  eTag: string;
  publishedAt: string;
  merged: PlanReport;
}

// An attachment as the mailbox (Entra) or Office.js (Local) lists it.
export interface EmailAttachment {
  id: string;
  name: string;
  size: number;
  contentType: string | null;
  isInline: boolean;
  kind: "File" | "Item";
}

export interface AttachmentCopy {
  attachmentId: string;
  name: string;
  size: number;
  contentType: string | null;
  webUrl: string | null;
  state: "Copied" | "AlreadyCopied" | "Skipped";
  reason?: string | null;
}

// A file the pane read from the message (Local mode sends these to the API).
export interface AttachmentFile {
  id: string;
  name: string;
  contentType: string | null;
  content: Blob;
}

export interface EmailAddress {
  name: string | null;
  email: string;
}

export interface EmailMessage {
  internetMessageId: string;
  conversationId: string | null;
  itemId: string | null;
  subject: string | null;
  from: EmailAddress;
  to: EmailAddress[];
  cc: EmailAddress[];
  receivedAt: string;
  bodyText?: string | null;
  bodyHtml?: string | null;
  webLink?: string | null;
  timeZone?: string | null;
  // Read by the pane from Office.js; never sent (the API reads the mailbox itself in Entra mode).
  attachments?: EmailAttachment[];
}

export interface Participant {
  name: string;
  email: string;
  stakeholderId: string | null;
  // The participant's role when they are a member of the project: the team, never a new stakeholder.
  memberRole?: ProjectRole | null;
}

export interface EmailPreview {
  title: string;
  description: string;
  suggestedFinish: string | null;
  participants: Participant[];
  attachments?: EmailAttachment[] | null;
}

export interface EmailLink {
  projectId: string;
  projectName: string;
  type: "task" | "communication" | "decision" | "obstacle";
  id: string;
  number: number | null;
  title: string;
  status: string;
  matchedBy: "message" | "conversation";
}

export interface TaskItem {
  number: number;
  key: string;
  title: string;
  description?: string | null;
  owner?: string | null;
  requester?: string | null;
  status: WorkStatus;
  priority?: TaskPriority;
  phase?: string;
  start?: string | null;
  finish: string | null;
  percentComplete?: number;
  version: number;
}

export type DecisionStatus = "Proposed" | "Approved" | "Rejected" | "Superseded";

export interface Communication {
  id: string;
  kind: CommunicationKind;
  summary: string;
  occurredAt?: string;
  participants?: EmailAddress[];
  decision: { text: string; status: DecisionStatus; rationale?: string | null; decidedBy?: string | null } | null;
  version: number;
}

export type ObstacleStatus = "Open" | "SolutionProposed" | "Implementing" | "Resolved" | "Accepted";

export interface Obstacle {
  id: string;
  statement: string;
  impact?: string | null;
  proposedSolution?: string | null;
  owner?: string | null;
  status: ObstacleStatus;
  linkedTasks?: number[];
  version: number;
}

export interface Member {
  email: string;
  name: string | null;
  role: ProjectRole;
}

// One search hit: a task (id = its number), communication, decision, obstacle or stakeholder.
export interface SearchHit {
  type: "task" | "communication" | "decision" | "obstacle" | "stakeholder";
  id: string;
  number: number | null;
  title: string;
  snippet: string;
  rank: number;
}

export interface DevToken {
  accessToken: string;
  expiresAt: string;
  user: SignedInUser;
}

export interface PaneConfig {
  signIn: "local" | "entra";
  devSignIn: boolean;
  clientId: string | null;
  authority: string | null;
  scopes: string[];
  demoUsers: { name: string; email: string; role: ProjectRole }[];
}

// The shared workbook and the schedule (the Excel pane).

// A Plan row in the cell forms the sheet shows: "ID" "T-12", dates "yyyy-MM-dd", % Complete 0–1, "Version" a number.
export type PlanCell = string | number | boolean | null;
export type PlanRow = Record<string, PlanCell>;

export interface PlanRowsPage {
  planVersion: number;
  rows: PlanRow[];
  nextCursor: string | null;
}

export interface PlanReport {
  applied: { row: number; id: string; column: string; from: string | null; to: string | null; version?: number | null }[];
  created: { row: number; number: number; key: string; version: number }[];
  conflicts: { row: number; id: string; column: string; base: string | null; server: string | null; workbook: string | null; serverVersion: number }[];
  rowErrors: { row: number; id: string | null; column: string | null; detail: string }[];
  missing: string[];
  warnings?: { detail: string }[];
}

export interface ScheduledTask {
  number: number;
  key: string;
  totalSlack: number | null;
  critical: boolean;
}

export interface ProjectSchedule {
  planVersion: number;
  projectFinish: string | null;
  criticalPath: number[];
  tasks: ScheduledTask[];
}

export interface ShiftRequest {
  to?: string;
  byDays?: number;
  cascade: boolean;
}

export interface ShiftResult {
  planVersion: number;
  moved: { number: number; key: string; fromStart: string | null; fromFinish: string | null; toStart: string | null; toFinish: string | null; version?: number | null }[];
}

// Status reports (the Outlook pane in compose mode).
export type Audience = "ManageClosely" | "KeepSatisfied" | "KeepInformed" | "Monitor";

export interface ReportRendering {
  audience: Audience;
  external: boolean;
  subject: string;
  html: string;
  text: string;
  recipients: { name: string; email: string }[];
}

// What the pane puts into a draft: a report's rendering, or an owner's update request.
export interface Insertion {
  subject: string;
  html: string;
  recipients: { name: string; email: string }[];
}

// One owner's update request (POST .../update-requests), already recorded as an Outbound Request.
export interface UpdateRequest {
  owner: string;
  tasks: number[];
  subject: string;
  html: string;
  text: string;
  communicationId: string;
  state: "Drafted" | "Sent";
}

export interface StatusReportSummary {
  number: number;
  key: string;
  asOf: string;
  status: "Green" | "Amber" | "Red";
}

export interface StatusReport extends StatusReportSummary {
  renderings: ReportRendering[];
}
