// The API's wire contract, as the panes use it: names for the types generated from the API's OpenAPI document
// (api/openapi/v1.json → generated/api.ts, `npm --prefix web-taskpane/tools/openapi run types`), so that a member the
// API renames or drops breaks the panes' build instead of their users. Only aliases here, and the few pane-only types
// at the end (marked); a wire type is never written out by hand.
import type { components } from "./generated/api";

type Schemas = components["schemas"];

export type ProjectRole = Schemas["ProjectRole"];
export type WorkStatus = Schemas["WorkStatus"];
export type TaskPriority = Schemas["TaskPriority"];
export type ProjectPhase = Schemas["ProjectPhase"];
export type CommunicationKind = Schemas["CommunicationKind"];
export type Channel = Schemas["Channel"];
export type DecisionStatus = Schemas["DecisionStatus"];
export type ObstacleStatus = Schemas["ObstacleStatus"];
export type Audience = Schemas["Audience"];

export type SignedInUser = Schemas["SignedInUser"];
export type DevToken = Schemas["DevToken"];
export type PaneConfig = Schemas["PaneConfig"];

export type Project = Schemas["Project"];
export type ProjectPage = Schemas["PageOfProject"];
export type DocumentFolder = Schemas["DocumentFolder"];
export type SharedPlan = Schemas["SharedPlan"];
export type Member = Schemas["Member"];
export type MemberPage = Schemas["PageOfMember"];

export type EmailAddress = Schemas["EmailAddress"];
export type EmailMessage = Schemas["EmailMessage"];
export type EmailAttachment = Schemas["EmailAttachment"];
export type EmailPreviewRequest = Schemas["EmailPreviewRequest"];
export type EmailPreview = Schemas["EmailPreview"];
export type Participant = Schemas["Participant"];
export type EmailLink = Schemas["EmailLink"];
export type EmailLinks = Schemas["EmailLinks"];
export type EmailTaskOptions = Schemas["EmailTaskOptions"];
export type AttachmentCopy = Schemas["AttachmentCopy"];
export type AttachmentCopyResult = Schemas["AttachmentCopyResult"];

export type TaskItem = Schemas["TaskItem"];
export type Communication = Schemas["Communication"];
export type NewCommunication = Schemas["NewCommunication"];
export type Obstacle = Schemas["Obstacle"];
export type NewObstacle = Schemas["NewObstacle"];
export type SearchHit = Schemas["SearchHit"];
export type SearchResults = Schemas["SearchResults"];

export type PlanPublication = Schemas["PlanPublication"];
export type PlanReport = Schemas["PlanImportReport"];
export type ProjectSchedule = Schemas["ProjectSchedule"];
export type ScheduledTask = Schemas["ScheduledTask"];
export type ShiftRequest = Schemas["ShiftRequest"];
export type ShiftResult = Schemas["ShiftResult"];

export type ReportRendering = Schemas["ReportRendering"];
export type ReportRecipient = Schemas["ReportRecipient"];
export type ReportInsertion = Schemas["ReportInsertion"];
export type StatusReportSummary = Schemas["StatusReportSummary"];
export type StatusReportPage = Schemas["PageOfStatusReportSummary"];
export type StatusReport = Schemas["StatusReport"];
export type UpdateRequestInput = Schemas["UpdateRequestInput"];
export type UpdateRequest = Schemas["UpdateRequest"];
export type UpdateRequests = Schemas["UpdateRequests"];

export type ProblemDetails = Schemas["ProblemDetails"];

// A Plan row by column name ("ID" "T-12", dates "yyyy-MM-dd", % Complete 0–1, "Version", and "Row" on changes).
export type PlanRow = Schemas["PlanRow"];
export type PlanCell = string | number | boolean | null;
export type PlanRowsPage = Schemas["PlanRowsPage"];
export type PlanChangesInput = Schemas["PlanChangesInput"];

// PATCH bodies: JSON merge patches (a member left out stays, null clears).
export type TaskPatch = Schemas["TaskPatch"];
export type ObstaclePatch = Schemas["ObstaclePatch"];

// Pane-only, never on the wire.

// The message as the pane read it from Office.js: its attachments' list stays in the pane (in Entra mode the API
// reads the mailbox itself; in Local mode the pane sends the files it read).
export type ReadMessage = EmailMessage & { attachments?: EmailAttachment[] };

// A file the pane read from the message (Local mode uploads these as multipart form data).
export interface AttachmentFile {
  id: string;
  name: string;
  contentType: string | null;
  content: Blob;
}

// What the pane puts into a draft: a report's rendering, or an owner's update request.
export interface Insertion {
  subject: string;
  html: string;
  recipients: ReportRecipient[];
}
