using Microsoft.EntityFrameworkCore;

namespace OfficeCoordinator.Benchmarks.Load;

// The anchor host's whole schema: an item of a project and its history row, the least a tracked write stores.
public sealed class AnchorDb(DbContextOptions<AnchorDb> options) : DbContext(options)
{
    public DbSet<AnchorItem> Items => Set<AnchorItem>();
    public DbSet<AnchorHistory> History => Set<AnchorHistory>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<AnchorItem>(item =>
        {
            item.ToTable("AnchorItems");
            item.Property(i => i.ProjectId).HasMaxLength(32);
            item.Property(i => i.Title).HasMaxLength(200);
            item.Property(i => i.Requester).HasMaxLength(320);
            item.Property(i => i.CreatedBy).HasMaxLength(128);
            // The page read filters on the project and orders by id, as the API's task list does by number.
            item.HasIndex(i => new { i.ProjectId, i.Id });
            item.HasMany(i => i.History).WithOne().HasForeignKey(h => h.ItemId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<AnchorHistory>(history =>
        {
            history.ToTable("AnchorHistory");
            history.Property(h => h.ProjectId).HasMaxLength(32);
            history.Property(h => h.Action).HasMaxLength(16);
            history.Property(h => h.ChangedBy).HasMaxLength(128);
            history.HasIndex(h => new { h.ProjectId, h.At });
        });
    }
}

public sealed class AnchorItem
{
    public long Id { get; init; }
    public required string ProjectId { get; init; }
    public required string Title { get; init; }
    public string? Requester { get; init; }
    public required string CreatedBy { get; init; }
    public DateTime CreatedAt { get; init; }
    public List<AnchorHistory> History { get; init; } = [];

    public AnchorItemDto AsDto() => new(Id, ProjectId, Title, Requester, CreatedBy, CreatedAt);
}

public sealed class AnchorHistory
{
    public long Id { get; init; }
    public long ItemId { get; init; }
    public required string ProjectId { get; init; }
    public required string Action { get; init; }
    public required string ChangedBy { get; init; }
    public DateTime At { get; init; }
}

public sealed record AnchorItemInput(string? Title, string? Requester);

public sealed record AnchorItemDto(long Id, string ProjectId, string Title, string? Requester, string CreatedBy, DateTime CreatedAt);
