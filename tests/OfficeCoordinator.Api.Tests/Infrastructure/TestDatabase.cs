using Npgsql;

namespace OfficeCoordinator.Api.Tests.Infrastructure;

// A fresh, empty database for one test host: a SQLite file, or a throwaway PostgreSQL database.
public abstract class TestDatabase : IAsyncDisposable
{
    public const string PostgresVariable = "OC_TEST_POSTGRES";

    public abstract string Provider { get; }
    public abstract string ConnectionString { get; }

    public static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static string? PostgresAdminConnectionString =>
        Environment.GetEnvironmentVariable(PostgresVariable) is { Length: > 0 } value ? value : null;

    // Why the PostgreSQL variants do not run here, or null when they must run (configured, or under CI=true).
    public static string? PostgresSkipReason =>
        PostgresAdminConnectionString is null && !InCi
            ? $"{PostgresVariable} is not set; set it to an Npgsql connection string to run the PostgreSQL variants (CI requires them)."
            : null;

    // For suites that take a PostgreSQL server themselves (the benchmarks' smoke runs): the server when the PostgreSQL
    // variants must run, failing when CI=true has none; null when they are skipped here.
    public static string? RequiredPostgresAdminConnectionString()
    {
        if (PostgresSkipReason is not null)
        {
            return null;
        }

        return PostgresAdminConnectionString
            ?? throw new InvalidOperationException($"CI=true requires PostgreSQL: set {PostgresVariable} to an Npgsql connection string");
    }

    public abstract ValueTask DisposeAsync();
}

public sealed class SqliteTestDatabase : TestDatabase
{
    private readonly string _folder = Directory.CreateTempSubdirectory("oc-tests-").FullName;

    public override string Provider => "Sqlite";
    public override string ConnectionString => $"Data Source={Path.Combine(_folder, "coordinator.db")}";

    public override ValueTask DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // a file still held open by a finishing connection: the temp folder is cleaned by the OS
        }

        return ValueTask.CompletedTask;
    }
}

public sealed class PostgresTestDatabase : TestDatabase
{
    private readonly string _admin;
    private readonly string _name = "oc_test_" + Guid.NewGuid().ToString("N")[..16];

    private PostgresTestDatabase(string admin) => _admin = admin;

    public override string Provider => "Postgres";
    public override string ConnectionString => new NpgsqlConnectionStringBuilder(_admin) { Database = _name }.ConnectionString;

    public static async Task<PostgresTestDatabase> CreateAsync()
    {
        var admin = PostgresAdminConnectionString ?? throw new InvalidOperationException(
            $"CI=true requires PostgreSQL: set {PostgresVariable} to an Npgsql connection string (.ci/run starts one).");
        var database = new PostgresTestDatabase(admin);
        await using var connection = new NpgsqlConnection(admin);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{database._name}\"", connection);
        await command.ExecuteNonQueryAsync();
        return database;
    }

    public override async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(_admin);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_name}\" WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }
}
