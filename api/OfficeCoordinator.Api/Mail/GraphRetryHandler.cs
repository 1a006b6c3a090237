using System.Net;
using Microsoft.Extensions.Options;

namespace OfficeCoordinator.Api.Mail;

// Retries what Microsoft Graph asks to be retried (429, 503, 504) as it asks: after Retry-After, given in seconds or as
// an HTTP date, else after a short backoff. Bounded in attempts and in the total wait, so the caller's request stays
// well inside its own timeout; beyond the bound the last answer goes back (and becomes 503 with Retry-After). The one
// retry layer: the SDK's own retry handler is not in this client's pipeline.
public sealed class GraphRetryHandler(IOptions<GraphOptions> options, TimeProvider time) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var body = request.Content is null ? null : await request.Content.ReadAsByteArrayAsync(cancellationToken);
        var waited = TimeSpan.Zero;
        for (var attempt = 0; ; attempt++)
        {
            var response = await base.SendAsync(request, cancellationToken);
            if (!IsRetriable(response.StatusCode) || attempt >= settings.MaxRetries)
            {
                return response;
            }

            var delay = RetryAfter(response, time) ?? TimeSpan.FromSeconds(Math.Pow(2, attempt));
            if (waited + delay > settings.MaxRetryWait)
            {
                return response; // waiting that long would outlast the caller's patience: let them retry later
            }

            response.Dispose();
            await Task.Delay(delay, time, cancellationToken);
            waited += delay;
            request = Clone(request, body);
        }
    }

    public static bool IsRetriable(HttpStatusCode status) =>
        status is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout;

    // Retry-After as seconds ("7") or as an HTTP date ("Wed, 09 Dec 2026 10:00:07 GMT").
    public static TimeSpan? RetryAfter(HttpResponseMessage response, TimeProvider time)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        }

        if (header?.Date is { } date)
        {
            var left = date - time.GetUtcNow();
            return left < TimeSpan.Zero ? TimeSpan.Zero : left;
        }

        return null;
    }

    private static HttpRequestMessage Clone(HttpRequestMessage request, byte[]? body)
    {
        var copy = new HttpRequestMessage(request.Method, request.RequestUri) { Version = request.Version };
        foreach (var header in request.Headers)
        {
            copy.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        if (body is not null)
        {
            copy.Content = new ByteArrayContent(body);
            foreach (var header in request.Content!.Headers)
            {
                copy.Content.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
        }

        foreach (var option in request.Options)
        {
            ((IDictionary<string, object?>)copy.Options)[option.Key] = option.Value;
        }

        return copy;
    }
}
