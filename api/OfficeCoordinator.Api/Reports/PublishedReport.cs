using System.Text.Json;
using System.Text.Json.Serialization;
using OfficeCoordinator.Api.Data;
using OfficeCoordinator.Api.Search;
using OfficeCoordinator.Client.Contracts;

namespace OfficeCoordinator.Api.Reports;

// A published status report SR-n: the model and every rendering as they were, never changed afterwards (the only
// later write is SupersededBy, bookkeeping that a correction sets). Its creation is in the history; search finds it.
public sealed class PublishedReport : IProjectRecord, ISearchable
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    [NotInHistory] public string Id { get; init; } = Ids.New();
    [NotInHistory] public required string TenantId { get; init; }
    [NotInHistory] public required string ProjectId { get; init; }
    [NotInHistory] public int Number { get; init; }
    [NotInHistory] public DateOnly AsOf { get; init; }
    [NotInHistory] public DateOnly Since { get; init; }
    [NotInHistory] public ProjectStatus Status { get; init; }
    [NotInHistory] public ProjectStatus ComputedStatus { get; init; }
    [NotInHistory] public string? OverrideNote { get; init; }
    [NotInHistory] public string? OverrideBy { get; init; }
    [NotInHistory] public bool IncludeMoneyForExternal { get; init; }
    [NotInHistory] public int? Supersedes { get; init; }
    [NotInHistory] public int? SupersededBy { get; set; }
    [NotInHistory] public required string ModelJson { get; init; }
    [NotInHistory] public required string RenderingsJson { get; init; }
    [NotInHistory] public required string PublishedByEmail { get; init; }
    [NotInHistory] public required string PublishedByName { get; init; }
    [NotInHistory] public DateTime PublishedAt { get; init; }
    [NotInHistory] public long Version { get; set; } = 1;

    public static string KeyOf(int number) => $"SR-{number}";

    public StatusReportModel ReadModel() => JsonSerializer.Deserialize<StatusReportModel>(ModelJson, Json)!;

    public IReadOnlyList<ReportRendering> ReadRenderings() => JsonSerializer.Deserialize<List<ReportRendering>>(RenderingsJson, Json)!;

    string IProjectRecord.HistoryEntity => "statusReport";
    string IProjectRecord.HistoryId => Number.ToString(System.Globalization.CultureInfo.InvariantCulture);

    string ISearchable.SearchKind => "statusReport";
    int? ISearchable.SearchNumber => Number;
    string ISearchable.SearchTitle => $"{KeyOf(Number)} status {AsOf:yyyy-MM-dd}: {Status}";
    string? ISearchable.SearchBody => string.Join("\n", ReadModel().Reasons.Select(r => r.Detail));

    public StatusReport AsDto()
    {
        var model = ReadModel();
        var reasons = Status != ComputedStatus || OverrideBy is not null
            ? [.. model.Reasons, new StatusReason("Override", Status, $"Set to {Status} by {OverrideBy} (computed: {ComputedStatus}).")]
            : model.Reasons;
        return new StatusReport(Number, KeyOf(Number), AsOf, Since, Status, ComputedStatus, reasons,
            OverrideBy is null ? null : new ReportOverride(Status, OverrideNote, OverrideBy), IncludeMoneyForExternal, Supersedes, SupersededBy,
            model, ReadRenderings(), new Actor(PublishedByName, PublishedByEmail), new DateTimeOffset(PublishedAt, TimeSpan.Zero));
    }

    public StatusReportSummary AsSummary() => new(Number, KeyOf(Number), AsOf, Status, Supersedes, SupersededBy, new Actor(PublishedByName, PublishedByEmail),
        new DateTimeOffset(PublishedAt, TimeSpan.Zero));
}
