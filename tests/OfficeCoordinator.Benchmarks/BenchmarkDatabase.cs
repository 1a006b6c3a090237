using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using OfficeCoordinator.Api.Auth;
using OfficeCoordinator.Api.Data;

namespace OfficeCoordinator.Benchmarks;

// A fresh database migrated to the real schema, deleted on dispose: a SQLite temp file or a throwaway PostgreSQL database.
public abstract class BenchmarkDatabase : IAsyncDisposable
{
    public abstract string Name { get; }

    // A new context per call, as a request gets; the providers pool the connections underneath.
    public abstract CoordinatorDb Open(CurrentUser user);

    public abstract ValueTask DisposeAsync();

    // keepFile: a database file that is migrated and kept after the run (to reuse a large seeded database).
    public static async Task<BenchmarkDatabase> CreateSqliteAsync(CurrentUser user, CancellationToken cancellationToken, string? keepFile = null)
    {
        var database = new SqliteBenchmarkDatabase(keepFile);
        await using var db = database.Open(user);
        await db.Database.MigrateAsync(cancellationToken);
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode = WAL;", cancellationToken); // as DatabaseInitializer does
        return database;
    }

    // keepDatabase: a database that is created when missing, migrated and kept after the run.
    public static async Task<BenchmarkDatabase> CreatePostgresAsync(string adminConnectionString, CurrentUser user, CancellationToken cancellationToken, string? keepDatabase = null)
    {
        var database = new PostgresBenchmarkDatabase(adminConnectionString, keepDatabase);
        if (keepDatabase is null || !await database.ExistsAsync(cancellationToken))
        {
            await database.ExecuteAsAdminAsync($"CREATE DATABASE \"{database.DatabaseName}\"", cancellationToken);
        }

        try
        {
            await using var db = database.Open(user);
            await db.Database.MigrateAsync(cancellationToken);
            return database;
        }
        catch
        {
            await database.DisposeAsync();
            throw;
        }
    }

    private sealed class SqliteBenchmarkDatabase : BenchmarkDatabase
    {
        private readonly string? _folder;
        private readonly DbContextOptions<SqliteCoordinatorDb> _options;

        // One writer gate for every context, as the API has one per process.
        private readonly WriterGate _writers = WriterGate.ForSqlite();

        public SqliteBenchmarkDatabase(string? keepFile)
        {
            _folder = keepFile is null ? Directory.CreateTempSubdirectory("oc-bench-").FullName : null;
            var file = keepFile ?? Path.Combine(_folder!, "bench.db");
            _options = new DbContextOptionsBuilder<SqliteCoordinatorDb>().UseSqlite($"Data Source={file}")
                .AddInterceptors(new DatabaseSetup.SqliteConnectionPragmas()).Options;
        }

        public override string Name => "SQLite";

        public override CoordinatorDb Open(CurrentUser user) => new SqliteCoordinatorDb(_options, user, TimeProvider.System, _writers);

        public override ValueTask DisposeAsync()
        {
            SqliteConnection.ClearAllPools();
            if (_folder is not null)
            {
                Directory.Delete(_folder, recursive: true);
            }

            return ValueTask.CompletedTask;
        }
    }

    private sealed class PostgresBenchmarkDatabase : BenchmarkDatabase
    {
        private readonly string _admin;
        private readonly bool _keep;
        private readonly DbContextOptions<PostgresCoordinatorDb> _options;

        public PostgresBenchmarkDatabase(string admin, string? keepDatabase)
        {
            _admin = admin;
            _keep = keepDatabase is not null;
            DatabaseName = keepDatabase ?? DatabaseName;
            var connectionString = new NpgsqlConnectionStringBuilder(admin) { Database = DatabaseName }.ConnectionString;
            _options = new DbContextOptionsBuilder<PostgresCoordinatorDb>().UseNpgsql(connectionString).Options;
        }

        public string DatabaseName { get; } = "oc_bench_" + Guid.NewGuid().ToString("N")[..12];

        public override string Name => "PostgreSQL";

        public override CoordinatorDb Open(CurrentUser user) => new PostgresCoordinatorDb(_options, user, TimeProvider.System);

        public override async ValueTask DisposeAsync()
        {
            NpgsqlConnection.ClearAllPools();
            if (_keep)
            {
                return;
            }

            await ExecuteAsAdminAsync($"DROP DATABASE IF EXISTS \"{DatabaseName}\" WITH (FORCE)", CancellationToken.None);
        }

        public async Task<bool> ExistsAsync(CancellationToken cancellationToken)
        {
            await using var connection = new NpgsqlConnection(_admin);
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand("SELECT count(*) FROM pg_database WHERE datname = @name", connection);
            command.Parameters.AddWithValue("name", DatabaseName);
            return (long)(await command.ExecuteScalarAsync(cancellationToken))! > 0;
        }

        public async Task ExecuteAsAdminAsync(string sql, CancellationToken cancellationToken)
        {
            await using var connection = new NpgsqlConnection(_admin);
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand(sql, connection);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }
}
