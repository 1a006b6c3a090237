using System.Globalization;
using System.Net;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace OfficeCoordinator.Api.Http;

// Requests per minute, each with the burst allowed above the steady rate. Counted per API instance.
public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    // Per signed-in user: reads (GET, HEAD) and writes (everything else) have buckets of their own.
    public Limit Reads { get; set; } = new() { PerMinute = 1200, Burst = 300 };
    public Limit Writes { get; set; } = new() { PerMinute = 300, Burst = 100 };

    // Per client address: requests without a valid token, and the development sign-in.
    public Limit Anonymous { get; set; } = new() { PerMinute = 120, Burst = 60 };
    public Limit SignIn { get; set; } = new() { PerMinute = 20, Burst = 10 };

    // Signed-in API reads running at once in this instance, and how many may wait for their turn (oldest first). Reads
    // are CPU-bound: letting every connection run at once only makes each slower and starves the writes, which hold
    // their project's lock while they wait for the CPU.
    public int ConcurrentReads { get; set; } = 4 * Environment.ProcessorCount;
    public int ReadQueue { get; set; } = 1_000;

    // Proxies whose X-Forwarded-For names the client; without any, the connection's address is the client.
    public string[] KnownProxies { get; set; } = [];

    public sealed class Limit
    {
        public int PerMinute { get; set; }
        public int Burst { get; set; }
    }
}

public static class RateLimits
{
    public static IServiceCollection AddRateLimits(this IServiceCollection services)
    {
        services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.Section)
            .Validate(o => new[] { o.Reads, o.Writes, o.Anonymous, o.SignIn }.All(l => l.PerMinute > 0 && l.Burst > 0),
                $"Every {RateLimitOptions.Section}:*:PerMinute and :Burst must be above zero.")
            .Validate(o => o.ConcurrentReads > 0 && o.ReadQueue >= 0,
                $"{RateLimitOptions.Section}:ConcurrentReads must be above zero and {RateLimitOptions.Section}:ReadQueue not negative.")
            .Validate(o => o.KnownProxies.All(p => IPAddress.TryParse(p, out _)),
                $"{RateLimitOptions.Section}:KnownProxies holds IP addresses.")
            .ValidateOnStart();
        services.AddSingleton<IConfigureOptions<RateLimiterOptions>, ConfigureLimiter>();
        services.AddRateLimiter(_ => { });
        return services;
    }

    // After authentication (the user is known), before the endpoints.
    public static WebApplication UseRateLimits(this WebApplication app)
    {
        app.UseRateLimiter();
        return app;
    }

    // Before anything reads the client address: trusts X-Forwarded-For only from the configured proxies.
    public static WebApplication UseForwardedClientAddress(this WebApplication app)
    {
        var proxies = app.Services.GetRequiredService<IOptions<RateLimitOptions>>().Value.KnownProxies;
        if (proxies.Length > 0)
        {
            var options = new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto };
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
            foreach (var proxy in proxies)
            {
                options.KnownProxies.Add(IPAddress.Parse(proxy));
            }

            app.UseForwardedHeaders(options);
        }

        return app;
    }

    private sealed class ConfigureLimiter(IOptions<RateLimitOptions> limits) : IConfigureOptions<RateLimiterOptions>
    {
        public void Configure(RateLimiterOptions options)
        {
            var settings = limits.Value;
            var perCaller = PartitionedRateLimiter.Create<HttpContext, string>(http =>
            {
                var path = http.Request.Path;
                if (path.StartsWithSegments("/health"))
                {
                    return RateLimitPartition.GetNoLimiter("health");
                }

                var address = http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
                if (path.StartsWithSegments("/api/dev/token"))
                {
                    return Bucket("sign-in:" + address, settings.SignIn);
                }

                var user = http.User;
                if (user.Identity?.IsAuthenticated == true)
                {
                    var id = $"{user.FindFirst("tid")?.Value}/{user.FindFirst("oid")?.Value ?? user.FindFirst("sub")?.Value}";
                    return HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method)
                        ? Bucket("read:" + id, settings.Reads)
                        : Bucket("write:" + id, settings.Writes);
                }

                return Bucket("anonymous:" + address, settings.Anonymous);
            });
            var readers = PartitionedRateLimiter.Create<HttpContext, string>(http =>
                http.User.Identity?.IsAuthenticated == true && http.Request.Path.StartsWithSegments("/api")
                    && (HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method))
                    ? RateLimitPartition.GetConcurrencyLimiter("reads", _ => new ConcurrencyLimiterOptions
                    {
                        PermitLimit = settings.ConcurrentReads,
                        QueueLimit = settings.ReadQueue,
                        QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
                    })
                    : RateLimitPartition.GetNoLimiter("other"));
            options.GlobalLimiter = PartitionedRateLimiter.CreateChained(perCaller, readers);
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = RejectAsync;
        }

        private static RateLimitPartition<string> Bucket(string key, RateLimitOptions.Limit limit) =>
            RateLimitPartition.GetTokenBucketLimiter(key, _ => new TokenBucketRateLimiterOptions
            {
                TokenLimit = limit.Burst,
                // The limiter adds whole tokens per period: a second's worth, or one token as often as the rate allows.
                TokensPerPeriod = Math.Max(1, limit.PerMinute / 60),
                ReplenishmentPeriod = limit.PerMinute >= 60 ? TimeSpan.FromSeconds(1) : TimeSpan.FromSeconds(60.0 / limit.PerMinute),
                QueueLimit = 0,
                AutoReplenishment = true,
            });

        private static async ValueTask RejectAsync(OnRejectedContext context, CancellationToken cancellationToken)
        {
            var http = context.HttpContext;
            var wait = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromSeconds(1);
            var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
            http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            await Problems.WriteAsync(http, StatusCodes.Status429TooManyRequests, "Too Many Requests",
                $"Too many requests in a short time; try again in {seconds} second{(seconds == 1 ? "" : "s")}.");
        }
    }
}
