using OfficeCoordinator.Api.Emails;
using OfficeCoordinator.Api.Plans;
using OfficeCoordinator.Api.Projects;
using OfficeCoordinator.Api.Schedule;
using OfficeCoordinator.Api.Tasks;
using OfficeCoordinator.Benchmarks.Schedule;
using OfficeCoordinator.Client.Contracts;
using static System.FormattableString;
using Communication = OfficeCoordinator.Api.Communications.Communication;
using Member = OfficeCoordinator.Api.Projects.Member;
using Obstacle = OfficeCoordinator.Api.Obstacles.Obstacle;
using Project = OfficeCoordinator.Api.Projects.Project;
using Stakeholder = OfficeCoordinator.Api.Stakeholders.Stakeholder;

namespace OfficeCoordinator.Benchmarks.Plans;

// A plan shaped like a busy real one, the same for a given size and seed, in memory as PlanExport.LoadAsync gives
// it: RandomPlan's tasks (dates, dependencies, milestones, baselines) with statuses as of a day in the middle of the
// plan, a fifth of them made from emails that have web links, one in 97 titled like a formula; and per 1,000 tasks
// 50 stakeholders, 500 communications (a tenth of them decisions) and 20 obstacles.
public static class SamplePlan
{
    public const int DefaultSeed = 20_261_201;
    public const string Tenant = "bench";

    private static readonly string[] Verbs = ["Draft", "Review", "Approve", "Book", "Order", "Test", "Ship", "Brief", "Plan", "Sign"];
    private static readonly string[] Nouns = ["venue contract", "press kit", "demo units", "launch video", "pricing sheet", "partner brief", "booth design", "travel", "catering", "social posts"];
    private static readonly string[] FormulaLike = ["=SUM(A1:A9) budget line", "+44 call back the printer", "-10% discount check", "@channel announcement", "=HYPERLINK(\"https://evil.example\",\"click\")"];
    private static readonly string[] People = ["alice@contoso.com", "bob@contoso.com", "dan@contoso.com", "erin@fabrikam.example"];

    public static PlanExport Create(int tasks, int seed = DefaultSeed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(tasks, 1);
        var random = new Random(seed);
        var schedule = RandomPlan.Generate(tasks, tasks - 1, seed);
        var today = schedule.Calendar.AddWorkingDays(schedule.Start, Math.Max(1, schedule.Calendar.WorkingDaysBetween(schedule.Start, schedule.Finish) / 2));
        var generatedAt = new DateTimeOffset(today.ToDateTime(new TimeOnly(9, 0)), TimeSpan.Zero);
        var createdAt = generatedAt.UtcDateTime.AddDays(-90);
        var project = new Project
        {
            Id = "0195f0c8a1b27c3d8e9f00112233aabb", TenantId = Tenant, Name = "Product launch", Description = "Launch of the new product line in three markets.",
            Start = schedule.Start, Finish = schedule.Finish, Budget = tasks * 1_500m, Currency = "EUR", Holidays = [.. schedule.Holidays],
            PlanVersion = tasks * 3L, LastTaskNumber = tasks, Version = 4, CreatedAt = createdAt, CreatedBy = "bench",
            BaselineTakenAt = createdAt.AddDays(1), BaselineTakenBy = People[0],
        };
        Member[] members =
        [
            Member(project, People[0], "Alice Manager", ProjectRole.Manager),
            Member(project, People[1], "Bob Coordinator", ProjectRole.Coordinator),
            Member(project, People[2], "Dan Contributor", ProjectRole.Contributor),
            Member(project, "carol@contoso.com", "Carol Viewer", ProjectRole.Viewer),
        ];

        var stakeholders = Enumerable.Range(1, Math.Max(1, tasks / 20)).Select(i => new Stakeholder
        {
            TenantId = Tenant, ProjectId = project.Id, Name = Invariant($"Stakeholder {i}"), Email = Invariant($"stakeholder{i}@partner{i % 7}.example"),
            Organization = Invariant($"Partner {i % 7}"), Title = i % 3 == 0 ? "Head of marketing" : "Buyer", Internal = i % 4 == 0,
            Influence = 1 + i % 5, Interest = 1 + (i * 3) % 5, Engagement = (Engagement)(i % 5), PreferredChannel = (Channel)(i % 5),
            Notes = i % 2 == 0 ? "Prefers a call before any written proposal." : null, Version = 1 + i % 3, CreatedAt = createdAt,
        }).ToList();

        var taskList = schedule.Tasks.Select(planned => Task(project, planned, today, random, createdAt)).ToList();
        var communications = Enumerable.Range(1, Math.Max(1, tasks / 2)).Select(i => Communication(project, i, tasks, stakeholders, random, createdAt)).ToList();
        var obstacles = Enumerable.Range(1, Math.Max(1, tasks / 50)).Select(i => Obstacle(project, i, tasks, stakeholders, createdAt)).ToList();

        var computed = ScheduleEngine.Compute(
            [.. taskList.Select(t => new PlannedTask(t.Number, t.Start, t.Finish, t.Milestone, t.Predecessors, t.Status, t.BaselineStart, t.BaselineFinish))],
            schedule.Calendar, project.Start, today);
        return new PlanExport(
            project, members, taskList, stakeholders, communications, obstacles,
            computed.Tasks.Where(t => t.Critical).Select(t => t.Number).ToHashSet(),
            computed.Tasks.Where(t => t.Late).Select(t => t.Number).ToHashSet(),
            generatedAt);
    }

    private static Member Member(Project project, string email, string name, ProjectRole role) => new()
    {
        TenantId = Tenant, ProjectId = project.Id, Email = email, Name = name, Role = role, Joined = project.CreatedAt,
    };

    private static ProjectTask Task(Project project, PlannedTask planned, DateOnly today, Random random, DateTime createdAt)
    {
        var number = planned.Number;
        var title = number % 97 == 0 ? FormulaLike[number / 97 % FormulaLike.Length] : Invariant($"{Verbs[number % Verbs.Length]} {Nouns[number / 10 % Nouns.Length]} {number}");
        var finished = planned.Finish < today;
        var started = planned.Start <= today;
        var status = finished ? (random.Next(10) == 0 ? WorkStatus.InProgress : WorkStatus.Done) : started ? WorkStatus.InProgress : WorkStatus.NotStarted;
        var plannedCost = planned.Milestone ? (decimal?)null : 500m + random.Next(0, 400) * 12.5m;
        return new ProjectTask
        {
            TenantId = Tenant, ProjectId = project.Id, Number = number, Title = title, Owner = People[number % 3], Requester = People[3],
            Status = status, Priority = (TaskPriority)(number % 4), Phase = (ProjectPhase)(number * 5 / Math.Max(1, project.LastTaskNumber + 1)),
            Start = planned.Start, Finish = planned.Finish, BaselineStart = planned.BaselineStart, BaselineFinish = planned.BaselineFinish,
            PercentComplete = status switch { WorkStatus.Done => 100, WorkStatus.InProgress => random.Next(5, 95), _ => 0 },
            PlannedCost = plannedCost, ActualCost = status == WorkStatus.NotStarted ? null : plannedCost * (0.8m + random.Next(0, 40) / 100m),
            Milestone = planned.Milestone, Predecessors = [.. planned.Predecessors ?? []],
            SourceEmail = number % 5 == 0 ? Email(project, number, $"RE: {title}", createdAt) : null,
            Version = 1 + number % 4, CreatedAt = createdAt, CreatedBy = "bench",
        };
    }

    private static Communication Communication(Project project, int i, int tasks, List<Stakeholder> stakeholders, Random random, DateTime createdAt)
    {
        var decision = i % 10 == 0;
        return new Communication
        {
            TenantId = Tenant, ProjectId = project.Id, OccurredAt = createdAt.AddHours(i * 2.5), Channel = (Channel)(i % 5), Direction = (Direction)(i % 3),
            Kind = decision ? CommunicationKind.Decision : (CommunicationKind)(i % 5 == 2 ? 0 : i % 5),
            Summary = Invariant($"Agreed next steps for work package {1 + i % tasks}: the supplier confirms quantities by Friday and sends the revised quote."),
            Participants = [.. Enumerable.Range(0, 1 + i % 3).Select(k => stakeholders[(i + k) % stakeholders.Count].Email!)],
            LinkedTasks = [1 + i % tasks, 1 + random.Next(tasks)],
            SourceEmail = i % 3 == 0 ? Email(project, -i, Invariant($"Update {i}: supplier quantities"), createdAt) : null,
            DecisionText = decision ? Invariant($"Go with supplier {i % 4} for the demo units") : null,
            DecidedBy = decision ? People[0] : null,
            Rationale = decision ? "Lowest total cost with a delivery date inside the plan." : null,
            DecisionStatus = decision ? (DecisionStatus)(i / 10 % 4) : null,
            ReviewOn = decision ? DateOnly.FromDateTime(createdAt).AddDays(30 + i % 60) : null,
            LoggedByEmail = People[1], LoggedByName = "Bob Coordinator", Version = 1, CreatedAt = createdAt,
        };
    }

    private static Obstacle Obstacle(Project project, int i, int tasks, List<Stakeholder> stakeholders, DateTime createdAt)
    {
        var status = (ObstacleStatus)(i % 5);
        var raisedAt = createdAt.AddDays(i % 80);
        return new Obstacle
        {
            TenantId = Tenant, ProjectId = project.Id, Statement = Invariant($"Customs hold on shipment {i}"), Impact = "Demo units arrive a week late.",
            CommunicatedTo = [stakeholders[i % stakeholders.Count].Email!], ProposedSolution = "Ship the first batch by air.", Owner = People[1],
            Status = status, LinkedTasks = [1 + i * 7 % tasks], RaisedByEmail = People[1], RaisedByName = "Bob Coordinator", RaisedAt = raisedAt,
            ResolvedAt = Api.Obstacles.Obstacle.IsOpenStatus(status) ? null : raisedAt.AddDays(3), Version = 1,
        };
    }

    private static EmailReference Email(Project project, int id, string subject, DateTime receivedAt) => new()
    {
        TenantId = Tenant, ProjectId = project.Id, InternetMessageId = Invariant($"<{id}@mail.contoso.example>"), ConversationId = Invariant($"conversation-{id}"),
        Subject = subject, FromName = "Erin Supplier", FromEmail = People[3], ReceivedAt = receivedAt,
        WebLink = Invariant($"https://outlook.office365.com/owa/?ItemID=AAMkAGI2TG93AAA{Math.Abs(id):D8}%3D&exvsurl=1&viewmodel=ReadMessageItem"),
    };
}
