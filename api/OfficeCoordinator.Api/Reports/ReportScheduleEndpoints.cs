using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using OfficeCoordinator.Api.Auth;
using OfficeCoordinator.Api.Data;
using OfficeCoordinator.Api.Http;
using OfficeCoordinator.Api.Http.OpenApi;
using OfficeCoordinator.Api.Projects;
using OfficeCoordinator.Client.Contracts;

namespace OfficeCoordinator.Api.Reports;

// GET/PUT .../report-schedule: the weekly report schedule (managers and coordinators set it; any member reads it).
public static class ReportScheduleEndpoints
{
    public static IServiceCollection AddReportScheduler(this IServiceCollection services)
    {
        services.AddOptions<ReportSchedulerOptions>().BindConfiguration(ReportSchedulerOptions.Section);
        services.AddSingleton<ReportScheduler>();
        services.AddHostedService(provider => provider.GetRequiredService<ReportScheduler>());
        return services;
    }

    public static RouteGroupBuilder MapReportSchedule(this IEndpointRouteBuilder app)
    {
        var project = app.MapProjectGroup("", "Status reports");
        project.MapGet("/report-schedule", GetAsync).Describe("ReportSchedule_Get", "Read the status report schedule");
        project.MapPut("/report-schedule", PutAsync).Describe("ReportSchedule_Put", "Set the status report schedule").RequireProjectRole(ProjectRole.Coordinator, "set the report schedule");
        return project;
    }

    private static async Task<Ok<ReportScheduleSettings>> GetAsync(ProjectAccess access, CoordinatorDb db, ReportScheduler scheduler,
        CancellationToken cancellationToken) =>
        TypedResults.Ok((await db.ReportSchedules.AsNoTracking().FirstOrDefaultAsync(s => s.ProjectId == access.Project.Id, cancellationToken)
            ?? new ReportSchedule { ProjectId = access.Project.Id, TenantId = access.Project.TenantId }).AsDto(scheduler.Sends));

    private static async Task<Results<Ok<ReportScheduleSettings>, ValidationProblem>> PutAsync(
        ReportScheduleSettings input, ProjectAccess access, CoordinatorDb db, CurrentUser user, ReportScheduler scheduler, TimeProvider time,
        CancellationToken cancellationToken)
    {
        var errors = new Validation();
        var day = input.Day ?? DayOfWeek.Monday;
        if (!Enum.IsDefined(day))
        {
            errors.Add("day", "day is a weekday: Monday to Sunday.");
        }

        var clock = input.Time ?? "09:00";
        if (!TimeOnly.TryParseExact(clock, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
        {
            errors.Add("time", "time is the local time of day as HH:mm, such as 09:00.");
        }

        var zone = string.IsNullOrWhiteSpace(input.TimeZone) ? "UTC" : input.TimeZone.Trim();
        if (zone.Length > 100 || !TimeZoneInfo.TryFindSystemTimeZoneById(zone, out _))
        {
            errors.Add("timeZone", "timeZone is an IANA time zone, such as Europe/Berlin.");
        }

        var audiences = input.Audiences ?? [.. Enum.GetValues<Audience>()];
        if ((input.Enabled && audiences.Count == 0) || audiences.Any(a => !Enum.IsDefined(a)))
        {
            errors.Add("audiences", $"An enabled schedule names at least one audience: {string.Join(", ", Enum.GetNames<Audience>())}.");
        }

        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        var project = access.Project;
        await using var transaction = await db.BeginProjectWriteAsync(project.Id, cancellationToken);
        var schedule = await db.ReportSchedules.FirstOrDefaultAsync(s => s.ProjectId == project.Id, cancellationToken);
        if (schedule is null)
        {
            schedule = new ReportSchedule { ProjectId = project.Id, TenantId = project.TenantId };
            db.ReportSchedules.Add(schedule);
        }

        schedule.Enabled = input.Enabled;
        schedule.Day = day;
        schedule.Time = clock;
        schedule.TimeZone = zone;
        schedule.Audiences = [.. audiences.Distinct()];
        schedule.NextRunAt = input.Enabled ? schedule.NextAfter(time.GetUtcNow()) : null;
        schedule.SenderObjectId = user.ObjectId;
        schedule.SenderEmail = access.Membership.Email;
        schedule.SenderName = user.Name;
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Ok(schedule.AsDto(scheduler.Sends));
    }
}
