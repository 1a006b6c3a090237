namespace OfficeCoordinator.Api.Search;

// The searchable text of one record, kept in step with it by CoordinatorDb in the same transaction.
// The database indexes it: an FTS5 table fed by triggers on SQLite, a generated tsvector with a GIN index on PostgreSQL.
public sealed class SearchDocument
{
    public long Id { get; init; }
    public required string TenantId { get; init; }
    public required string ProjectId { get; init; }
    public required string Kind { get; set; }
    public required string RecordId { get; init; }
    public int? Number { get; set; }
    public required string Title { get; set; }
    public string? Body { get; set; }
}

// A record that search finds: its kind, a title to show and the text to match.
public interface ISearchable
{
    string Id { get; }
    string SearchKind { get; }
    int? SearchNumber { get; }
    string SearchTitle { get; }
    string? SearchBody { get; }
}
