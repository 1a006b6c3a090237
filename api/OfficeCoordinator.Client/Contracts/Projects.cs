using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace OfficeCoordinator.Client.Contracts;

/// <summary>Body of <c>POST /api/projects</c>.</summary>
/// <param name="Name">Project name (required, at most 200 characters).</param>
/// <param name="Description">What the project is for (at most 10,000 characters).</param>
/// <param name="Start">Planned start.</param>
/// <param name="Finish">Planned finish (not before the start).</param>
/// <param name="Budget">Budget in <paramref name="Currency"/>.</param>
/// <param name="Currency">ISO 4217 code; <c>EUR</c> when omitted.</param>
/// <param name="WorkingDays">Working weekdays; Monday to Friday when omitted.</param>
/// <param name="Holidays">Non-working dates.</param>
public sealed record NewProject(
    [property: MaxLength(WireLimits.Name)] string Name,
    [property: MaxLength(WireLimits.Text)] string? Description = null,
    DateOnly? Start = null,
    DateOnly? Finish = null,
    [property: Range(typeof(decimal), "0", WireLimits.MaxMoney)] decimal? Budget = null,
    [property: RegularExpression("^[A-Z]{3}$")] string? Currency = null,
    IReadOnlyList<DayOfWeek>? WorkingDays = null,
    [property: MaxLength(WireLimits.Holidays)] IReadOnlyList<DateOnly>? Holidays = null);

/// <summary>A project as the API returns it.</summary>
/// <param name="Id">Opaque id.</param>
/// <param name="Name">Project name.</param>
/// <param name="Description">What the project is for.</param>
/// <param name="Start">Planned start.</param>
/// <param name="Finish">Planned finish.</param>
/// <param name="Budget">Budget in <paramref name="Currency"/>.</param>
/// <param name="Currency">ISO 4217 code.</param>
/// <param name="WorkingDays">Working weekdays.</param>
/// <param name="Holidays">Non-working dates.</param>
/// <param name="BaselineTakenAt">When the baseline was last taken.</param>
/// <param name="BaselineTakenBy">Who took it (email).</param>
/// <param name="PlanVersion">Increases on every change to anything in the project.</param>
/// <param name="Version">Version of the project record itself; its ETag.</param>
/// <param name="MyRole">The caller's role on the project.</param>
/// <param name="Documents">The document folder, or null until a manager sets one (Entra mode).</param>
/// <param name="SharedPlan">The plan as last published into the folder, or null before the first publish.</param>
/// <param name="ReportSettings">The thresholds of the status report (managers change them).</param>
public sealed record Project(
    string Id,
    string Name,
    string? Description,
    DateOnly? Start,
    DateOnly? Finish,
    decimal? Budget,
    string Currency,
    IReadOnlyList<DayOfWeek> WorkingDays,
    IReadOnlyList<DateOnly> Holidays,
    DateTimeOffset? BaselineTakenAt,
    string? BaselineTakenBy,
    long PlanVersion,
    long Version,
    ProjectRole MyRole,
    DocumentFolder? Documents = null,
    SharedPlan? SharedPlan = null,
    ReportSettings? ReportSettings = null);

/// <summary>Body of <c>PUT /api/projects/{projectId}/members/{email}</c>.</summary>
/// <param name="Role">The role to give.</param>
/// <param name="Name">Display name until the member signs in.</param>
public sealed record MemberRole([property: JsonRequired] ProjectRole Role, [property: MaxLength(WireLimits.Name)] string? Name = null);

/// <summary>A member of a project.</summary>
/// <param name="Email">Email address the member was invited with.</param>
/// <param name="Name">Display name.</param>
/// <param name="Role">Role on the project.</param>
/// <param name="Joined">When the member was added.</param>
/// <param name="Version">Version of the membership; its ETag.</param>
public sealed record Member(string Email, string? Name, ProjectRole Role, DateTimeOffset Joined, long Version);
