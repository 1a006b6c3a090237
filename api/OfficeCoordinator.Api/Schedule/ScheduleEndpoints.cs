using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using OfficeCoordinator.Api.Data;
using OfficeCoordinator.Api.Http;
using OfficeCoordinator.Api.Http.OpenApi;
using OfficeCoordinator.Api.Projects;
using OfficeCoordinator.Api.Tasks;
using OfficeCoordinator.Client.Contracts;
using OfficeCoordinator.Api.Idempotency;

namespace OfficeCoordinator.Api.Schedule;

// The plan as a schedule: critical path, slack and variance (read-only), shifting a task with its successors,
// and taking the baseline.
public static class ScheduleEndpoints
{
    public const int MaxShiftDays = WireLimits.ShiftDays;

    public static RouteGroupBuilder MapSchedule(this IEndpointRouteBuilder app)
    {
        var project = app.MapProjectGroup("", "Schedule");
        project.MapGet("/schedule", GetScheduleAsync).Describe("Schedule_Get", "Compute the project's schedule").ProducesProblems(409);
        project.MapPost("/tasks/{number:int}/shift", ShiftAsync).Describe("Schedule_Shift", "Shift a task, and its successors with cascade").RequireProjectRole(ProjectRole.Coordinator, "shift tasks").Idempotent();
        project.MapPost("/baseline", TakeBaselineAsync).Describe("Schedule_TakeBaseline", "Take the plan's current dates as the baseline").RequireProjectRole(ProjectRole.Manager, "take the baseline");
        return project;
    }

    private static async Task<Results<Ok<ProjectSchedule>, ProblemHttpResult>> GetScheduleAsync(
        ProjectAccess access, CoordinatorDb db, PlanCache plans, TimeProvider time, CancellationToken cancellationToken)
    {
        try
        {
            return TypedResults.Ok(await ProjectSchedules.ComputeAsync(db, plans, access.Project, Today(time), cancellationToken));
        }
        catch (ScheduleException unschedulable)
        {
            return Problems.Conflict(unschedulable.Message);
        }
    }

    private static async Task<Results<Ok<ShiftResult>, ValidationProblem, ProblemHttpResult>> ShiftAsync(
        int number, ShiftRequest input, ProjectAccess access, CoordinatorDb db, PlanCache plans, TimeProvider time, CancellationToken cancellationToken)
    {
        var errors = Validate(input);
        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        try
        {
            return await ProjectSchedules.ShiftAsync(db, plans, access.Project, number, input, Today(time), cancellationToken) is { } shifted
                ? TypedResults.Ok(shifted)
                : Problems.NotFound($"There is no task {ProjectTask.KeyOf(number)} in this project.");
        }
        catch (ScheduleException unschedulable)
        {
            return Problems.Conflict(unschedulable.Message);
        }
    }

    private static async Task<Results<Ok<BaselineResult>, ValidationProblem>> TakeBaselineAsync(
        BaselineRequest? input, ProjectAccess access, CoordinatorDb db, TimeProvider time, CancellationToken cancellationToken)
    {
        var baseline = await ProjectSchedules.TakeBaselineAsync(
            db, access.Project, input?.Tasks, access.Membership.Email, time.GetUtcNow().UtcDateTime, cancellationToken);
        return baseline.Errors is { } errors ? errors.ToProblem() : TypedResults.Ok(baseline.Result);
    }

    private static Validation Validate(ShiftRequest input)
    {
        var errors = new Validation();
        switch (input)
        {
            case { To: null, ByDays: null }:
                errors.Add("to", "Give the new start as to (yyyy-MM-dd), or byDays: the working days to move by.")
                    .Add("byDays", "Give byDays (working days to move by), or the new start as to.");
                break;
            case { To: not null, ByDays: not null }:
                errors.Add("byDays", "Give either to or byDays, not both.");
                break;
            case { ByDays: < -MaxShiftDays or > MaxShiftDays }:
                errors.Add("byDays", $"byDays must be between -{MaxShiftDays:N0} and {MaxShiftDays:N0} working days.");
                break;
        }

        if (input is { PullIn: true, Cascade: false })
        {
            errors.Add("pullIn", "pullIn moves successors along, so it needs cascade.");
        }

        return errors;
    }


    private static DateOnly Today(TimeProvider time) => DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
}
