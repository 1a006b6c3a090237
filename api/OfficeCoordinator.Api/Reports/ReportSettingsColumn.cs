using System.Text.Json;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using OfficeCoordinator.Client.Contracts;

namespace OfficeCoordinator.Api.Reports;

// The report thresholds as one JSON column of the project: read and written whole, compared by value.
public static class ReportSettingsColumn
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static readonly ValueConverter<ReportSettings?, string?> Converter = new(
        settings => settings == null ? null : JsonSerializer.Serialize(settings, Json),
        json => json == null ? null : JsonSerializer.Deserialize<ReportSettings>(json, Json));

    public static readonly ValueComparer<ReportSettings?> Comparer = new(
        (a, b) => Equals(a, b), settings => settings == null ? 0 : settings.GetHashCode(), settings => settings);
}
