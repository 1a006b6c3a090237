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

    /// <summary>
    /// A client over its own <see cref="HttpClient"/> for <paramref name="baseAddress"/>, whose POSTs carry an
    /// <c>Idempotency-Key</c> (see <see cref="IdempotencyKeyHandler"/>).
    /// </summary>
    public static ICoordinatorApi Create(Uri baseAddress, string? accessToken, HttpMessageHandler? innerHandler = null)
    {
        var client = new HttpClient(new IdempotencyKeyHandler { InnerHandler = innerHandler ?? new HttpClientHandler() }) { BaseAddress = baseAddress };
        return accessToken is null ? Create(client) : Create(client, accessToken);
    }

    /// <summary>A new <c>Idempotency-Key</c> value: one per user action, reused when that action is retried.</summary>
    public static string NewIdempotencyKey() => Guid.NewGuid().ToString();

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

/// <summary>
/// Gives every POST that has no <c>Idempotency-Key</c> a new one, so that each call is one action the API performs at
/// most once. To retry an action after a timeout, pass the key of the first attempt to the method's
/// <c>idempotencyKey</c> parameter: the API then answers with the first result instead of creating a second record.
/// </summary>
public sealed class IdempotencyKeyHandler : DelegatingHandler
{
    /// <summary>The header's name.</summary>
    public const string HeaderName = "Idempotency-Key";

    /// <inheritdoc />
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Method == HttpMethod.Post && !request.Headers.Contains(HeaderName))
        {
            request.Headers.Add(HeaderName, CoordinatorClient.NewIdempotencyKey());
        }

        return base.SendAsync(request, cancellationToken);
    }
}
