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

    public static async Task<BenchmarkDatabase> CreateSqliteAsync(CurrentUser user, CancellationToken cancellationToken)
    {
        var database = new SqliteBenchmarkDatabase();
        await using var db = database.Open(user);
        await db.Database.MigrateAsync(cancellationToken);
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode = WAL;", cancellationToken); // as DatabaseInitializer does
        return database;
    }

    public static async Task<BenchmarkDatabase> CreatePostgresAsync(string adminConnectionString, CurrentUser user, CancellationToken cancellationToken)
    {
        var database = new PostgresBenchmarkDatabase(adminConnectionString);
        await database.ExecuteAsAdminAsync($"CREATE DATABASE \"{database.DatabaseName}\"", cancellationToken);
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
        private readonly string _folder = Directory.CreateTempSubdirectory("oc-bench-").FullName;
        private readonly DbContextOptions<SqliteCoordinatorDb> _options;

        public SqliteBenchmarkDatabase() =>
            _options = new DbContextOptionsBuilder<SqliteCoordinatorDb>().UseSqlite($"Data Source={Path.Combine(_folder, "bench.db")}").Options;

        public override string Name => "SQLite";

        public override CoordinatorDb Open(CurrentUser user) => new SqliteCoordinatorDb(_options, user, TimeProvider.System);

        public override ValueTask DisposeAsync()
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(_folder, recursive: true);
            return ValueTask.CompletedTask;
        }
    }

    private sealed class PostgresBenchmarkDatabase : BenchmarkDatabase
    {
        private readonly string _admin;
        private readonly DbContextOptions<PostgresCoordinatorDb> _options;

        public PostgresBenchmarkDatabase(string admin)
        {
            _admin = admin;
            var connectionString = new NpgsqlConnectionStringBuilder(admin) { Database = DatabaseName }.ConnectionString;
            _options = new DbContextOptionsBuilder<PostgresCoordinatorDb>().UseNpgsql(connectionString).Options;
        }

        public string DatabaseName { get; } = "oc_bench_" + Guid.NewGuid().ToString("N")[..12];

        public override string Name => "PostgreSQL";

        public override CoordinatorDb Open(CurrentUser user) => new PostgresCoordinatorDb(_options, user, TimeProvider.System);

        public override async ValueTask DisposeAsync()
        {
            NpgsqlConnection.ClearAllPools();
            await ExecuteAsAdminAsync($"DROP DATABASE IF EXISTS \"{DatabaseName}\" WITH (FORCE)", CancellationToken.None);
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
