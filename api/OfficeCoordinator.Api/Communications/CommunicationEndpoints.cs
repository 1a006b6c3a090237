using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OfficeCoordinator.Api.Auth;
using OfficeCoordinator.Api.Data;
using OfficeCoordinator.Api.Emails;
using OfficeCoordinator.Api.History;
using OfficeCoordinator.Api.Http;
using OfficeCoordinator.Api.Http.OpenApi;
using OfficeCoordinator.Api.Projects;
using OfficeCoordinator.Api.Stakeholders;
using OfficeCoordinator.Api.Tasks;
using OfficeCoordinator.Client.Contracts;
using CommunicationDto = OfficeCoordinator.Client.Contracts.Communication;
using OfficeCoordinator.Api.Idempotency;

namespace OfficeCoordinator.Api.Communications;

// The communication log and the decisions it carries. Decisions are communications of kind Decision:
// /decisions lists and patches the same records, and only managers approve, reject or supersede them.
public static class CommunicationEndpoints
{
    private static readonly string[] Sortable = ["occurredAt", "kind"];

    public static RouteGroupBuilder MapCommunications(this IEndpointRouteBuilder app)
    {
        var log = app.MapProjectGroup("/communications", "Communications");
        log.MapGet("/", (HttpRequest request, ProjectAccess access, CoordinatorDb db, CancellationToken cancellationToken) =>
            ListAsync(request, access, db, decisionsOnly: false, cancellationToken)).Describe("Communications_List", "List the communication log").WithQuery(ListQuery);
        log.MapPost("/", LogAsync).Describe("Communications_Create", "Record a communication or decision").RequireProjectRole(ProjectRole.Coordinator, "log communications").Idempotent();
        log.MapGet("/{id}", (string id, ProjectAccess access, CoordinatorDb db, HttpResponse response, CancellationToken cancellationToken) =>
            GetAsync(id, access, db, response, decisionsOnly: false, cancellationToken)).Describe("Communications_Get", "Read a communication");
        log.MapPatch("/{id}", (string id, JsonObject patch, ProjectAccess access, CoordinatorDb db, IOptions<JsonOptions> json, HttpRequest request,
                HttpResponse response, CancellationToken cancellationToken) =>
                UpdateAsync(id, patch, access, db, json, request, response, decisionsOnly: false, cancellationToken)).Describe("Communications_Update", "Change a communication (JSON merge patch)").ProducesProblems(409)
            .RequireProjectRole(ProjectRole.Coordinator, "change the communication log")
            .Accepts<CommunicationPatch>("application/json", "application/merge-patch+json");
        log.MapItemHistory("communication", "{id}");

        var decisions = app.MapProjectGroup("/decisions", "Decisions");
        decisions.MapGet("/", (HttpRequest request, ProjectAccess access, CoordinatorDb db, CancellationToken cancellationToken) =>
            ListAsync(request, access, db, decisionsOnly: true, cancellationToken)).Describe("Decisions_List", "List decisions").WithQuery(ListQuery);
        decisions.MapGet("/{id}", (string id, ProjectAccess access, CoordinatorDb db, HttpResponse response, CancellationToken cancellationToken) =>
            GetAsync(id, access, db, response, decisionsOnly: true, cancellationToken)).Describe("Decisions_Get", "Read a decision");
        decisions.MapPatch("/{id}", (string id, JsonObject patch, ProjectAccess access, CoordinatorDb db, IOptions<JsonOptions> json, HttpRequest request,
                HttpResponse response, CancellationToken cancellationToken) =>
                UpdateAsync(id, patch, access, db, json, request, response, decisionsOnly: true, cancellationToken)).Describe("Decisions_Update", "Change a decision (JSON merge patch)").ProducesProblems(409)
            .RequireProjectRole(ProjectRole.Coordinator, "change decisions")
            .Accepts<DecisionPatch>("application/json", "application/merge-patch+json");
        return log;
    }

    // What ListAsync reads from the query string.
    private static readonly QueryParameter[] ListQuery =
    [
        new("limit", typeof(int), $"Items per page, 1 to {PageRequest.MaxLimit} (default {PageRequest.DefaultLimit})."),
        new("cursor", typeof(string), "The nextCursor of the previous page."),
        new("sort", typeof(string), $"One of {string.Join(", ", Sortable)}; prefix '-' for descending."),
        new("q", typeof(string), "Words the summary or decision contains."),
        new("kind", typeof(string), $"Only these kinds, comma-separated: {string.Join(", ", Enum.GetNames<CommunicationKind>())}."),
        new("channel", typeof(string), $"Only these channels, comma-separated: {string.Join(", ", Enum.GetNames<Channel>())}."),
        new("status", typeof(string), $"Only decisions of these statuses, comma-separated: {string.Join(", ", Enum.GetNames<DecisionStatus>())}."),
        new("task", typeof(int), "Only those linked to this task number."),
        new("from", typeof(DateOnly), "Only those that occurred on or after this day."),
        new("to", typeof(DateOnly), "Only those that occurred on or before this day."),
        new("stakeholder", typeof(string), "Only those this stakeholder (by id) took part in."),
    ];

    private static async Task<Results<Ok<Page<CommunicationDto>>, ValidationProblem>> ListAsync(
        HttpRequest request, ProjectAccess access, CoordinatorDb db, bool decisionsOnly, CancellationToken cancellationToken)
    {
        var query = request.Query;
        var errors = new Validation();
        var page = PageRequest.Read(QueryValues.ReadInt(query["limit"], "limit", errors), query["cursor"], query["sort"], query["q"], Sortable, errors);
        var kinds = QueryValues.ReadEnums<CommunicationKind>(query["kind"], "kind", errors);
        var channels = QueryValues.ReadEnums<Channel>(query["channel"], "channel", errors);
        var statuses = QueryValues.ReadEnums<DecisionStatus>(query["status"], "status", errors);
        var task = QueryValues.ReadInt(query["task"], "task", errors);
        var from = QueryValues.ReadDate(query["from"], "from", errors);
        var to = QueryValues.ReadDate(query["to"], "to", errors);
        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        var projectId = access.Project.Id;
        var log = db.Communications.AsNoTracking().Include(c => c.SourceEmail).Where(c => c.ProjectId == projectId);
        if (decisionsOnly)
        {
            log = log.Where(c => c.Kind == CommunicationKind.Decision);
        }

        if (kinds.Count > 0)
        {
            log = log.Where(c => kinds.Contains(c.Kind));
        }

        if (channels.Count > 0)
        {
            log = log.Where(c => channels.Contains(c.Channel));
        }

        if (statuses.Count > 0)
        {
            log = log.Where(c => c.DecisionStatus != null && statuses.Contains(c.DecisionStatus.Value));
        }

        if (task is { } number)
        {
            log = log.Where(c => c.LinkedTasks.Contains(number));
        }

        if (query["stakeholder"].ToString() is { Length: > 0 } stakeholderId)
        {
            var email = await db.Stakeholders.Where(s => s.ProjectId == projectId && s.Id == stakeholderId).Select(s => s.Email).FirstOrDefaultAsync(cancellationToken);
            log = log.Where(c => email != null && c.Participants.Contains(email));
        }

        if (from is { } first)
        {
            var since = first.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
            log = log.Where(c => c.OccurredAt >= since);
        }

        if (to is { } last)
        {
            var until = last.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
            log = log.Where(c => c.OccurredAt < until);
        }

        if (page.Q is { } text)
        {
            var lowered = text.ToLowerInvariant();
            log = log.Where(c => c.Summary.ToLower().Contains(lowered) || (c.DecisionText != null && c.DecisionText.ToLower().Contains(lowered))
                || (c.Rationale != null && c.Rationale.ToLower().Contains(lowered)));
        }

        // Newest first unless asked otherwise.
        var ordered = (page.Sort, page.Descending) switch
        {
            ("kind", false) => log.OrderBy(c => c.Kind).ThenByDescending(c => c.OccurredAt),
            ("kind", true) => log.OrderByDescending(c => c.Kind).ThenByDescending(c => c.OccurredAt),
            ("occurredat", false) => log.OrderBy(c => c.OccurredAt),
            _ => log.OrderByDescending(c => c.OccurredAt),
        };
        var rows = await page.Slice(ordered.ThenBy(c => c.Id)).ToListAsync(cancellationToken);
        var names = await StakeholderRegister.NamesAsync(db, projectId, rows.SelectMany(c => c.Participants), cancellationToken);
        return TypedResults.Ok(page.ToPage(rows, c => c.AsDto(names)));
    }

    private static async Task<Results<Created<CommunicationDto>, ValidationProblem, ProblemHttpResult>> LogAsync(
        NewCommunication input, ProjectAccess access, CoordinatorDb db, CurrentUser user, TimeProvider time, MessageReader reader, HttpResponse response,
        CancellationToken cancellationToken)
    {
        var project = access.Project;
        var errors = new Validation().Text("summary", input.Summary, "Summary", Communication.SummaryLength, required: true);
        // In Entra mode the message is read from the caller's mailbox by its item id.
        var email = input.SourceEmail is null ? null : (await reader.ReadAsync(input.SourceEmail, "sourceEmail", errors, cancellationToken)).Email;

        if (input.Participants is { Count: > StakeholderRegister.MaxPeople })
        {
            errors.Add("participants", TooManyParticipants);
        }

        foreach (var (person, i) in (input.Participants ?? []).Take(StakeholderRegister.MaxPeople).Select((p, i) => (p, i)))
        {
            errors.Email($"participants[{i}].email", person?.Email?.Trim(), "Email").Text($"participants[{i}].name", person?.Name, "Name", Validation.NameLength);
        }

        var decision = input.Decision;
        if (input.Kind == CommunicationKind.Decision && decision is null)
        {
            errors.Add("decision", "A decision needs decision.text.");
        }
        else if (input.Kind != CommunicationKind.Decision && decision is not null)
        {
            errors.Add("decision", "Only a communication of kind Decision carries a decision.");
        }

        if (decision is not null)
        {
            ValidateDecision(errors, decision.Text, decision.DecidedBy, decision.Rationale);
            if (decision.Status is { } status && status != DecisionStatus.Proposed && access.Role != ProjectRole.Manager)
            {
                return Problems.Forbidden($"Only a project manager can log a decision as {status}; log it as Proposed.");
            }
        }

        await TaskRules.ValidateLinksAsync(db, project.Id, input.LinkedTasks ?? [], errors, cancellationToken);
        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        var people = input.Participants?.Where(p => p is not null).ToList() ?? (email is null ? [] : [.. EmailMessages.People(email)]);
        var communication = new Communication
        {
            TenantId = project.TenantId,
            ProjectId = project.Id,
            OccurredAt = (input.OccurredAt ?? email?.ReceivedAt ?? time.GetUtcNow()).UtcDateTime,
            Channel = input.Channel ?? (email is null ? Channel.Other : Channel.Email),
            Direction = input.Direction ?? DirectionOf(email, access),
            Kind = input.Kind,
            Summary = input.Summary.Trim(),
            LinkedTasks = [.. input.LinkedTasks ?? []],
            DecisionText = decision?.Text.Trim(),
            DecidedBy = TaskEndpoints.NormalizeEmail(decision?.DecidedBy),
            Rationale = decision?.Rationale?.Trim(),
            DecisionStatus = decision is null ? null : decision.Status ?? DecisionStatus.Proposed,
            ReviewOn = decision?.ReviewOn,
            LoggedByEmail = access.Membership.Email,
            LoggedByName = user.Name,
            CreatedAt = time.GetUtcNow().UtcDateTime,
        };

        // The people and the email are looked up before the transaction, which only locks the project and writes.
        await db.RetryOnUniqueViolationAsync(async () =>
        {
            communication.Participants = await StakeholderRegister.EnsureAllAsync(db, project, people, cancellationToken);
            if (email is not null)
            {
                communication.SourceEmail = await EmailReference.FindOrAddAsync(db, project.TenantId, project.Id, email, cancellationToken);
            }

            await using var write = await db.BeginProjectWriteAsync(project.Id, 0, cancellationToken);
            db.Communications.Add(communication);
            await db.SaveChangesAsync(cancellationToken);
            await write.CommitAsync(cancellationToken);
            return communication;
        });
        var names = await StakeholderRegister.NamesAsync(db, project.Id, communication.Participants, cancellationToken);
        response.SetETag(communication.Version);
        return TypedResults.Created($"/api/projects/{project.Id}/communications/{communication.Id}", communication.AsDto(names));
    }

    private static async Task<Results<Ok<CommunicationDto>, ProblemHttpResult>> GetAsync(
        string id, ProjectAccess access, CoordinatorDb db, HttpResponse response, bool decisionsOnly, CancellationToken cancellationToken)
    {
        var communication = await FindAsync(db, access.Project.Id, id, decisionsOnly, cancellationToken);
        if (communication is null)
        {
            return NotFound(id, decisionsOnly);
        }

        var names = await StakeholderRegister.NamesAsync(db, access.Project.Id, communication.Participants, cancellationToken);
        response.SetETag(communication.Version);
        return TypedResults.Ok(communication.AsDto(names));
    }

    private static async Task<Results<Ok<CommunicationDto>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        string id, JsonObject patch, ProjectAccess access, CoordinatorDb db, IOptions<JsonOptions> json, HttpRequest request, HttpResponse response,
        bool decisionsOnly, CancellationToken cancellationToken)
    {
        var project = access.Project;
        var communication = await FindAsync(db, project.Id, id, decisionsOnly, cancellationToken);
        if (communication is null)
        {
            return NotFound(id, decisionsOnly);
        }

        var errors = new Validation();
        // /decisions/{id} takes the decision's own members; /communications/{id} takes them under "decision".
        var body = new MergePatch(decisionsOnly ? [] : patch, json.Value.SerializerOptions, errors);
        var decision = decisionsOnly ? new MergePatch(patch, json.Value.SerializerOptions, errors) : body.Nested("decision");
        var decisionPath = decisionsOnly ? "" : "decision.";
        if (decision is not null && !communication.IsDecision)
        {
            return Problems.Conflict("Only a communication of kind Decision carries a decision.");
        }

        if (decision is not null && decision.TryGet<DecisionStatus?>("status", out var status))
        {
            if (status is null)
            {
                errors.Add(decisionPath + "status", "The decision's status cannot be cleared.");
            }
            else if (status != DecisionStatus.Proposed && status != communication.DecisionStatus && access.Role != ProjectRole.Manager)
            {
                return Problems.Forbidden($"Only a project manager can set a decision to {status}; you are a {access.Role} on this project.");
            }
        }

        if (Preconditions.CheckIfMatch(request, communication.Version) is { } precondition)
        {
            return precondition;
        }

        body.Set<DateTimeOffset?>("occurredAt", at => communication.OccurredAt = at?.UtcDateTime ?? communication.OccurredAt);
        body.Set<Channel?>("channel", channel => communication.Channel = channel ?? communication.Channel);
        body.Set<Direction?>("direction", direction => communication.Direction = direction ?? communication.Direction);
        body.Set<CommunicationKind?>("kind", kind =>
        {
            if (kind is { } value && (value == CommunicationKind.Decision) != communication.IsDecision)
            {
                errors.Add("kind", "A communication cannot become a decision or stop being one; log a new one instead.");
            }
            else
            {
                communication.Kind = kind ?? communication.Kind;
            }
        });
        body.Set<string>("summary", summary => communication.Summary = summary?.Trim() ?? "");
        // How an outbound report or update request went out: a coordinator corrects it, e.g. Withdrawn for a draft
        // that was never sent.
        body.Set<Delivery?>("delivery", delivery =>
        {
            if (delivery is null || !Enum.IsDefined(delivery.Value))
            {
                errors.Add("delivery", "delivery is Sent, Inserted or Withdrawn; it cannot be cleared.");
            }
            else if (communication.Direction != Direction.Outbound || communication.Kind is not (CommunicationKind.Update or CommunicationKind.Request))
            {
                errors.Add("delivery", "Only an outbound update or request (a status report or an update request) has a delivery.");
            }
            else
            {
                communication.Delivery = delivery;
            }
        });
        body.Set<List<int>>("linkedTasks", linked => communication.LinkedTasks = linked ?? []);
        List<EmailAddress>? participants = null;
        body.Set<List<EmailAddress>>("participants", people => participants = people ?? []);
        decision?.Set<string>("text", text => communication.DecisionText = text?.Trim());
        decision?.Set<string>("decidedBy", decidedBy => communication.DecidedBy = TaskEndpoints.NormalizeEmail(decidedBy));
        decision?.Set<string>("rationale", rationale => communication.Rationale = rationale?.Trim());
        decision?.Set<DecisionStatus?>("status", status => communication.DecisionStatus = status ?? communication.DecisionStatus);
        decision?.Set<DateOnly?>("reviewOn", reviewOn => communication.ReviewOn = reviewOn);

        errors.Text("summary", communication.Summary, "Summary", Communication.SummaryLength, required: true);
        if (participants is { Count: > StakeholderRegister.MaxPeople })
        {
            errors.Add("participants", TooManyParticipants);
        }

        foreach (var (person, i) in (participants ?? []).Take(StakeholderRegister.MaxPeople).Select((p, i) => (p, i)))
        {
            errors.Email($"participants[{i}].email", person?.Email?.Trim(), "Email");
        }

        if (communication.IsDecision)
        {
            ValidateDecision(errors, communication.DecisionText, communication.DecidedBy, communication.Rationale, decisionPath);
        }

        await TaskRules.ValidateLinksAsync(db, project.Id, communication.LinkedTasks, errors, cancellationToken);
        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        if (participants is not null)
        {
            communication.Participants = await StakeholderRegister.EnsureAllAsync(db, project, participants, cancellationToken);
        }

        // A report rendering inserted into a draft that never went out: withdrawn, it may be inserted or sent again (the
        // withdrawn record stays). One the server sent stays sent; only its record says otherwise.
        if (communication.Delivery == Delivery.Withdrawn && communication.ReportNumber is not null
            && await db.ReportMessages.FirstOrDefaultAsync(m => m.ProjectId == project.Id && m.CommunicationId == communication.Id && m.GraphMessageId == null,
                cancellationToken) is { } inserted)
        {
            db.ReportMessages.Remove(inserted);
        }

        await db.SaveChangesAsync(cancellationToken);
        var names = await StakeholderRegister.NamesAsync(db, project.Id, communication.Participants, cancellationToken);
        response.SetETag(communication.Version);
        return TypedResults.Ok(communication.AsDto(names));
    }

    private static readonly string TooManyParticipants =
        $"At most {StakeholderRegister.MaxPeople:N0} participants can be named on one communication; log a large meeting with its organisers and a note.";

    private static void ValidateDecision(Validation errors, string? text, string? decidedBy, string? rationale, string prefix = "decision.") =>
        errors.Text(prefix + "text", text, "The decision", WireLimits.Text, required: true)
            .Email(prefix + "decidedBy", decidedBy, "Decided by", required: false)
            .Text(prefix + "rationale", rationale, "Rationale", WireLimits.Text);

    // From a member of the project: outbound; from anyone else: inbound; logged without an email: internal.
    private static Direction DirectionOf(EmailMessage? email, ProjectAccess access) =>
        email is null ? Direction.Internal
        : string.Equals(email.From.Email.Trim(), access.Membership.Email, StringComparison.OrdinalIgnoreCase) ? Direction.Outbound
        : Direction.Inbound;

    private static Task<Communication?> FindAsync(CoordinatorDb db, string projectId, string id, bool decisionsOnly, CancellationToken cancellationToken) =>
        db.Communications.Include(c => c.SourceEmail)
            .FirstOrDefaultAsync(c => c.ProjectId == projectId && c.Id == id && (!decisionsOnly || c.Kind == CommunicationKind.Decision), cancellationToken);

    private static ProblemHttpResult NotFound(string id, bool decision) =>
        Problems.NotFound($"There is no {(decision ? "decision" : "communication")} '{id}' in this project.");
}
