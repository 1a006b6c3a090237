using Microsoft.EntityFrameworkCore;

namespace OfficeCoordinator.Api.Data;

public static class DatabaseErrors
{
    // SQLite: SQLITE_CONSTRAINT_UNIQUE (2067) or PRIMARYKEY (1555); PostgreSQL: unique_violation (23505).
    public static bool IsUniqueViolation(DbUpdateException exception) => exception.InnerException switch
    {
        Microsoft.Data.Sqlite.SqliteException sqlite => sqlite.SqliteExtendedErrorCode is 2067 or 1555,
        Npgsql.PostgresException postgres => postgres.SqlState == Npgsql.PostgresErrorCodes.UniqueViolation,
        _ => false,
    };
}
