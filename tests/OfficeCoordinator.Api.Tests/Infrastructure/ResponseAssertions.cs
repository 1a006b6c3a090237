using System.Net;
using OfficeCoordinator.Client;
using Refit;

namespace OfficeCoordinator.Api.Tests.Infrastructure;

public static class ResponseAssertions
{
    // The content of a successful response; on failure, the problem's detail explains the assertion.
    public static async Task<T> OkAsync<T>(this Task<IApiResponse<T>> call, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var response = await call;
        if (response.StatusCode != expected)
        {
            var problem = await response.ProblemAsync();
            response.StatusCode.Should().Be(expected, "the call should succeed, but the API said: {0}", problem?.Detail ?? response.Error?.Message);
        }

        return response.Content!;
    }

    // Asserts an RFC 9457 problem with the given status and a detail a person can read; returns it.
    public static async Task<ProblemDetails> ShouldBeProblemAsync<T>(this T response, HttpStatusCode status)
        where T : IApiResponse
    {
        response.StatusCode.Should().Be(status);
        response.ContentHeaders?.ContentType?.MediaType.Should().Be("application/problem+json");
        var problem = await response.ProblemAsync();
        problem.Should().NotBeNull();
        problem!.Status.Should().Be((int)status);
        problem.Detail.Should().NotBeNullOrWhiteSpace();
        return problem;
    }

    public static async Task<ProblemDetails> ShouldBeProblemAsync<T>(this Task<T> call, HttpStatusCode status)
        where T : IApiResponse => await (await call).ShouldBeProblemAsync(status);
}
