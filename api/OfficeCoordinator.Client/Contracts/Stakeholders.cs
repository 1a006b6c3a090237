using System.ComponentModel.DataAnnotations;

namespace OfficeCoordinator.Client.Contracts;

/// <summary>Body of <c>POST /api/projects/{projectId}/stakeholders</c>.</summary>
/// <param name="Name">Name (required).</param>
/// <param name="Email">Address; unique within the project.</param>
/// <param name="Organization">Organisation.</param>
/// <param name="Title">Role or job title.</param>
/// <param name="Internal">Inside the organisation running the project.</param>
/// <param name="Influence">1 to 5; 3 when omitted.</param>
/// <param name="Interest">1 to 5; 3 when omitted.</param>
/// <param name="Engagement">Neutral when omitted.</param>
/// <param name="PreferredChannel">Email when omitted.</param>
/// <param name="Notes">Anything worth remembering.</param>
public sealed record NewStakeholder(
    [property: MaxLength(WireLimits.Name)] string Name,
    [property: MaxLength(WireLimits.Email)] string? Email = null,
    [property: MaxLength(WireLimits.Name)] string? Organization = null,
    [property: MaxLength(WireLimits.Name)] string? Title = null,
    bool? Internal = null,
    [property: Range(1, 5)] int? Influence = null,
    [property: Range(1, 5)] int? Interest = null,
    Engagement? Engagement = null,
    Channel? PreferredChannel = null,
    [property: MaxLength(WireLimits.Text)] string? Notes = null);

/// <summary>A person or group with a stake in the project.</summary>
/// <param name="Id">Opaque id.</param>
/// <param name="Name">Name.</param>
/// <param name="Email">Address.</param>
/// <param name="Organization">Organisation.</param>
/// <param name="Title">Role or job title.</param>
/// <param name="Internal">Inside the organisation running the project.</param>
/// <param name="Influence">1 to 5.</param>
/// <param name="Interest">1 to 5.</param>
/// <param name="Engagement">Current attitude.</param>
/// <param name="PreferredChannel">How they like to be reached.</param>
/// <param name="Notes">Anything worth remembering.</param>
/// <param name="Version">Its version; the ETag.</param>
/// <param name="Reviewed">Someone has placed this person in the register; the server's own additions start unreviewed and join no report audience.</param>
public sealed record Stakeholder(
    string Id,
    string Name,
    string? Email,
    string? Organization,
    string? Title,
    bool Internal,
    int Influence,
    int Interest,
    Engagement Engagement,
    Channel PreferredChannel,
    string? Notes,
    long Version,
    bool Reviewed = true);
