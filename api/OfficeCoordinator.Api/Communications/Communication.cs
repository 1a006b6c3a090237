using OfficeCoordinator.Api.Data;
using OfficeCoordinator.Api.Emails;
using OfficeCoordinator.Api.Search;
using OfficeCoordinator.Client.Contracts;
using CommunicationDto = OfficeCoordinator.Client.Contracts.Communication;

namespace OfficeCoordinator.Api.Communications;

// One entry of the communication log; a decision is an entry of kind Decision with the decision fields.
public sealed class Communication : IProjectRecord, ISearchable
{
    public const int SummaryLength = WireLimits.Text;

    [NotInHistory] public string Id { get; init; } = Ids.New();
    [NotInHistory] public required string TenantId { get; init; }
    [NotInHistory] public required string ProjectId { get; init; }
    public DateTime OccurredAt { get; set; }
    public Channel Channel { get; set; }
    public Direction Direction { get; set; }
    public CommunicationKind Kind { get; set; }
    public required string Summary { get; set; }
    public List<string> Participants { get; set; } = [];
    public List<int> LinkedTasks { get; set; } = [];
    [NotInHistory] public string? SourceEmailId { get; set; }
    [NotInHistory] public EmailReference? SourceEmail { get; set; }
    [HistoryName("decision.text")] public string? DecisionText { get; set; }
    [HistoryName("decision.decidedBy")] public string? DecidedBy { get; set; }
    [HistoryName("decision.rationale")] public string? Rationale { get; set; }
    [HistoryName("decision.status")] public DecisionStatus? DecisionStatus { get; set; }
    [HistoryName("decision.reviewOn")] public DateOnly? ReviewOn { get; set; }
    public Delivery? Delivery { get; set; }
    [NotInHistory] public int? ReportNumber { get; init; }
    [NotInHistory] public required string LoggedByEmail { get; init; }
    [NotInHistory] public required string LoggedByName { get; init; }
    [NotInHistory] public long Version { get; set; } = 1;
    [NotInHistory] public DateTime CreatedAt { get; init; }

    public bool IsDecision => Kind == CommunicationKind.Decision;

    string IProjectRecord.HistoryEntity => "communication";
    string IProjectRecord.HistoryId => Id;

    string ISearchable.SearchKind => IsDecision ? "decision" : "communication";
    int? ISearchable.SearchNumber => null;
    string ISearchable.SearchTitle => IsDecision && DecisionText is { Length: > 0 } text ? text : Shorten(Summary);
    // A short summary is already the title: indexing it twice would overweight it.
    string? ISearchable.SearchBody => IsDecision ? $"{Summary}\n{Rationale}" : Summary.Length > 120 ? Summary : null;

    // Participants' names come from the stakeholder register (by email).
    public CommunicationDto AsDto(IReadOnlyDictionary<string, string> names) => new(
        Id, new DateTimeOffset(OccurredAt, TimeSpan.Zero), Channel, Direction, Kind, Summary,
        [.. Participants.Select(email => new EmailAddress(names.GetValueOrDefault(email, email), email))],
        [.. LinkedTasks], SourceEmail?.AsSource(),
        IsDecision ? new DecisionDetails(DecisionText ?? "", DecidedBy, Rationale, DecisionStatus, ReviewOn) : null,
        new Actor(LoggedByName, LoggedByEmail), Version, Delivery, ReportNumber);

    private static string Shorten(string text) => text.Length <= 120 ? text : text[..119] + "…";
}
