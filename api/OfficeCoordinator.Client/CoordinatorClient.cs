using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization;
using Refit;

namespace OfficeCoordinator.Client;

/// <summary>Creates <see cref="ICoordinatorApi"/> clients with the API's JSON conventions.</summary>
public static class CoordinatorClient
{
    /// <summary>The API's JSON conventions: camelCase, enums by name.</summary>
    public static JsonSerializerOptions JsonOptions { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>Refit settings that use <see cref="JsonOptions"/>.</summary>
    public static RefitSettings Settings { get; } = new(new SystemTextJsonContentSerializer(JsonOptions));

    /// <summary>A client over <paramref name="httpClient"/>, whose base address is the API's origin.</summary>
    public static ICoordinatorApi Create(HttpClient httpClient) => RestService.For<ICoordinatorApi>(httpClient, Settings);

    /// <summary>A client that sends <paramref name="accessToken"/> as its bearer token.</summary>
    public static ICoordinatorApi Create(HttpClient httpClient, string accessToken)
    {
        httpClient.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return Create(httpClient);
    }

    /// <summary>The <c>If-Match</c> value for a record's version.</summary>
    public static string ETag(long version) => $"\"{version}\"";
}

/// <summary>Reading a response's problem details and ETag.</summary>
public static class ApiResponseExtensions
{
    /// <summary>The RFC 9457 problem details of a failed response, or <c>null</c> when it succeeded.</summary>
    public static async Task<ProblemDetails?> ProblemAsync<T>(this T response)
        where T : IApiResponse
    {
        return response.Error switch
        {
            null => null,
            ValidationApiException validation => validation.Content,
            ApiException error => await error.GetContentAsAsync<ProblemDetails>().ConfigureAwait(false),
            _ => null,
        };
    }

    /// <summary>The version carried by the response's <c>ETag</c>.</summary>
    public static long? ETagVersion(this IApiResponse response)
    {
        var tag = response.Headers?.ETag?.Tag;
        return tag is not null && long.TryParse(tag.Trim('"'), out var version) ? version : null;
    }
}
