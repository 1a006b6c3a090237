using System.Net;
using OfficeCoordinator.Api.Tests.Infrastructure;
using OfficeCoordinator.Client.Contracts;

namespace OfficeCoordinator.Api.Tests.Plans;

// The small plan the merge tests work on: the manager's "Trade fair" in EUR with a coordinator, and three linked
// tasks: T-1 Design (baselined, 40 %, 1,200.50), T-2 Build (after T-1 with two days' lag), T-3 Test (after T-2).
public static class TradeFair
{
    public static async Task<(Project Project, TestUser Coordinator)> CreateAsync(CoordinatorApplication app, TestUser manager)
    {
        var api = app.ClientFor(manager);
        var project = await api.CreateProjectAsync(new NewProject("Trade fair", Currency: "EUR")).OkAsync(HttpStatusCode.Created);
        var coordinator = manager.Colleague("Bob Coordinator");
        await api.PutMemberAsync(project.Id, coordinator.Email, new MemberRole(ProjectRole.Coordinator)).OkAsync(HttpStatusCode.Created);
        await api.CreateTaskAsync(project.Id, new NewTask("Design", Start: new DateOnly(2026, 12, 7), Finish: new DateOnly(2026, 12, 11),
            BaselineStart: new DateOnly(2026, 12, 7), BaselineFinish: new DateOnly(2026, 12, 11), PercentComplete: 40, PlannedCost: 1200.50m)).OkAsync(HttpStatusCode.Created);
        await api.CreateTaskAsync(project.Id, new NewTask("Build", Start: new DateOnly(2026, 12, 16), Finish: new DateOnly(2026, 12, 18),
            Predecessors: [new TaskDependency(1, 2)])).OkAsync(HttpStatusCode.Created);
        await api.CreateTaskAsync(project.Id, new NewTask("Test", Start: new DateOnly(2026, 12, 21), Finish: new DateOnly(2026, 12, 22),
            Predecessors: [new TaskDependency(2)])).OkAsync(HttpStatusCode.Created);
        return (project, coordinator);
    }
}
