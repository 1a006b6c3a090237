using System.Text.Json;
using OfficeCoordinator.Api.Tests.Infrastructure;

namespace OfficeCoordinator.Api.Tests.Panes;

// The Excel pane's start-up budget, from what the build measured (scripts/size.mjs writes pane-sizes.json).
public sealed class ExcelPaneSizeTests
{
    private static readonly string Panes = Path.Combine(ApiProcess.ProjectDirectory, "App_Panes");

    [Fact]
    public async Task The_Excel_pane_loads_under_60_KB_of_JavaScript_at_start_and_the_sign_in_library_only_on_demand()
    {
        using var sizes = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(Panes, "pane-sizes.json")));
        var excel = sizes.RootElement.GetProperty("excel");
        var page = await File.ReadAllTextAsync(Path.Combine(Panes, "excel", "index.html"));

        excel.GetProperty("gzipBytes").GetInt32().Should().BeInRange(1, 60 * 1024);
        excel.GetProperty("files").EnumerateArray().Select(f => f.GetProperty("file").GetString()).Should().Contain(f => f!.Contains("/excel-", StringComparison.Ordinal));
        page.Should().NotContain("naa-", "MSAL is loaded only when Entra sign-in needs it");
    }
}
