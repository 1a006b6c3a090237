using Microsoft.EntityFrameworkCore;
using OfficeCoordinator.Api.Auth;
using OfficeCoordinator.Api.Data;
using OfficeCoordinator.Api.Communications;
using OfficeCoordinator.Api.Emails;
using OfficeCoordinator.Api.Obstacles;
using OfficeCoordinator.Api.Projects;
using OfficeCoordinator.Api.Tasks;
using OfficeCoordinator.Client.Contracts;
using Member = OfficeCoordinator.Api.Projects.Member;
using Project = OfficeCoordinator.Api.Projects.Project;
using Communication = OfficeCoordinator.Api.Communications.Communication;
using Obstacle = OfficeCoordinator.Api.Obstacles.Obstacle;
using Stakeholder = OfficeCoordinator.Api.Stakeholders.Stakeholder;

namespace OfficeCoordinator.Api.Demo;

// The product-launch project a newcomer finds after `dotnet run` (Development only, first start only).
internal static class DemoData
{
    public const string ProjectName = "Contoso product launch";

    public static readonly (string Name, string Email, ProjectRole Role)[] People =
    [
        ("Alice Manager", "alice@contoso.com", ProjectRole.Manager),
        ("Bob Coordinator", "bob@contoso.com", ProjectRole.Coordinator),
        ("Dan Contributor", "dan@contoso.com", ProjectRole.Contributor),
        ("Carol Viewer", "carol@contoso.com", ProjectRole.Viewer),
    ];

    public static async Task SeedAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var user = services.GetRequiredService<CurrentUser>();
        var (managerName, managerEmail, _) = People[0];
        user.ActAs(CurrentUser.LocalTenant, DevTokenIssuer.StableObjectId(CurrentUser.LocalTenant, managerEmail).ToString(), managerName, managerEmail);

        var db = services.GetRequiredService<CoordinatorDb>();
        if (await db.Projects.AnyAsync(cancellationToken))
        {
            return;
        }

        var time = services.GetRequiredService<TimeProvider>();
        var now = time.GetUtcNow().UtcDateTime;
        var today = DateOnly.FromDateTime(now);
        var project = new Project
        {
            TenantId = CurrentUser.LocalTenant,
            Name = ProjectName,
            Description = "Launch of the Contoso Aurora headset: readiness, venue, press and the launch event itself.",
            Start = today.AddDays(-14),
            Finish = today.AddDays(70),
            Budget = 250_000m,
            Currency = "EUR",
            CreatedAt = now,
            CreatedBy = user.ObjectId,

            // Every task below is seeded with its baseline (DESIGN.md "Demo data": the demo's baseline is taken), so the
            // project records when and by whom, as POST /baseline would.
            BaselineTakenAt = now,
            BaselineTakenBy = managerEmail,
        };
        foreach (var (name, email, role) in People)
        {
            project.Members.Add(new Member
            {
                TenantId = CurrentUser.LocalTenant,
                ProjectId = project.Id,
                Email = email,
                Name = name,
                Role = role,
                UserObjectId = DevTokenIssuer.StableObjectId(CurrentUser.LocalTenant, email).ToString(),
                Joined = now,
            });
        }

        db.Projects.Add(project);
        await db.SaveChangesAsync(cancellationToken);

        foreach (var (name, email, organization, title, isInternal, influence, interest, engagement) in Stakeholders)
        {
            db.Stakeholders.Add(new Stakeholder
            {
                TenantId = project.TenantId,
                ProjectId = project.Id,
                Name = name,
                Email = email,
                Organization = organization,
                Title = title,
                Internal = isInternal,
                Influence = influence,
                Interest = interest,
                Engagement = engagement,
                CreatedAt = now,
            });
        }

        await db.SaveChangesAsync(cancellationToken);
        await SeedTasksAsync(db, project, user, now, cancellationToken);
        await SeedRecordAsync(db, project, now, cancellationToken);

        // The first status report, published by the coordinator, so the pane has one to insert and the workbook a Status sheet.
        await Reports.StatusReportEndpoints.PublishReportAsync(db, project, null, today, null, allowMoneyForExternal: false, supersedes: null,
            new Actor(NameOf("bob@contoso.com"), "bob@contoso.com"), time, cancellationToken);
    }

    // The coordinator's record so far: calls, meetings and emails logged, three decisions, two obstacles.
    private static async Task SeedRecordAsync(CoordinatorDb db, Project project, DateTime now, CancellationToken cancellationToken)
    {
        var log = new (int DaysAgo, Channel Channel, Direction Direction, CommunicationKind Kind, string Summary, string[] People, int[] Tasks, string By)[]
        {
            (14, Channel.Meeting, Direction.Internal, CommunicationKind.Note, "Kick-off: goals, roles and the launch date agreed with the sponsor.", ["priya@contoso.com"], [1, 2], "bob@contoso.com"),
            (13, Channel.Email, Direction.Outbound, CommunicationKind.Update, "Sent the launch plan and RACI to all stakeholders.", ["priya@contoso.com", "grace@contoso.com"], [3], "bob@contoso.com"),
            (12, Channel.Call, Direction.Outbound, CommunicationKind.Request, "Asked three venues for availability and quotes.", ["erin@venue.example"], [4], "bob@contoso.com"),
            (11, Channel.Email, Direction.Inbound, CommunicationKind.Update, "Harbour Hall can hold the date until Friday; contract follows.", ["erin@venue.example"], [4, 5], "bob@contoso.com"),
            (10, Channel.Meeting, Direction.Internal, CommunicationKind.Note, "Design review of the brochure draft: shorter copy, bigger product shots.", ["priya@contoso.com"], [9], "alice@contoso.com"),
            (9, Channel.Email, Direction.Inbound, CommunicationKind.Request, "Security Office asks for a pen-test of the registration site before go-live.", ["grace@contoso.com"], [7], "bob@contoso.com"),
            (8, Channel.Chat, Direction.Internal, CommunicationKind.Update, "Dan started the security review; first findings due next week.", ["dan@contoso.com"], [7], "bob@contoso.com"),
            (7, Channel.Call, Direction.Inbound, CommunicationKind.Update, "Tanaka Catering sent three menu options with vegetarian and vegan choices.", ["hiro@partner.example"], [6], "bob@contoso.com"),
            (6, Channel.Email, Direction.Outbound, CommunicationKind.Request, "Asked Druckerei Müller for a print slot in the week before the launch.", ["j.mueller@lieferant.example.de"], [11], "bob@contoso.com"),
            (5, Channel.Email, Direction.Inbound, CommunicationKind.Escalation, "Print shop needs approval EOD tomorrow or the slot moves a week.", ["j.mueller@lieferant.example.de", "alice@contoso.com"], [10, 11], "bob@contoso.com"),
            (4, Channel.Meeting, Direction.Internal, CommunicationKind.Update, "Weekly status: venue contract late, everything else on plan.", ["priya@contoso.com", "alice@contoso.com"], [5], "alice@contoso.com"),
            (3, Channel.Email, Direction.Outbound, CommunicationKind.Update, "Status report sent to the sponsor with the venue risk highlighted.", ["priya@contoso.com"], [5], "bob@contoso.com"),
            (3, Channel.Call, Direction.Outbound, CommunicationKind.Request, "Invited TechNews to the press briefing under embargo.", ["tom@technews.example"], [13], "alice@contoso.com"),
            (2, Channel.Chat, Direction.Internal, CommunicationKind.Note, "Demo units leave the warehouse on the 12th; tracking numbers to follow.", ["dan@contoso.com"], [14], "bob@contoso.com"),
            (1, Channel.Email, Direction.Inbound, CommunicationKind.Update, "Legal reviewed the venue contract; two clauses need changes.", ["erin@venue.example"], [5], "bob@contoso.com"),
        };
        foreach (var entry in log)
        {
            db.Communications.Add(new Communication
            {
                TenantId = project.TenantId, ProjectId = project.Id, OccurredAt = now.AddDays(-entry.DaysAgo), Channel = entry.Channel,
                Direction = entry.Direction, Kind = entry.Kind, Summary = entry.Summary, Participants = [.. entry.People], LinkedTasks = [.. entry.Tasks],
                LoggedByEmail = entry.By, LoggedByName = NameOf(entry.By), CreatedAt = now,
            });
        }

        var decisions = new (int DaysAgo, string Summary, string Text, string DecidedBy, string Rationale, DecisionStatus Status, int[] Tasks)[]
        {
            (12, "Steering meeting with the sponsor", "Launch budget of EUR 250,000 approved", "priya@contoso.com", "Matches the Q1 marketing forecast", DecisionStatus.Approved, [3]),
            (6, "Call with Erin Vendor", "Book the Harbour Hall for the launch event", "alice@contoso.com", "The only venue free on the date with room for 300 guests", DecisionStatus.Proposed, [5, 17]),
            (2, "Catering review", "Vegetarian-first menu from Tanaka Catering", "bob@contoso.com", "Most registrations asked for vegetarian options", DecisionStatus.Proposed, [6]),
        };
        foreach (var decision in decisions)
        {
            db.Communications.Add(new Communication
            {
                TenantId = project.TenantId, ProjectId = project.Id, OccurredAt = now.AddDays(-decision.DaysAgo), Channel = Channel.Meeting,
                Direction = Direction.Internal, Kind = CommunicationKind.Decision, Summary = decision.Summary, DecisionText = decision.Text,
                DecidedBy = decision.DecidedBy, Rationale = decision.Rationale, DecisionStatus = decision.Status, LinkedTasks = [.. decision.Tasks],
                Participants = [decision.DecidedBy], LoggedByEmail = "bob@contoso.com", LoggedByName = NameOf("bob@contoso.com"), CreatedAt = now,
            });
        }

        db.Obstacles.Add(new Obstacle
        {
            TenantId = project.TenantId, ProjectId = project.Id, Statement = "Venue contract clauses on liability not accepted by legal",
            Impact = "Without a signed contract the venue releases the date; the launch could slip by weeks.",
            CommunicatedTo = ["priya@contoso.com", "erin@venue.example"], ProposedSolution = "Legal and Harbour Hall agree a capped liability clause.",
            Owner = "bob@contoso.com", Status = ObstacleStatus.SolutionProposed, LinkedTasks = [5], RaisedByEmail = "bob@contoso.com",
            RaisedByName = NameOf("bob@contoso.com"), RaisedAt = now.AddDays(-1),
        });
        db.Obstacles.Add(new Obstacle
        {
            TenantId = project.TenantId, ProjectId = project.Id, Statement = "Brochure photos arrived in low resolution",
            Impact = "Print quality below brand standard.", CommunicatedTo = ["j.mueller@lieferant.example.de"],
            ProposedSolution = "Re-export from the original shoot.", Owner = "bob@contoso.com", Status = ObstacleStatus.Resolved, LinkedTasks = [9],
            RaisedByEmail = "bob@contoso.com", RaisedByName = NameOf("bob@contoso.com"), RaisedAt = now.AddDays(-6), ResolvedAt = now.AddDays(-4),
        });
        await db.SaveChangesAsync(cancellationToken);
        await ObstacleBlocking.ApplyAsync(db, project.Id, [5, 9], cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
    }

    private static string NameOf(string email) => People.FirstOrDefault(p => p.Email == email).Name ?? email;

    private static readonly (string Name, string Email, string Organization, string Title, bool Internal, int Influence, int Interest, Engagement Engagement)[] Stakeholders =
    [
        ("Priya Sharma", "priya@contoso.com", "Contoso", "VP Marketing (sponsor)", true, 5, 5, Engagement.Leading),
        ("Grace Security", "grace@contoso.com", "Contoso", "Security Office", true, 4, 3, Engagement.Supportive),
        ("Erin Vendor", "erin@venue.example", "Harbour Hall Events", "Venue manager", false, 3, 4, Engagement.Supportive),
        ("Hiro Tanaka", "hiro@partner.example", "Tanaka Catering", "Account lead", false, 2, 3, Engagement.Neutral),
        ("Jürgen Müller", "j.mueller@lieferant.example.de", "Druckerei Müller", "Print production", false, 2, 2, Engagement.Neutral),
        ("Tom Reyes", "tom@technews.example", "TechNews", "Journalist", false, 4, 2, Engagement.Unaware),
    ];

    // About twenty tasks across the phases, with dependencies, a milestone, a slipped task and three made from emails.
    private static async Task SeedTasksAsync(CoordinatorDb db, Project project, CurrentUser user, DateTime now, CancellationToken cancellationToken)
    {
        var day0 = project.Start!.Value;
        var plan = new (string Title, ProjectPhase Phase, string Owner, int StartDay, int Days, WorkStatus Status, int Percent, decimal Cost, int[] After, bool Milestone, int Slip)[]
        {
            ("Confirm launch goals with the sponsor", ProjectPhase.Initiating, "alice@contoso.com", 0, 2, WorkStatus.Done, 100, 0m, [], false, 0),
            ("Stakeholder kick-off meeting", ProjectPhase.Initiating, "bob@contoso.com", 2, 1, WorkStatus.Done, 100, 500m, [1], false, 0),
            ("Launch plan and budget approved", ProjectPhase.Planning, "alice@contoso.com", 3, 0, WorkStatus.Done, 100, 0m, [2], true, 0),
            ("Shortlist venues", ProjectPhase.Planning, "bob@contoso.com", 3, 4, WorkStatus.Done, 100, 0m, [2], false, 0),
            ("Sign the venue contract", ProjectPhase.Executing, "bob@contoso.com", 7, 3, WorkStatus.InProgress, 50, 42_000m, [4], false, 2),
            ("Catering options chosen", ProjectPhase.Executing, "dan@contoso.com", 10, 5, WorkStatus.NotStarted, 0, 18_000m, [5], false, 0),
            ("Security review of the registration site", ProjectPhase.Executing, "dan@contoso.com", 8, 6, WorkStatus.InProgress, 30, 6_000m, [3], false, 0),
            ("Registration site live", ProjectPhase.Executing, "dan@contoso.com", 14, 2, WorkStatus.NotStarted, 0, 9_000m, [7], false, 0),
            ("Brochure copy and design", ProjectPhase.Executing, "bob@contoso.com", 5, 8, WorkStatus.InProgress, 60, 7_500m, [3], false, 0),
            ("Brochure print approval", ProjectPhase.Executing, "alice@contoso.com", 13, 1, WorkStatus.NotStarted, 0, 0m, [9], false, 0),
            ("Print brochures", ProjectPhase.Executing, "bob@contoso.com", 14, 5, WorkStatus.NotStarted, 0, 12_000m, [10], false, 0),
            ("Press kit", ProjectPhase.Executing, "bob@contoso.com", 10, 5, WorkStatus.NotStarted, 0, 3_000m, [3], false, 0),
            ("Press briefings", ProjectPhase.Executing, "alice@contoso.com", 20, 5, WorkStatus.NotStarted, 0, 4_000m, [12], false, 0),
            ("Demo units shipped to the venue", ProjectPhase.Executing, "dan@contoso.com", 22, 3, WorkStatus.NotStarted, 0, 15_000m, [5], false, 0),
            ("Staff rota for the event", ProjectPhase.Executing, "bob@contoso.com", 20, 3, WorkStatus.NotStarted, 0, 0m, [5], false, 0),
            ("Rehearsal at the venue", ProjectPhase.Controlling, "bob@contoso.com", 27, 1, WorkStatus.NotStarted, 0, 2_500m, [14, 15], false, 0),
            ("Launch event", ProjectPhase.Executing, "alice@contoso.com", 30, 0, WorkStatus.NotStarted, 0, 60_000m, [16, 6, 8, 11, 13], true, 0),
            ("Follow-up with attendees", ProjectPhase.Closing, "bob@contoso.com", 31, 5, WorkStatus.NotStarted, 0, 1_000m, [17], false, 0),
            ("Budget reconciliation", ProjectPhase.Closing, "alice@contoso.com", 33, 3, WorkStatus.NotStarted, 0, 0m, [17], false, 0),
            ("Lessons learned", ProjectPhase.Closing, "alice@contoso.com", 36, 2, WorkStatus.NotStarted, 0, 0m, [18, 19], false, 0),
        };
        var emails = new Dictionary<int, EmailReference>
        {
            [5] = DemoEmail(project, "<CAF3x9Q1venue@mail.venue.example>", "AAQkADVjconv-venue", "RE: Venue contract needs signature by Friday", "Erin Vendor", "erin@venue.example", now.AddDays(-3)),
            [7] = DemoEmail(project, "<BN8PR.html.555@contoso.com>", "AAQkADVjconv-security", "FW: Security review of the registration site", "Grace Security", "grace@contoso.com", now.AddDays(-2)),
            [10] = DemoEmail(project, "<20261119.771@lieferant.example.de>", "AAQkADVjconv-druck", "AW: WG: Druckfreigabe Broschüre", "Jürgen Müller", "j.mueller@lieferant.example.de", now.AddDays(-1)),
        };
        var number = 0;
        foreach (var row in plan)
        {
            number++;
            var start = AddWorkingDays(day0, row.StartDay);
            var finish = row.Milestone ? start : AddWorkingDays(start, Math.Max(row.Days - 1, 0));
            var task = new ProjectTask
            {
                TenantId = project.TenantId,
                ProjectId = project.Id,
                Title = row.Title,
                Owner = row.Owner,
                Requester = emails.TryGetValue(number, out var email) ? email.FromEmail : "priya@contoso.com",
                Status = row.Status,
                Priority = row.Milestone ? TaskPriority.High : TaskPriority.Medium,
                Phase = row.Phase,
                BaselineStart = start,
                BaselineFinish = finish,
                Start = AddWorkingDays(start, row.Slip),
                Finish = AddWorkingDays(finish, row.Slip),
                PercentComplete = row.Percent,
                PlannedCost = row.Cost,
                ActualCost = row.Status == WorkStatus.Done ? row.Cost : row.Percent > 0 ? Math.Round(row.Cost * row.Percent / 100m) : null,
                Milestone = row.Milestone,
                Predecessors = [.. row.After.Select(p => new TaskDependency(p))],
                SourceEmail = email,
                CreatedAt = now,
                CreatedBy = user.ObjectId,
            };
            task.Number = await db.NextTaskNumberAsync(project.Id, cancellationToken);
            await Api.Stakeholders.StakeholderRegister.EnsureAsync(db, project, task.Requester, null, cancellationToken);
            db.Tasks.Add(task);
            await db.SaveChangesAsync(cancellationToken);
        }
    }

    private static EmailReference DemoEmail(Project project, string messageId, string conversationId, string subject, string name, string email, DateTime received) => new()
    {
        TenantId = project.TenantId,
        ProjectId = project.Id,
        InternetMessageId = messageId,
        ConversationId = conversationId,
        Subject = subject,
        FromName = name,
        FromEmail = email,
        To = "Bob Coordinator <bob@contoso.com>",
        ReceivedAt = received,
    };

    private static DateOnly AddWorkingDays(DateOnly day, int count)
    {
        while (day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday)
        {
            day = day.AddDays(1);
        }

        for (var added = 0; added < count;)
        {
            day = day.AddDays(1);
            if (day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday))
            {
                added++;
            }
        }

        return day;
    }
}
