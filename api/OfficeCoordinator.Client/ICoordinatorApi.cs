using OfficeCoordinator.Client.Contracts;
using Refit;

namespace OfficeCoordinator.Client;

/// <summary>
/// The OfficeCoordinator HTTP API. Every call returns the response with its status, headers and, on failure,
/// the problem details (<see cref="ApiResponseExtensions.ProblemAsync{T}"/>).
/// </summary>
public interface ICoordinatorApi
{
    /// <summary>The signed-in user.</summary>
    [Get("/api/me")]
    Task<IApiResponse<SignedInUser>> GetMeAsync(CancellationToken cancellationToken = default);

    /// <summary>Issues a local token (Development only).</summary>
    [Post("/api/dev/token")]
    Task<IApiResponse<DevToken>> CreateDevTokenAsync([Body] DevTokenRequest request, CancellationToken cancellationToken = default);

    /// <summary>The projects the caller is a member of.</summary>
    [Get("/api/projects")]
    Task<IApiResponse<Page<Project>>> ListProjectsAsync([Query] ListQuery? query = null, CancellationToken cancellationToken = default);

    /// <summary>Creates a project; the caller becomes its manager.</summary>
    [Post("/api/projects")]
    Task<IApiResponse<Project>> CreateProjectAsync([Body] NewProject project, CancellationToken cancellationToken = default);

    /// <summary>One project; the ETag is its version.</summary>
    [Get("/api/projects/{projectId}")]
    Task<IApiResponse<Project>> GetProjectAsync(string projectId, CancellationToken cancellationToken = default);

    /// <summary>Changes a project with a JSON Merge Patch (an anonymous object or a <c>JsonObject</c>).</summary>
    [Patch("/api/projects/{projectId}")]
    Task<IApiResponse<Project>> UpdateProjectAsync(string projectId, [Body] object patch, [Header("If-Match")] string? ifMatch, CancellationToken cancellationToken = default);

    /// <summary>The project's members.</summary>
    [Get("/api/projects/{projectId}/members")]
    Task<IApiResponse<Page<Member>>> ListMembersAsync(string projectId, [Query] ListQuery? query = null, CancellationToken cancellationToken = default);

    /// <summary>Invites a member or changes their role (managers).</summary>
    [Put("/api/projects/{projectId}/members/{email}")]
    Task<IApiResponse<Member>> PutMemberAsync(string projectId, string email, [Body] MemberRole role, CancellationToken cancellationToken = default);

    /// <summary>Removes a member (managers).</summary>
    [Delete("/api/projects/{projectId}/members/{email}")]
    Task<IApiResponse> RemoveMemberAsync(string projectId, string email, [Header("If-Match")] string? ifMatch, CancellationToken cancellationToken = default);

    /// <summary>Every change made in the project, newest first.</summary>
    [Get("/api/projects/{projectId}/history")]
    Task<IApiResponse<Page<HistoryItem>>> GetHistoryAsync(string projectId, [Query] ListQuery? query = null, CancellationToken cancellationToken = default);
}
