using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.EntityFrameworkCore;
using OfficeCoordinator.Api.Auth;
using OfficeCoordinator.Api.Data;
using OfficeCoordinator.Api.Http;

namespace OfficeCoordinator.Api.Idempotency;

// Marks a creating POST as taking an Idempotency-Key (DESIGN.md "Limits and safety"). `exceptDryRun`: a dry run
// changes nothing, so it needs no key (the import).
public sealed record IdempotentMetadata(bool ExceptDryRun);

// Idempotency-Key on creating POSTs: the same key and body within 24 hours gets the first answer again (with
// Idempotent-Replayed: true), another body with that key 422, and a key whose first request still runs 409. Keys are
// scoped to (tenant, user, method, path) and kept in the database, so they hold across instances and restarts. Only
// 2xx and 4xx answers are kept; a 5xx, or an in-flight mark older than the request timeout, frees the key.
public static class IdempotencyKeys
{
    public const string Header = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotent-Replayed";
    public const int MaxKeyLength = 255;

    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(24);

    // Longer than any request may run (Kestrel and the panes give up well before), so a mark this old was abandoned.
    public static readonly TimeSpan InFlightTimeout = TimeSpan.FromMinutes(2);

    // Answers larger than this are not kept (a 100,000-row import report): a retry of such a request runs again.
    private const int MaxStoredBody = 16 * 1024 * 1024;

    public static TBuilder Idempotent<TBuilder>(this TBuilder builder, bool exceptDryRun = false)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new IdempotentMetadata(exceptDryRun));

    public static IServiceCollection AddIdempotencyKeys(this IServiceCollection services) =>
        services.AddHostedService<ExpiredKeyCleanup>();

    // After authorization (the user is known and allowed on the route), before the endpoint.
    public static WebApplication UseIdempotencyKeys(this WebApplication app)
    {
        app.Use(async (http, next) =>
        {
            var metadata = http.GetEndpoint()?.Metadata.GetMetadata<IdempotentMetadata>();
            if (metadata is null || !HttpMethods.IsPost(http.Request.Method) || !http.Request.Headers.TryGetValue(Header, out var values)
                || (metadata.ExceptDryRun && string.Equals(http.Request.Query["dryRun"], "true", StringComparison.OrdinalIgnoreCase)))
            {
                await next(http);
                return;
            }

            await RunAsync(http, values.ToString(), next);
        });
        return app;
    }

    private static async Task RunAsync(HttpContext http, string key, RequestDelegate next)
    {
        if (key.Length is 0 or > MaxKeyLength || key.Any(c => c is < (char)0x21 or > (char)0x7E) || http.Request.Headers[Header].Count > 1)
        {
            await Problems.WriteAsync(http, 400, "Bad Request",
                $"{Header} must be one value of 1 to {MaxKeyLength} visible ASCII characters, such as a UUID.", new() { [Header] = ["Use one UUID per user action."] });
            return;
        }

        var cancellationToken = http.RequestAborted;
        ApplyEndpointBodyLimit(http);
        var hash = await RequestFingerprint.OfAsync(http.Request, cancellationToken);
        var user = http.RequestServices.GetRequiredService<CurrentUser>();
        var scope = ScopeOf(user, http.Request, key);
        var db = http.RequestServices.GetRequiredService<CoordinatorDb>();
        var time = http.RequestServices.GetRequiredService<TimeProvider>();

        // Whole milliseconds: the start time is compared after a round trip (PostgreSQL keeps microseconds, .NET ticks).
        var ticks = time.GetUtcNow().UtcTicks;
        var now = new DateTime(ticks - ticks % TimeSpan.TicksPerMillisecond, DateTimeKind.Utc);
        var claim = await ClaimAsync(db, scope, user.TenantId, hash, now, cancellationToken);
        switch (claim)
        {
            case Claim.Replay replay:
                await ReplayAsync(http, replay.Request);
                return;
            case Claim.Refused refused:
                await Problems.WriteAsync(http, refused.Status, refused.Status == 409 ? "Conflict" : "Unprocessable Content", refused.Detail);
                return;
        }

        var mine = (Claim.Started)claim;

        // A client that gives up (a timeout) will retry with the same key: the request runs to its end regardless, so
        // that what it did is either undone entirely or kept as the answer to that retry, never done a second time.
        http.RequestAborted = CancellationToken.None;
        var original = http.Features.Get<IHttpResponseBodyFeature>()!;
        await using var capture = new CapturingStream(original.Stream, MaxStoredBody);
        var capturing = new StreamResponseBodyFeature(capture, original);
        http.Features.Set<IHttpResponseBodyFeature>(capturing);
        var completed = false;
        try
        {
            await next(http);
            await capturing.CompleteAsync(); // flushes what the endpoint wrote through the pipe into the copy
            completed = true;
        }
        finally
        {
            http.Features.Set(original);
            await FinishAsync(db, mine, http, capture, completed, time);
        }
    }

    // The request's body may be read here before the endpoint raises its limit (the import's): apply it first.
    private static void ApplyEndpointBodyLimit(HttpContext http)
    {
        if (http.GetEndpoint()?.Metadata.GetMetadata<IRequestSizeLimitMetadata>() is { MaxRequestBodySize: var limit }
            && http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = limit;
        }
    }

    private abstract record Claim
    {
        public sealed record Started(long Id, DateTime StartedAt) : Claim;
        public sealed record Replay(IdempotentRequest Request) : Claim;
        public sealed record Refused(int Status, string Detail) : Claim;
    }

    private static async Task<Claim> ClaimAsync(CoordinatorDb db, string scope, string tenantId, string hash, DateTime now, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            // A new key, the usual case, is claimed in one statement; a key already there is read and decided on.
            List<long> claimed;
            using (await db.EnterWriteAsync(cancellationToken))
            {
                claimed = await db.Database.SqlQuery<long>($"""
                    INSERT INTO "IdempotentRequests" ("Scope", "TenantId", "RequestHash", "StartedAt") VALUES ({scope}, {tenantId}, {hash}, {now})
                    ON CONFLICT ("Scope") DO NOTHING RETURNING "Id" AS "Value"
                    """).ToListAsync(cancellationToken);
            }

            if (claimed is [var id])
            {
                return new Claim.Started(id, now);
            }

            var existing = await db.IdempotentRequests.AsNoTracking().FirstOrDefaultAsync(r => r.Scope == scope, cancellationToken);
            if (existing is null)
            {
                continue; // its row expired and was removed a moment ago: claim again
            }

            var expired = existing.StartedAt < now - Lifetime
                || (existing.CompletedAt is null && existing.StartedAt < now - InFlightTimeout);
            if (expired)
            {
                // Take the stale key over, unless someone else just did (the start time is the row's version).
                int taken;
                using (await db.EnterWriteAsync(cancellationToken))
                {
                    taken = await db.IdempotentRequests
                        .Where(r => r.Id == existing.Id && r.StartedAt == existing.StartedAt)
                        .ExecuteUpdateAsync(set => set
                            .SetProperty(r => r.RequestHash, hash).SetProperty(r => r.StartedAt, now).SetProperty(r => r.CompletedAt, (DateTime?)null)
                            .SetProperty(r => r.StatusCode, (int?)null).SetProperty(r => r.ContentType, (string?)null)
                            .SetProperty(r => r.Location, (string?)null).SetProperty(r => r.ETag, (string?)null)
                            .SetProperty(r => r.Body, (byte[]?)null), cancellationToken);
                }

                if (taken == 1)
                {
                    return new Claim.Started(existing.Id, now);
                }

                continue;
            }

            if (existing.RequestHash != hash)
            {
                return new Claim.Refused(422, $"This {Header} was already used for a different request; send a new key for a new action.");
            }

            return existing.CompletedAt is null
                ? new Claim.Refused(409, $"A request with this {Header} is still being processed; wait for its answer, then retry.")
                : new Claim.Replay(existing);
        }

        // Taken over or removed under our hands three times in a row: as busy as a key still in flight.
        return new Claim.Refused(409, $"A request with this {Header} is still being processed; wait for its answer, then retry.");
    }

    // Keeps the answer for replay (2xx, 4xx), or frees the key (5xx, a failure, or an answer too large to keep).
    private static async Task FinishAsync(CoordinatorDb db, Claim.Started mine, HttpContext http, CapturingStream capture, bool completed, TimeProvider time)
    {
        var status = http.Response.StatusCode;
        var keep = completed && status is >= 200 and < 500 and not (>= 300 and < 400) && !capture.Overflowed;
        try
        {
            using var turn = await db.EnterWriteAsync(CancellationToken.None);
            // Only the row this request claimed: one that outlived InFlightTimeout may have been taken over meanwhile.
            var rows = db.IdempotentRequests.Where(r => r.Id == mine.Id && r.StartedAt == mine.StartedAt);
            if (keep)
            {
                var headers = http.Response.Headers;
                var body = capture.Captured;
                await rows.ExecuteUpdateAsync(set => set
                    .SetProperty(r => r.CompletedAt, time.GetUtcNow().UtcDateTime).SetProperty(r => r.StatusCode, status)
                    .SetProperty(r => r.ContentType, http.Response.ContentType).SetProperty(r => r.Location, headers.Location.ToString() is { Length: > 0 } l ? l : null)
                    .SetProperty(r => r.ETag, headers.ETag.ToString() is { Length: > 0 } e ? e : null)
                    .SetProperty(r => r.Body, body), CancellationToken.None);
            }
            else
            {
                await rows.ExecuteDeleteAsync(CancellationToken.None);
            }
        }
        catch (Exception exception)
        {
            // Never let keeping the answer spoil the answer itself: the in-flight mark expires after InFlightTimeout.
            http.RequestServices.GetRequiredService<ILogger<IdempotentRequest>>()
                .LogWarning("Could not keep the answer of an idempotent request ({Error}); its key is freed in {Minutes} minutes",
                    exception.GetType().Name, InFlightTimeout.TotalMinutes);
        }
    }

    private static async Task ReplayAsync(HttpContext http, IdempotentRequest request)
    {
        var response = http.Response;
        response.StatusCode = request.StatusCode ?? StatusCodes.Status200OK;
        response.Headers[ReplayedHeader] = "true";
        if (request.ContentType is not null)
        {
            response.ContentType = request.ContentType;
        }

        if (request.Location is not null)
        {
            response.Headers.Location = request.Location;
        }

        if (request.ETag is not null)
        {
            response.Headers.ETag = request.ETag;
        }

        if (request.Body is { Length: > 0 } body)
        {
            await response.Body.WriteAsync(body, http.RequestAborted);
        }
    }

    private static string ScopeOf(CurrentUser user, HttpRequest request, string key)
    {
        var text = string.Join('\n', user.TenantId, user.ObjectId, request.Method, request.Path.Value?.TrimEnd('/').ToLowerInvariant(), key);
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }

    // Forgets keys older than 24 hours, hourly; any instance may do it (the delete is idempotent).
    private sealed class ExpiredKeyCleanup(IServiceScopeFactory scopes, TimeProvider time, ILogger<ExpiredKeyCleanup> logger) : BackgroundService
    {
        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            using var timer = new PeriodicTimer(TimeSpan.FromHours(1), time);
            do
            {
                try
                {
                    await using var scope = scopes.CreateAsyncScope();
                    var db = scope.ServiceProvider.GetRequiredService<CoordinatorDb>();
                    var before = time.GetUtcNow().UtcDateTime - Lifetime;
                    using var turn = await db.EnterWriteAsync(stoppingToken);
                    var removed = await db.IdempotentRequests.IgnoreQueryFilters().Where(r => r.StartedAt < before).ExecuteDeleteAsync(stoppingToken);
                    if (removed > 0)
                    {
                        logger.LogInformation("Forgot {Count} idempotency keys older than {Hours} hours", removed, Lifetime.TotalHours);
                    }
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    logger.LogWarning("Could not forget expired idempotency keys ({Error}); trying again later", exception.GetType().Name);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
    }

    // Passes the answer through and keeps a copy, up to a limit.
    private sealed class CapturingStream(Stream inner, int limit) : Stream
    {
        private readonly MemoryStream _copy = new();

        public bool Overflowed { get; private set; }
        public byte[] Captured => _copy.ToArray();

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush() => inner.Flush();
        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count)
        {
            Keep(buffer.AsSpan(offset, count));
            inner.Write(buffer, offset, count);
        }

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Keep(buffer.Span);
            await inner.WriteAsync(buffer, cancellationToken);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        private void Keep(ReadOnlySpan<byte> bytes)
        {
            if (Overflowed)
            {
                return;
            }

            if (_copy.Length + bytes.Length > limit)
            {
                Overflowed = true;
                _copy.SetLength(0);
                return;
            }

            _copy.Write(bytes);
        }
    }
}
