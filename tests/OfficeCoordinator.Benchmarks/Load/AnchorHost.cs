using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OfficeCoordinator.Api.Data;

namespace OfficeCoordinator.Benchmarks.Load;

public sealed record AnchorOptions(DatabaseProvider Provider, string Connection, string? SeedProject, int SeedItems);

// What issue 17 measures the API's write path against (tests/load/write-path.sh): the least an authenticated write can
// cost on this stack. It checks the same JWT as the API, parses a small body and stores one row and its history row with
// EF Core in one SaveChanges; its read is a 50-row page. On SQLite it uses the API's own connection settings and writer
// gate, so the ratio shows what our routes add, not a difference in how the database is driven.
public static class AnchorHost
{
    public const int DefaultLimit = 50;

    public static async Task RunAsync(string[] args, AnchorOptions options, CancellationToken cancellationToken)
    {
        // The slim builder reads --urls from the arguments and the sign-in settings from the environment.
        var builder = WebApplication.CreateSlimBuilder(args);
        builder.Logging.ClearProviders();

        // Authentication:Schemes:Bearer (issuer, audience, signing key), bound as the API binds it for Local sign-in.
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(jwt => jwt.MapInboundClaims = false);
        builder.Services.AddAuthorization();
        AddDatabase(builder.Services, options);

        await using var app = builder.Build();
        await PrepareDatabaseAsync(app.Services, options, cancellationToken);

        // Anonymous, for the script's readiness wait; it answers only once the database is ready.
        app.MapGet("/health", () => "ready");
        var items = app.MapGroup("/anchor/projects/{projectId}/items").RequireAuthorization();
        items.MapPost("/", CreateAsync);
        items.MapGet("/", ListAsync);

        // Stops on Ctrl+C or SIGTERM (the host's own lifetime) or when the token is cancelled.
        await app.StartAsync(cancellationToken);
        await app.WaitForShutdownAsync(cancellationToken);
    }

    private static void AddDatabase(IServiceCollection services, AnchorOptions options)
    {
        if (options.Provider == DatabaseProvider.Postgres)
        {
            // Plain Npgsql: its connection pool, no writer gate (PostgreSQL takes concurrent writers itself).
            services.AddSingleton(WriterGate.Open);
            services.AddDbContext<AnchorDb>(db => db.UseNpgsql(options.Connection));
            return;
        }

        // As DatabaseSetup does for the API: a busy wait of BusyWaitSeconds, the pragmas once per physical connection,
        // and one writer at a time in this process.
        var connection = new SqliteConnectionStringBuilder(options.Connection) { DefaultTimeout = DatabaseSetup.BusyWaitSeconds }.ConnectionString;
        services.AddSingleton(WriterGate.ForSqlite());
        services.AddDbContext<AnchorDb>(db => db.UseSqlite(connection).AddInterceptors(new DatabaseSetup.SqliteConnectionPragmas()));
    }

    private static async Task PrepareDatabaseAsync(IServiceProvider services, AnchorOptions options, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AnchorDb>();
        await db.Database.EnsureCreatedAsync(cancellationToken);
        if (db.Database.IsSqlite())
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode = WAL;", cancellationToken);
        }

        if (options.SeedProject is { } project && options.SeedItems > 0)
        {
            await SeedAsync(db, project, options.SeedItems, cancellationToken);
        }
    }

    // The anchor's side of the script's large project: as many items as the API's project has tasks.
    private static async Task SeedAsync(AnchorDb db, string project, int count, CancellationToken cancellationToken)
    {
        const int Batch = 1_000;
        var now = DateTime.UtcNow;
        for (var first = 1; first <= count; first += Batch)
        {
            for (var n = first; n < first + Batch && n <= count; n++)
            {
                db.Items.Add(NewItem(project, $"Seeded item {n}", null, "seed", now));
            }

            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
        }
    }

    private static AnchorItem NewItem(string project, string title, string? requester, string user, DateTime now) => new()
    {
        ProjectId = project,
        Title = title,
        Requester = requester,
        CreatedBy = user,
        CreatedAt = now,
        History = [new AnchorHistory { ProjectId = project, Action = "created", ChangedBy = user, At = now }],
    };

    private static async Task<Results<Created<AnchorItemDto>, ValidationProblem>> CreateAsync(
        string projectId, AnchorItemInput input, ClaimsPrincipal user, AnchorDb db, WriterGate writers, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(input.Title) || input.Title.Length > 200 || projectId.Length > 32)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["title"] = ["title is required, at most 200 characters."] });
        }

        var item = NewItem(projectId, input.Title.Trim(), input.Requester, user.FindFirstValue("oid") ?? user.FindFirstValue("sub") ?? "", DateTime.UtcNow);
        db.Items.Add(item);
        // The item and its history row in one SaveChanges, which EF Core wraps in one transaction.
        using (await writers.EnterAsync(cancellationToken))
        {
            await db.SaveChangesAsync(cancellationToken);
        }

        return TypedResults.Created($"/anchor/projects/{projectId}/items/{item.Id}", item.AsDto());
    }

    private static async Task<Ok<List<AnchorItemDto>>> ListAsync(string projectId, int? limit, AnchorDb db, CancellationToken cancellationToken) =>
        TypedResults.Ok(await db.Items.AsNoTracking()
            .Where(i => i.ProjectId == projectId)
            .OrderBy(i => i.Id)
            .Take(Math.Clamp(limit ?? DefaultLimit, 1, 500))
            .Select(i => new AnchorItemDto(i.Id, i.ProjectId, i.Title, i.Requester, i.CreatedBy, i.CreatedAt))
            .ToListAsync(cancellationToken));
}
