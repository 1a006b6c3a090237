using OfficeCoordinator.Api.Auth;
using OfficeCoordinator.Api.Communications;
using OfficeCoordinator.Api.Data;
using OfficeCoordinator.Api.Documents;
using OfficeCoordinator.Api.Emails;
using OfficeCoordinator.Api.History;
using OfficeCoordinator.Api.Idempotency;
using OfficeCoordinator.Api.Mail;
using OfficeCoordinator.Api.Http;
using OfficeCoordinator.Api.Http.OpenApi;
using OfficeCoordinator.Api.Obstacles;
using OfficeCoordinator.Api.Panes;
using OfficeCoordinator.Api.Plans;
using OfficeCoordinator.Api.Projects;
using OfficeCoordinator.Api.Reports;
using OfficeCoordinator.Api.Schedule;
using OfficeCoordinator.Api.Search;
using OfficeCoordinator.Api.Stakeholders;
using OfficeCoordinator.Api.Tasks;
using Scalar.AspNetCore;

// Configuration is found wherever the process starts: `dotnet /path/OfficeCoordinator.Api.dll` from another folder
// reads the appsettings.json beside the application (the working directory stays the content root when it has one,
// as under `dotnet run`).
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = ContentRoot.Find(args) });

// Without a Logging section (no appsettings.json at all), Production still keeps SQL statements and per-request
// framework chatter out of its logs.
if (!builder.Configuration.GetSection("Logging:LogLevel").Exists())
{
    builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
    builder.Logging.AddFilter("Microsoft.EntityFrameworkCore", LogLevel.Warning);
}

// Every error is RFC 9457 problem details: exceptions, binding failures, unknown routes, auth failures.
builder.Services.AddProblems();

// JSON on the wire: camelCase, enums by name, strict numbers; bodies up to 1 MB.
builder.Services.AddApiJson();
builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = ApiJson.MaxRequestBodyBytes);

// Clocks are injected so that tests and the schedule can control "today".
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton(_ => new OfficeCoordinator.Api.Schedule.PlanCache());

// Sign-in: Local JWT bearer (default) or Entra ID when AzureAd:ClientId is set; one CurrentUser per request.
builder.AddSignIn();

// EF Core on SQLite (default) or PostgreSQL; migrations (and demo data in Development) before the first request.
builder.AddDatabase();

// Who may see and change which project: membership and role, resolved once per request.
builder.Services.AddProjectAccess();

// Microsoft Graph on behalf of the user (Entra mode): one client pipeline, bounded retries, Graph:BaseUrl.
builder.AddMicrosoftGraph();

// Weekly status reports, published by whichever instance takes a due schedule's lease.
builder.Services.AddReportScheduler();

// Each project's document folder: SharePoint/OneDrive through Graph, or a folder under the data directory (Local mode).
builder.Services.AddDocuments();

// Uploaded workbooks are untrusted: caps on their size, parts and rows (Plans:Import), checked at start-up.
builder.Services.AddPlans();

// Framing only by Office hosts, no sniffing, no caching of signed-in answers; HSTS in Production.
builder.Services.AddSecurityHeaders();

// Requests per user (reads and writes apart) and per client address before sign-in (RateLimits).
builder.Services.AddRateLimits();

// Idempotency-Key on creating POSTs, kept in the database so that a retried request never creates twice.
builder.Services.AddIdempotencyKeys();

// The OpenAPI document for outside callers and the Refit client.
builder.Services.AddApiDocument();

var app = builder.Build();

app.UseForwardedClientAddress();
app.UseProblems();
app.UseSecurityHeaders();

// The Outlook and Excel task panes, from the same origin as the API they call.
app.UsePanes();

app.UseCleanRequestValues();
app.UseAuthentication();
app.UseRateLimits();
app.UseAuthorization();
app.UseIdempotencyKeys();

// Liveness and readiness for load balancers and orchestrators.
app.MapHealth();

// /openapi/v1.json everywhere; a browsable reference at /scalar in Development.
app.MapOpenApi().AllowAnonymous();
if (app.Environment.IsDevelopment())
{
    app.MapScalarApiReference().AllowAnonymous();
}

// Identity: who am I, how the panes sign in, and (Development, Local mode only) a sign-in for the browser preview.
app.MapMe();
app.MapPanes();
if (app.Environment.IsDevelopment() && app.Services.GetRequiredService<SignInModeAccessor>().Mode == SignInMode.Local)
{
    app.MapDevSignIn();
}

// Projects, their members and their history.
app.MapProjects();
app.MapMembers();
app.MapHistory();

// The coordinator's day: tasks (also from emails), the stakeholder register, and what an email is linked to.
app.MapTasks();
app.MapStakeholders();
app.MapEmails();

// The coordinator's record: the communication and decision log, obstacles to resolution, and search over it all.
app.MapCommunications();
app.MapObstacles();
app.MapSearch();

// The shared workbook: the whole plan as plan.xlsx, which managers and coordinators open in Excel.
app.MapPlans();

// The document folder, attachments copied from mail into it, and the plan published there (merging edits made in it).
app.MapDocuments();
app.MapPlanPublishing();

// The plan as rows for the Excel pane, merged back cell by cell against the server and its history.
app.MapPlanMerge();

// Keeping stakeholders informed: status reports computed from the record.
app.MapStatusReports();
app.MapUpdateRequests();
app.MapReportSends();
app.MapReportSchedule();

// What slips and what it drags along: critical path, slack and baseline variance; shifting tasks; taking the baseline.
app.MapSchedule();

app.Run();
