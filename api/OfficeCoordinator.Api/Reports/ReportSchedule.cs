using System.Globalization;
using OfficeCoordinator.Client.Contracts;

namespace OfficeCoordinator.Api.Reports;

// A project's weekly report schedule. One API instance runs a due schedule: it takes the lease (LeaseOwner,
// LeaseUntil) with a conditional update, so two instances on one database publish the report once.
public sealed class ReportSchedule
{
    public required string ProjectId { get; init; }
    public required string TenantId { get; init; }
    public bool Enabled { get; set; }
    public DayOfWeek Day { get; set; } = DayOfWeek.Monday;
    public string Time { get; set; } = "09:00";
    public string TimeZone { get; set; } = "UTC";
    public List<Audience> Audiences { get; set; } = [.. Enum.GetValues<Audience>()];
    public DateTime? NextRunAt { get; set; }
    public DateTime? LastRunAt { get; set; }
    // Whoever last set the schedule: scheduled sends go out from their mailbox (Entra mode, Graph:ScheduledSends).
    public string? SenderObjectId { get; set; }
    public string? SenderEmail { get; set; }
    public string? SenderName { get; set; }
    public string? LeaseOwner { get; set; }
    public DateTime? LeaseUntil { get; set; }

    // sends: whether the server sends scheduled reports in this deployment (Entra mode with Graph:ScheduledSends).
    public ReportScheduleSettings AsDto(bool sends) => new(Enabled, Day, Time, TimeZone, [.. Audiences],
        NextRunAt is { } next ? new DateTimeOffset(next, TimeSpan.Zero) : null, LastRunAt is { } last ? new DateTimeOffset(last, TimeSpan.Zero) : null,
        sends && SenderObjectId is not null ? SenderEmail : null);

    // The first time after `after` that is the schedule's weekday and time in its time zone, as UTC.
    public DateTime NextAfter(DateTimeOffset after)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(TimeZone);
        var time = TimeOnly.ParseExact(Time, "HH:mm", CultureInfo.InvariantCulture);
        var local = TimeZoneInfo.ConvertTime(after, zone);
        var day = DateOnly.FromDateTime(local.DateTime);
        for (var i = 0; i <= 7; i++)
        {
            var candidate = day.AddDays(i);
            if (candidate.DayOfWeek != Day)
            {
                continue;
            }

            var wall = candidate.ToDateTime(time, DateTimeKind.Unspecified);
            var utc = TimeZoneInfo.ConvertTimeToUtc(zone.IsInvalidTime(wall) ? wall.AddHours(1) : wall, zone);
            if (utc > after.UtcDateTime)
            {
                return utc;
            }
        }

        return TimeZoneInfo.ConvertTimeToUtc(day.AddDays(14).ToDateTime(time, DateTimeKind.Unspecified), zone);
    }
}
