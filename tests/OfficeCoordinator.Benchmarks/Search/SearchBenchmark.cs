using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.EntityFrameworkCore;
using OfficeCoordinator.Api.Auth;
using OfficeCoordinator.Api.Communications;
using OfficeCoordinator.Api.Obstacles;
using OfficeCoordinator.Api.Projects;
using OfficeCoordinator.Api.Search;
using OfficeCoordinator.Api.Stakeholders;
using OfficeCoordinator.Api.Tasks;
using static System.FormattableString;
using Contracts = OfficeCoordinator.Client.Contracts;

namespace OfficeCoordinator.Benchmarks.Search;

// Keep: a folder whose seeded SQLite file (and a PostgreSQL database of the same size) is reused by the next run.
public sealed record SearchBenchmarkOptions(int Records = 100_000, int Queries = 200, string? Postgres = null, int Writers = 8, string? Keep = null);

public sealed record SeededDatabase(string Database, int Records, TimeSpan SeedingTime, bool Reused = false)
{
    public double RecordsPerSecond => Records / SeedingTime.TotalSeconds;
}

// PeakRssMiB: the benchmark process's peak resident set while the row ran (the PostgreSQL server's is not included).
public sealed record SearchBenchmarkRow(
    string Database, int Writers, string Query, double MeanHits, double MedianMs, double P95Ms, double P99Ms, double MaxMs, double PeakRssMiB);

// What the concurrent writers did while a database's searches were timed: one record per SaveChangesAsync each.
public sealed record WriterLoad(string Database, int Writers, int Records, TimeSpan Elapsed, double MedianMs, double P99Ms)
{
    public double RecordsPerSecond => Records / Elapsed.TotalSeconds;
}

public sealed record SearchBenchmarkReport(
    string Machine, int Queries, IReadOnlyList<SeededDatabase> Databases, IReadOnlyList<SearchBenchmarkRow> Rows,
    IReadOnlyList<WriterLoad> Writes, string? Note)
{
    public string ToMarkdown()
    {
        var text = new StringBuilder();
        text.AppendLine(Invariant($"Search benchmark: {Queries} timed searches per row (limit {SearchBenchmark.Limit}, a new DbContext each); machine: {Machine}"));
        foreach (var seeded in Databases)
        {
            text.AppendLine(seeded.Reused
                ? Invariant($"{seeded.Database}: {seeded.Records:N0} records, kept from earlier runs (seeded, then added to by their writers)")
                : Invariant($"{seeded.Database}: {seeded.Records:N0} records seeded through CoordinatorDb.SaveChangesAsync in {seeded.SeedingTime.TotalSeconds:N1} s ({seeded.RecordsPerSecond:N0} records/s)"));
        }

        foreach (var load in Writes)
        {
            text.AppendLine(Invariant($"{load.Database}: {load.Writers} writers added {load.Records:N0} records in {load.Elapsed.TotalSeconds:N1} s while searching ({load.RecordsPerSecond:N0} records/s; a write's median {load.MedianMs:N1} ms, p99 {load.P99Ms:N1} ms)"));
        }

        if (Note is not null)
        {
            text.AppendLine(Note);
        }

        text.AppendLine().AppendLine("| Database | Writers | Query | Hits (mean) | Median ms | p95 ms | p99 ms | Max ms | Peak RSS MiB |")
            .AppendLine("|---|---:|---|---:|---:|---:|---:|---:|---:|");
        foreach (var row in Rows)
        {
            text.AppendLine(Invariant($"| {row.Database} | {row.Writers} | {row.Query} | {row.MeanHits:N1} | {row.MedianMs:N2} | {row.P95Ms:N2} | {row.P99Ms:N2} | {row.MaxMs:N2} | {row.PeakRssMiB:N0} |"));
        }

        return text.ToString();
    }
}

// Seeds each database through the real write path (history and search documents included), then times
// SearchQueries.RunAsync as the search endpoint calls it.
public static class SearchBenchmark
{
    public const int Limit = SearchEndpoints.DefaultLimit;
    public const string CommonWord = "common word";
    public const string RareWord = "rare word (in at most 5 per 100,000 records)";
    public const string TwoWords = "two common words";
    public const string Prefix = "prefix (4 letters of a common word)";
    public static readonly IReadOnlyList<string> QueryKinds = [CommonWord, RareWord, TwoWords, Prefix];

    // The common word looked up in every record, as for a word common long ago and absent from the newest records
    // (SearchQueries' second step): the cost the recent window avoids. Timed idle only, at most 100 times.
    public const string EveryMatch = "common word, every match (worst case: a word common only long ago)";

    private const string Tenant = "bench";
    private const string ProjectName = "Search benchmark";
    private const int Seed = 20_261_126;
    private const int BatchSize = 1_000;
    private const int WarmUpCalls = 30;
    private static readonly Contracts.CommunicationKind[] CommunicationKinds = Enum.GetValues<Contracts.CommunicationKind>();

    public static async Task<SearchBenchmarkReport> RunAsync(SearchBenchmarkOptions options, TextWriter log, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Records, 20);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Queries, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(options.Writers);
        var user = new CurrentUser();
        user.ActAs(Tenant, "6f1c0d6e-0b1a-4c55-9d3e-bench0000001", "Bench", "bench@contoso.example");
        var seeded = new List<SeededDatabase>();
        var rows = new List<SearchBenchmarkRow>();
        var writes = new List<WriterLoad>();
        var note = options.Postgres is null
            ? "PostgreSQL not run: give --postgres \"<npgsql connection string>\" or set OC_TEST_POSTGRES."
            : null;
        if (note is not null)
        {
            await log.WriteLineAsync(note);
        }

        var keepFile = options.Keep is { } keep ? Path.Combine(Directory.CreateDirectory(keep).FullName, Invariant($"search-{options.Records}.db")) : null;
        await using (var sqlite = await BenchmarkDatabase.CreateSqliteAsync(user, cancellationToken, keepFile))
        {
            await RunOnAsync(sqlite, user, options, seeded, rows, writes, log, cancellationToken);
        }

        if (options.Postgres is { } admin)
        {
            var keepDatabase = options.Keep is null ? null : Invariant($"oc_search_{options.Records}");
            await using var postgres = await BenchmarkDatabase.CreatePostgresAsync(admin, user, cancellationToken, keepDatabase);
            await RunOnAsync(postgres, user, options, seeded, rows, writes, log, cancellationToken);
        }

        var machine = Invariant($"{Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, .NET {Environment.Version}");
        return new SearchBenchmarkReport(machine, options.Queries, seeded, rows, writes, note);
    }

    private static async Task RunOnAsync(BenchmarkDatabase database, CurrentUser user, SearchBenchmarkOptions options,
        List<SeededDatabase> seeded, List<SearchBenchmarkRow> rows, List<WriterLoad> writes, TextWriter log, CancellationToken cancellationToken)
    {
        var corpus = new SearchCorpus(Seed);
        var (projectId, seeding) = await SeedAsync(database, user, corpus, options.Records, log, cancellationToken);
        seeded.Add(seeding);

        var common = corpus.MostFrequent(5).ToArray();
        var rare = corpus.Rare(maxDocuments: Math.Max(5, options.Records / 20_000)).Take(20).ToArray();
        if (rare.Length == 0)
        {
            throw new InvalidOperationException("No word is that rare at this size; the corpus needs a longer tail.");
        }

        await log.WriteLineAsync($"{database.Name}: common words {string.Join(", ", common)}; rare words {string.Join(", ", rare.Take(5))}, ...");
        (string Kind, string[] Texts)[] queries =
        [
            (CommonWord, common),
            (RareWord, rare),
            (TwoWords, [.. common.Select((word, i) => $"{word} {common[(i + 1) % common.Length]}")]),
            (Prefix, [.. common.Select(word => word[..4])]),
        ];

        // Tiered compilation and the page cache settle first, so that the first row is timed as warm as the others.
        foreach (var (_, texts) in queries)
        {
            await TimeAsync(database, user, projectId, 0, "warm-up", texts, WarmUpCalls, cancellationToken);
        }

        await TimeAllAsync(0);
        var worst = await TimeAsync(database, user, projectId, 0, EveryMatch, common, Math.Min(options.Queries, 100), cancellationToken, recentRecords: 1);
        await log.WriteLineAsync(Invariant($"{worst.Database}, {worst.Query}: median {worst.MedianMs:N2} ms, p99 {worst.P99Ms:N2} ms"));
        rows.Add(worst);
        if (options.Writers > 0)
        {
            writes.Add(await WithWritersAsync(database, user, projectId, options.Writers, () => TimeAllAsync(options.Writers), log, cancellationToken));
        }

        async Task TimeAllAsync(int writers)
        {
            foreach (var (kind, texts) in queries)
            {
                var row = await TimeAsync(database, user, projectId, writers, kind, texts, options.Queries, cancellationToken);
                await log.WriteLineAsync(Invariant($"{row.Database}, {writers} writers, {row.Query}: median {row.MedianMs:N2} ms, p99 {row.P99Ms:N2} ms, {row.MeanHits:N1} hits, peak RSS {row.PeakRssMiB:N0} MiB"));
                rows.Add(row);
            }
        }
    }

    private static async Task<(string ProjectId, SeededDatabase Seeded)> SeedAsync(
        BenchmarkDatabase database, CurrentUser user, SearchCorpus corpus, int records, TextWriter log, CancellationToken cancellationToken)
    {
        await using var db = database.Open(user);
        var now = DateTime.UtcNow;
        if (await db.Projects.Where(p => p.Name == ProjectName).Select(p => p.Id).FirstOrDefaultAsync(cancellationToken) is { } kept)
        {
            // A kept database: the corpus is replayed (no writes) so that its word counts pick the same queries.
            var documents = await db.SearchDocuments.CountAsync(d => d.ProjectId == kept, cancellationToken);
            if (documents < records)
            {
                throw new InvalidOperationException(Invariant($"{database.Name}: the kept database has {documents:N0} records, fewer than {records:N0} (an interrupted seeding?); delete it."));
            }

            for (var i = 0; i < records; i++)
            {
                NewRecord(corpus, user, kept, i, now);
                corpus.EndDocument();
            }

            await log.WriteLineAsync(Invariant($"{database.Name}: reusing the kept database of {documents:N0} records"));
            return (kept, new SeededDatabase(database.Name, documents, TimeSpan.Zero, Reused: true)); // with earlier runs' writers' records
        }

        var project = new Project { TenantId = Tenant, Name = ProjectName, CreatedAt = now, CreatedBy = user.ObjectId };
        project.Members.Add(new Member
        {
            TenantId = Tenant, ProjectId = project.Id, Email = user.Email, Name = user.Name, Role = Contracts.ProjectRole.Manager,
            UserObjectId = user.ObjectId, Joined = now,
        });
        db.Add(project);
        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();

        await log.WriteLineAsync(Invariant($"{database.Name}: seeding {records:N0} records in batches of {BatchSize:N0}"));
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < records; i++)
        {
            db.Add(NewRecord(corpus, user, project.Id, i, now));
            corpus.EndDocument();
            if ((i + 1) % BatchSize == 0 || i + 1 == records)
            {
                await db.SaveChangesAsync(cancellationToken);
                db.ChangeTracker.Clear(); // a request's context is small; a growing tracker would measure EF, not the database
            }

            if ((i + 1) % 10_000 == 0)
            {
                await log.WriteLineAsync(Invariant($"{database.Name}: {i + 1:N0} records, {(i + 1) / clock.Elapsed.TotalSeconds:N0} records/s"));
            }
        }

        var seeded = new SeededDatabase(database.Name, records, clock.Elapsed);
        await log.WriteLineAsync(Invariant($"{database.Name}: seeded {records:N0} records in {seeded.SeedingTime.TotalSeconds:N1} s ({seeded.RecordsPerSecond:N0} records/s)"));
        if (db.Database.IsNpgsql())
        {
            // Autovacuum does this within a minute of such a load; without it we would time the GIN pending list.
            await db.Database.ExecuteSqlRawAsync("VACUUM ANALYZE", cancellationToken);
        }

        return (project.Id, seeded);
    }

    // Each writer adds communications and obstacles (no task numbers to share) one per SaveChangesAsync, the API's write
    // path with its history row, search document and index update, until the timed searches are done.
    private static async Task<WriterLoad> WithWritersAsync(BenchmarkDatabase database, CurrentUser user, string projectId, int writers,
        Func<Task> timed, TextWriter log, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var latencies = new List<double>[writers];
        var clock = Stopwatch.StartNew();
        var running = Enumerable.Range(0, writers).Select(w => Task.Run(() => WriteAsync(w))).ToArray();
        try
        {
            await timed();
        }
        finally
        {
            await stop.CancelAsync();
            await Task.WhenAll(running);
        }

        var elapsed = clock.Elapsed;
        var all = latencies.SelectMany(l => l).Order().ToArray();
        var load = new WriterLoad(database.Name, writers, all.Length, elapsed, all.Length == 0 ? 0 : Percentile(all, 0.50), all.Length == 0 ? 0 : Percentile(all, 0.99));
        await log.WriteLineAsync(Invariant($"{database.Name}: {writers} writers added {load.Records:N0} records ({load.RecordsPerSecond:N0}/s, write p99 {load.P99Ms:N1} ms)"));
        return load;

        async Task WriteAsync(int writer)
        {
            var mine = latencies[writer] = [];
            var corpus = new SearchCorpus(Seed, textSeed: Seed + 1 + writer);
            var now = DateTime.UtcNow;
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                await using var db = database.Open(user);
                db.Add(NewRecord(corpus, user, projectId, 8 + i % 9, now));
                corpus.EndDocument();
                var write = Stopwatch.StartNew();
                await db.SaveChangesAsync(CancellationToken.None); // a write that started finishes: no half-cancelled commit
                mine.Add(write.Elapsed.TotalMilliseconds);
            }
        }
    }

    // 8 in 20 records are tasks, 6 communications (a fifth of them decisions), 3 obstacles and 3 stakeholders.
    private static object NewRecord(SearchCorpus corpus, CurrentUser user, string projectId, int index, DateTime now) => (index % 20) switch
    {
        < 8 => new ProjectTask
        {
            TenantId = Tenant, ProjectId = projectId, Number = index / 20 * 8 + index % 20 + 1,
            Title = corpus.Words(4, 10), Description = corpus.Words(20, 80), CreatedAt = now, CreatedBy = user.ObjectId,
        },
        < 14 => corpus.Pick(CommunicationKinds) is var kind && kind == Contracts.CommunicationKind.Decision
            ? new Communication
            {
                TenantId = Tenant, ProjectId = projectId, OccurredAt = now, Kind = kind, Summary = corpus.Words(20, 80),
                DecisionText = corpus.Words(4, 10), Rationale = corpus.Words(10, 30),
                DecisionStatus = corpus.Pick(Enum.GetValues<Contracts.DecisionStatus>()), LoggedByEmail = user.Email, LoggedByName = user.Name,
            }
            : new Communication
            {
                TenantId = Tenant, ProjectId = projectId, OccurredAt = now, Kind = kind, Summary = corpus.Words(20, 80),
                Channel = corpus.Pick(Enum.GetValues<Contracts.Channel>()), LoggedByEmail = user.Email, LoggedByName = user.Name,
            },
        < 17 => new Obstacle
        {
            TenantId = Tenant, ProjectId = projectId, Statement = corpus.Words(4, 10), Impact = corpus.Words(20, 80),
            RaisedByEmail = user.Email, RaisedByName = user.Name, RaisedAt = now,
        },
        _ => new Stakeholder
        {
            TenantId = Tenant, ProjectId = projectId, Name = corpus.Name(), Email = Invariant($"stakeholder{index}@bench.example"),
            Organization = corpus.Name(), Title = corpus.Words(1, 3), Notes = corpus.Words(20, 80), CreatedAt = now,
        },
    };

    private static async Task<SearchBenchmarkRow> TimeAsync(BenchmarkDatabase database, CurrentUser user, string projectId, int writers,
        string kind, string[] texts, int queries, CancellationToken cancellationToken, int recentRecords = SearchQueries.RecentRecords)
    {
        for (var i = 0; i < WarmUpCalls; i++)
        {
            await SearchAsync(texts[i % texts.Length]);
        }

        PeakMemory.Reset();
        var milliseconds = new double[queries];
        var hits = 0;
        for (var i = 0; i < queries; i++)
        {
            var clock = Stopwatch.StartNew();
            hits += await SearchAsync(texts[i % texts.Length]);
            milliseconds[i] = clock.Elapsed.TotalMilliseconds;
        }

        Array.Sort(milliseconds);
        return new SearchBenchmarkRow(database.Name, writers, kind, (double)hits / queries, Percentile(milliseconds, 0.50), Percentile(milliseconds, 0.95),
            Percentile(milliseconds, 0.99), milliseconds[^1], PeakMemory.PeakRssMiB());

        async Task<int> SearchAsync(string text)
        {
            await using var db = database.Open(user);
            var found = await SearchQueries.RunAsync(db, projectId, Tenant, SearchEndpoints.Words(text), Limit, cancellationToken, recentRecords);
            return found.Count;
        }
    }

    // Linear interpolation between the two nearest ranks of an ascending array.
    private static double Percentile(double[] sorted, double fraction)
    {
        var position = fraction * (sorted.Length - 1);
        var below = (int)position;
        return below + 1 < sorted.Length ? sorted[below] + (sorted[below + 1] - sorted[below]) * (position - below) : sorted[below];
    }
}
