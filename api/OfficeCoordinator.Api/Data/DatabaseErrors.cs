using Microsoft.EntityFrameworkCore;

namespace OfficeCoordinator.Api.Data;

public static class DatabaseErrors
{
    // How long a caller should wait before trying again while the database is unavailable.
    public const int RetryAfterSeconds = 5;

    // SQLite: SQLITE_CONSTRAINT_UNIQUE (2067) or PRIMARYKEY (1555); PostgreSQL: unique_violation (23505).
    public static bool IsUniqueViolation(DbUpdateException exception) => exception.InnerException switch
    {
        Microsoft.Data.Sqlite.SqliteException sqlite => sqlite.SqliteExtendedErrorCode is 2067 or 1555,
        Npgsql.PostgresException postgres => postgres.SqlState == Npgsql.PostgresErrorCodes.UniqueViolation,
        _ => false,
    };

    // The database cannot serve now, through no fault of the request: PostgreSQL unreachable, shutting down or out
    // of connections; SQLite locked past the busy timeout, or its file unreadable. Such failures are a 503, not a 500.
    public static bool IsOutage(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            switch (current)
            {
                case Npgsql.PostgresException postgres:
                    // 08: connection exceptions; 53: insufficient resources; 57P01-57P05: shutdown, cannot connect now;
                    // 57014: a statement cancelled at its timeout (waiting too long for a busy project's lock);
                    // 55P03: lock not available; 40: serialization failure or deadlock, which a retry resolves.
                    return postgres.SqlState.StartsWith("08", StringComparison.Ordinal) || postgres.SqlState.StartsWith("53", StringComparison.Ordinal)
                        || postgres.SqlState.StartsWith("57P", StringComparison.Ordinal) || postgres.SqlState is "57014" or "55P03"
                        || postgres.SqlState.StartsWith("40", StringComparison.Ordinal);
                case Npgsql.NpgsqlException:
                    return true; // raised by the client itself: connection refused, broken or timed out
                case WriterGate.BusyException:
                    return true;
                case Microsoft.Data.Sqlite.SqliteException sqlite:
                    // SQLITE_BUSY, SQLITE_LOCKED, SQLITE_READONLY, SQLITE_IOERR, SQLITE_FULL, SQLITE_CANTOPEN, SQLITE_NOTADB
                    return sqlite.SqliteErrorCode is 5 or 6 or 8 or 10 or 13 or 14 or 26;
            }
        }

        return false;
    }

    // PostgreSQL went away (refused, broken, shutting down): pooled connections are dead and must not be reused. A
    // statement cancelled at its timeout or a lock not granted leaves the connections sound.
    public static bool IsConnectionLost(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            switch (current)
            {
                case Npgsql.PostgresException postgres:
                    return postgres.SqlState.StartsWith("08", StringComparison.Ordinal) || postgres.SqlState.StartsWith("57P", StringComparison.Ordinal);
                case Npgsql.NpgsqlException npgsql:
                    return npgsql.InnerException is not TimeoutException;
            }
        }

        return false;
    }
}
