using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace OfficeCoordinator.Api.Data;

// /health/ready: the database answers, and on SQLite it can also take a write now (a lock held past the busy timeout
// is an outage for every write, though reads still work in WAL mode).
internal sealed class DatabaseReadiness(CoordinatorDb db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            // A probe waits a second at most: a database that cannot take a write that soon is not ready.
            db.Database.SetCommandTimeout(TimeSpan.FromSeconds(1));
            if (db.Database.GetDbConnection() is Microsoft.Data.Sqlite.SqliteConnection sqlite)
            {
                await db.Database.OpenConnectionAsync(cancellationToken);
                try
                {
                    await using (var wait = sqlite.CreateCommand())
                    {
                        wait.CommandText = "PRAGMA busy_timeout = 1000;";
                        await wait.ExecuteNonQueryAsync(cancellationToken);
                    }

                    sqlite.DefaultTimeout = 1;
                    try
                    {
                        using var write = sqlite.BeginTransaction(deferred: false); // BEGIN IMMEDIATE: takes the write lock or fails
                        write.Rollback();
                    }
                    finally
                    {
                        // The pooled connection keeps its pragmas: give it back with the ordinary wait.
                        await using var restore = sqlite.CreateCommand();
                        restore.CommandText = $"PRAGMA busy_timeout = {DatabaseSetup.SqliteConnectionPragmas.BusyTimeoutMs};";
                        await restore.ExecuteNonQueryAsync(CancellationToken.None);
                    }
                }
                finally
                {
                    await db.Database.CloseConnectionAsync();
                }
            }
            else
            {
                await db.Database.ExecuteSqlRawAsync("SELECT 1", cancellationToken);
            }

            return HealthCheckResult.Healthy("The database answers.");
        }
        catch (Exception exception) when (DatabaseErrors.IsOutage(exception))
        {
            if (DatabaseErrors.IsConnectionLost(exception))
            {
                Npgsql.NpgsqlConnection.ClearAllPools();
            }

            return HealthCheckResult.Unhealthy($"The database is unavailable ({exception.GetBaseException().GetType().Name}).");
        }
    }
}
