using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Options;

namespace OfficeCoordinator.Api.Data;

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

public sealed class DatabaseOptions
{
    public const string Section = "Database";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    // Apply pending migrations when the app starts (turn off when a release pipeline migrates instead).
    public bool MigrateOnStart { get; set; } = true;
}

public static class DatabaseSetup
{
    public const string ConnectionStringName = "Coordinator";

    // SQLite in a file of the data folder by default; PostgreSQL for several instances behind a load balancer.
    public static WebApplicationBuilder AddDatabase(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<DatabaseOptions>().BindConfiguration(DatabaseOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<DatabaseOptions>, DatabaseOptionsValidator>();

        var options = builder.Configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        var connectionString = builder.Configuration.GetConnectionString(ConnectionStringName);
        if (options.Provider == DatabaseProvider.Postgres)
        {
            services.AddDbContext<CoordinatorDb, PostgresCoordinatorDb>(db => db.UseNpgsql(connectionString).ConfigureWarnings(FailuresAtDebug));
        }
        else
        {
            if (string.IsNullOrWhiteSpace(connectionString))
            {
                var file = Path.Combine(DataDirectory.Resolve(builder.Configuration, builder.Environment), "officecoordinator.db");
                connectionString = $"Data Source={file}";
            }

            services.AddSingleton(WriterGate.ForSqlite());
            services.AddDbContext<CoordinatorDb, SqliteCoordinatorDb>(db => db
                .UseSqlite(WithBusyWait(connectionString))
                .AddInterceptors(new SqliteConnectionPragmas())
                .ConfigureWarnings(FailuresAtDebug));
        }

        services.AddHealthChecks().AddCheck<DatabaseReadiness>("database", tags: ["ready"]);
        services.AddHostedService<DatabaseInitializer>();
        return builder;
    }

    // A failed command or save is for its caller to judge: a write that loses a race for a unique index (the same email
    // sent twice at once) starts again and is answered normally, and a request cancelled mid-transaction is no fault.
    // EF Core's own Error lines would report errors that are none; a failure that escapes is logged by the exception
    // handler, with the request it broke.
    private static void FailuresAtDebug(WarningsConfigurationBuilder warnings) =>
        warnings.Log((RelationalEventId.CommandError, LogLevel.Debug), (RelationalEventId.TransactionError, LogLevel.Debug), (CoreEventId.SaveChangesFailed, LogLevel.Debug));

    // Microsoft.Data.Sqlite retries a busy database until the command timeout (30 s by default) on top of busy_timeout:
    // a writer waits at most about 5 s for the lock, then the request gets 503 instead of hanging for half a minute.
    private static string WithBusyWait(string connectionString) =>
        connectionString.Contains("Timeout", StringComparison.OrdinalIgnoreCase)
            ? connectionString
            : new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(connectionString) { DefaultTimeout = BusyWaitSeconds }.ConnectionString;

    public const int BusyWaitSeconds = 5;

    private sealed class DatabaseOptionsValidator(IConfiguration configuration) : IValidateOptions<DatabaseOptions>
    {
        public ValidateOptionsResult Validate(string? name, DatabaseOptions options) =>
            options.Provider == DatabaseProvider.Postgres && string.IsNullOrWhiteSpace(configuration.GetConnectionString(ConnectionStringName))
                ? ValidateOptionsResult.Fail($"ConnectionStrings:{ConnectionStringName} is required when {DatabaseOptions.Section}:Provider is Postgres.")
                : ValidateOptionsResult.Success;
    }

    // Waits for a busy writer instead of failing at once, and trades a little durability on power loss for
    // much faster commits (WAL with synchronous=NORMAL keeps the database consistent). Pragmas belong to the physical
    // connection, which Microsoft.Data.Sqlite pools: they run on its first open only, not on every open.
    public sealed class SqliteConnectionPragmas : DbConnectionInterceptor
    {
        public const int BusyTimeoutMs = 5000;
        private const string Pragmas = "PRAGMA busy_timeout = 5000; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;";
        private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<SQLitePCL.sqlite3, object> Configured = new();

        // True once per physical connection (the handle a pooled SqliteConnection opens onto).
        private static bool FirstOpen(DbConnection connection)
        {
            if (connection is not Microsoft.Data.Sqlite.SqliteConnection { Handle: { } handle })
            {
                return true;
            }

            lock (Configured)
            {
                if (Configured.TryGetValue(handle, out _))
                {
                    return false;
                }

                Configured.Add(handle, Configured);
                return true;
            }
        }

        public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
        {
            if (!FirstOpen(connection))
            {
                return;
            }

            using var command = connection.CreateCommand();
            command.CommandText = Pragmas;
            command.ExecuteNonQuery();
        }

        public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            if (!FirstOpen(connection))
            {
                return;
            }

            await using var command = connection.CreateCommand();
            command.CommandText = Pragmas;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }
}

// Runs before the server accepts requests: migrations, WAL mode, and the demo project in Development.
internal sealed class DatabaseInitializer(IServiceProvider services, IOptions<DatabaseOptions> options, IHostEnvironment environment,
    ILogger<DatabaseInitializer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CoordinatorDb>();
        if (options.Value.MigrateOnStart)
        {
            await db.Database.MigrateAsync(cancellationToken);
            logger.LogInformation("Database ready ({Provider})", options.Value.Provider);
        }

        if (db.Database.IsSqlite())
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode = WAL;", cancellationToken);
        }

        // The demo lives in the local tenant, so it is only useful with Local sign-in.
        var local = scope.ServiceProvider.GetRequiredService<Auth.SignInModeAccessor>().Mode == Auth.SignInMode.Local;
        if (environment.IsDevelopment() && local && !(await db.Database.GetPendingMigrationsAsync(cancellationToken)).Any())
        {
            await Demo.DemoData.SeedAsync(scope.ServiceProvider, cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
