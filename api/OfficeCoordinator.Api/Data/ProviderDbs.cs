using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using OfficeCoordinator.Api.Auth;

namespace OfficeCoordinator.Api.Data;

// One subclass per provider, so that each keeps its own migrations (Data/Migrations/Sqlite, .../Postgres).
public sealed class SqliteCoordinatorDb(DbContextOptions<SqliteCoordinatorDb> options, CurrentUser user, TimeProvider time, WriterGate? writers = null)
    : CoordinatorDb(options, user, time, writers)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        base.ConfigureConventions(configurationBuilder);
        // SQLite cannot compare or order decimals stored as text; money is kept as a double there.
        configurationBuilder.Properties<decimal>().HaveConversion<double>();
    }
}

public sealed class PostgresCoordinatorDb(DbContextOptions<PostgresCoordinatorDb> options, CurrentUser user, TimeProvider time)
    : CoordinatorDb(options, user, time);

// Used by `dotnet ef migrations add`; the connection strings are placeholders, nothing connects.
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteCoordinatorDb>
{
    public SqliteCoordinatorDb CreateDbContext(string[] args) => new(
        new DbContextOptionsBuilder<SqliteCoordinatorDb>().UseSqlite("Data Source=design.db").Options,
        new CurrentUser(), TimeProvider.System);
}

internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresCoordinatorDb>
{
    public PostgresCoordinatorDb CreateDbContext(string[] args) => new(
        new DbContextOptionsBuilder<PostgresCoordinatorDb>().UseNpgsql("Host=localhost").Options,
        new CurrentUser(), TimeProvider.System);
}
