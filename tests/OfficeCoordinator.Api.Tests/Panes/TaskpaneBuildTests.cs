using System.Text.Json;
using System.Xml.Linq;
using OfficeCoordinator.Api.Plans;
using OfficeCoordinator.Api.Tests.Infrastructure;

namespace OfficeCoordinator.Api.Tests.Panes;

// The task panes' own checks, run by the one test command: their unit tests (vitest with office-addin-mock),
// the manifests (offline validation, https, pages and icons that exist) and the start-up size budget.
public sealed class TaskpaneBuildTests
{
    private static readonly string Taskpanes = Path.Combine(ApiProcess.RepositoryRoot, "web-taskpane");
    private static readonly string Manifests = Path.Combine(ApiProcess.RepositoryRoot, "addin-manifest", "dist");
    private static readonly string Panes = Path.Combine(ApiProcess.ProjectDirectory, "App_Panes");

    [Fact]
    public async Task The_task_pane_unit_tests_pass()
    {
        var (exitCode, output) = await RunAsync("npx", "vitest", "run");

        exitCode.Should().Be(0, output);
        output.Should().Contain("passed");
    }

    [Fact]
    public async Task The_unified_JSON_manifest_validates_offline()
    {
        var (exitCode, output) = await RunAsync("npx", "office-addin-manifest", "validate", Path.Combine(Manifests, "manifest.json"));

        exitCode.Should().Be(0, output);
    }

    [Fact]
    public async Task The_offline_validator_rejects_a_broken_manifest()
    {
        var broken = Path.Combine(Path.GetTempPath(), $"oc-manifest-{Guid.NewGuid():N}.json");
        var manifest = await File.ReadAllTextAsync(Path.Combine(Manifests, "manifest.json"));
        await File.WriteAllTextAsync(broken, manifest.Replace("\"openPage\"", "\"openPages\"", StringComparison.Ordinal));

        var (exitCode, _) = await RunAsync("npx", "office-addin-manifest", "validate", broken);

        exitCode.Should().NotBe(0);
        File.Delete(broken);
    }

    [Theory]
    [InlineData("manifest.outlook.xml", "MailApp")]
    [InlineData("manifest.excel.xml", "TaskPaneApp")]
    public void The_XML_manifest_parses_uses_https_and_points_only_at_pages_and_icons_that_exist(string file, string kind)
    {
        var manifest = XDocument.Load(Path.Combine(Manifests, file));
        var urls = manifest.Descendants().SelectMany(e => e.Attributes().Where(a => !a.IsNamespaceDeclaration).Select(a => a.Value).Append(e.Value))
            .Where(v => v.StartsWith("http", StringComparison.Ordinal) && !v.Contains('<', StringComparison.Ordinal))
            .Distinct().ToList();

        manifest.Root!.Attribute(XName.Get("type", "http://www.w3.org/2001/XMLSchema-instance"))!.Value.Should().Be(kind);
        ShouldBeServedOverHttps(urls);
    }

    [Fact]
    public void The_Excel_XML_manifest_is_the_workbook_add_in_that_plan_xlsx_opens_from_the_Home_tab()
    {
        var manifest = XDocument.Load(Path.Combine(Manifests, "manifest.excel.xml"));
        using var unified = JsonDocument.Parse(File.ReadAllText(Path.Combine(Manifests, "manifest.json")));
        XNamespace office = "http://schemas.microsoft.com/office/appforoffice/1.1", commands = "http://schemas.microsoft.com/office/taskpaneappversionoverrides",
            types = "http://schemas.microsoft.com/office/officeappbasictypes/1.0";
        var root = manifest.Root!;
        var button = root.Descendants(commands + "OfficeTab").Should().ContainSingle(tab => (string?)tab.Attribute("id") == "TabHome").Subject
            .Descendants(commands + "Control").Should().ContainSingle().Subject;
        var action = button.Element(commands + "Action")!;
        var paneUrl = root.Descendants(types + "Url").Single(url => (string?)url.Attribute("id") == (string?)action.Element(commands + "SourceLocation")!.Attribute("resid"));

        root.Element(office + "Id")!.Value.Should().Be(unified.RootElement.GetProperty("id").GetString()).And.Be(new PlanWorkbookOptions().AddinId,
            "the workbook names this add-in by the id of its manifests");
        root.Element(office + "Hosts")!.Elements(office + "Host").Select(h => (string?)h.Attribute("Name")).Should().Equal("Workbook");
        root.Element(office + "Requirements")!.Descendants(office + "Set").Select(set => ((string?)set.Attribute("Name"), (string?)set.Attribute("MinVersion")))
            .Should().Equal(("ExcelApi", "1.7"));
        root.Element(office + "DefaultSettings")!.Element(office + "SourceLocation")!.Attribute("DefaultValue")!.Value.Should().Be("https://localhost:7180/excel/");
        root.Descendants(commands + "Host").Select(h => (string?)h.Attribute(XName.Get("type", "http://www.w3.org/2001/XMLSchema-instance"))).Should().Equal("Workbook");
        ((string?)action.Attribute(XName.Get("type", "http://www.w3.org/2001/XMLSchema-instance"))).Should().Be("ShowTaskpane");
        action.Element(commands + "TaskpaneId")!.Value.Should().Be(PlanWorkbookWriter.AutoShowTaskpaneProperty);
        paneUrl.Attribute("DefaultValue")!.Value.Should().Be("https://localhost:7180/excel/");
    }

    [Fact]
    public void The_unified_JSON_manifest_opens_the_Excel_pane_from_the_Home_tab_with_ExcelApi_1_7_and_with_the_workbook()
    {
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(Manifests, "manifest.json")));
        var extension = manifest.RootElement.GetProperty("extensions").EnumerateArray().Should().ContainSingle().Subject;
        var runtime = extension.GetProperty("runtimes").EnumerateArray().Should().ContainSingle(r => Scopes(r).SequenceEqual(new[] { "workbook" })).Subject;
        var action = runtime.GetProperty("actions").EnumerateArray().Should().ContainSingle().Subject;
        var ribbon = extension.GetProperty("ribbons").EnumerateArray().Should().ContainSingle(r => Scopes(r).SequenceEqual(new[] { "workbook" })).Subject;
        var tab = ribbon.GetProperty("tabs").EnumerateArray().Should().ContainSingle().Subject;
        var controls = tab.GetProperty("groups").EnumerateArray().SelectMany(g => g.GetProperty("controls").EnumerateArray()).ToList();
        var urls = new List<string>();
        Collect(manifest.RootElement, urls);

        Scopes(extension).Should().Contain(["mail", "workbook"]);
        runtime.GetProperty("requirements").GetProperty("capabilities").EnumerateArray().Select(c => (c.GetProperty("name").GetString(), c.GetProperty("minVersion").GetString()))
            .Should().Equal(("ExcelApi", "1.7"));
        runtime.GetProperty("code").GetProperty("page").GetString().Should().Be("https://localhost:7180/excel/");
        action.GetProperty("type").GetString().Should().Be("openPage");
        action.GetProperty("view").GetString().Should().Be(PlanWorkbookWriter.AutoShowTaskpaneProperty);
        tab.GetProperty("builtInTabId").GetString().Should().Be("TabHome");
        controls.Should().ContainSingle().Which.GetProperty("actionId").GetString().Should().Be(action.GetProperty("id").GetString());
        ShouldBeServedOverHttps(urls.Where(u => u.StartsWith("http", StringComparison.Ordinal) && !u.StartsWith("https://developer.microsoft.com/json-schemas/", StringComparison.Ordinal)).Distinct().ToList());
    }

    [Fact]
    public async Task The_manifests_take_their_origin_from_the_deployment_and_refuse_plain_http()
    {
        var output = Directory.CreateTempSubdirectory("oc-manifests-").FullName;

        var (exitCode, log) = await RunAsync("node", "scripts/manifest.mjs", "--origin", "https://coordinator.contoso.example/", "--out", output);
        var (httpExit, _) = await RunAsync("node", "scripts/manifest.mjs", "--origin", "http://coordinator.contoso.example", "--out", output);

        exitCode.Should().Be(0, log);
        httpExit.Should().NotBe(0);
        var json = await File.ReadAllTextAsync(Path.Combine(output, "manifest.json"));
        var xml = await File.ReadAllTextAsync(Path.Combine(output, "manifest.outlook.xml"));
        var excel = await File.ReadAllTextAsync(Path.Combine(output, "manifest.excel.xml"));
        json.Should().Contain("https://coordinator.contoso.example/outlook/").And.Contain("https://coordinator.contoso.example/excel/").And.NotContain("localhost").And.NotContain("{{");
        xml.Should().Contain("<SourceLocation DefaultValue=\"https://coordinator.contoso.example/outlook/\" />").And.NotContain("localhost");
        excel.Should().Contain("<SourceLocation DefaultValue=\"https://coordinator.contoso.example/excel/\" />").And.NotContain("localhost").And.NotContain("{{");
        Directory.Delete(output, recursive: true);
    }

    [Fact]
    public async Task The_Outlook_pane_loads_under_60_KB_of_JavaScript_at_start_and_the_sign_in_library_only_on_demand()
    {
        using var sizes = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(Panes, "pane-sizes.json")));
        var outlook = sizes.RootElement.GetProperty("outlook");
        var page = await File.ReadAllTextAsync(Path.Combine(Panes, "outlook", "index.html"));

        outlook.GetProperty("gzipBytes").GetInt32().Should().BeInRange(1, 60 * 1024);
        page.Should().NotContain("naa-", "MSAL is loaded only when Entra sign-in needs it");
        Directory.GetFiles(Path.Combine(Panes, "assets"), "naa-*.js").Should().ContainSingle("the sign-in library is its own chunk");
    }

    // Every address is https and names a page or icon the API serves (a folder is its index.html).
    private static void ShouldBeServedOverHttps(IReadOnlyCollection<string> urls)
    {
        urls.Should().HaveCountGreaterThan(5).And.OnlyContain(u => u.StartsWith("https://", StringComparison.Ordinal));
        foreach (var url in urls.Select(u => new Uri(u)).Where(u => u.AbsolutePath.Length > 1))
        {
            var path = Path.Combine(Panes, url.AbsolutePath.TrimStart('/'));
            (File.Exists(path) || File.Exists(Path.Combine(path, "index.html"))).Should().BeTrue($"{url} must point at a page or icon the API serves");
        }
    }

    private static string[] Scopes(JsonElement element) => [.. element.GetProperty("requirements").GetProperty("scopes").EnumerateArray().Select(s => s.GetString()!)];

    private static void Collect(JsonElement element, List<string> strings)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    Collect(property.Value, strings);
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    Collect(item, strings);
                }

                break;
            case JsonValueKind.String:
                strings.Add(element.GetString()!);
                break;
        }
    }

    private static Task<(int ExitCode, string Output)> RunAsync(string command, params string[] arguments) =>
        NodeTools.RunAsync(Taskpanes, command, arguments);
}
