using System.Diagnostics;
using System.Text.Json;
using System.Xml.Linq;
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

    [Fact]
    public void The_XML_manifest_parses_uses_https_and_points_only_at_pages_and_icons_that_exist()
    {
        var manifest = XDocument.Load(Path.Combine(Manifests, "manifest.outlook.xml"));
        var urls = manifest.Descendants().SelectMany(e => e.Attributes().Where(a => !a.IsNamespaceDeclaration).Select(a => a.Value).Append(e.Value))
            .Where(v => v.StartsWith("http", StringComparison.Ordinal) && !v.Contains('<', StringComparison.Ordinal))
            .Distinct().ToList();

        manifest.Root!.Attribute(XName.Get("type", "http://www.w3.org/2001/XMLSchema-instance"))!.Value.Should().Be("MailApp");
        urls.Should().HaveCountGreaterThan(5).And.OnlyContain(u => u.StartsWith("https://", StringComparison.Ordinal));
        foreach (var url in urls.Select(u => new Uri(u)).Where(u => u.AbsolutePath.Length > 1))
        {
            var path = Path.Combine(Panes, url.AbsolutePath.TrimStart('/'));
            (File.Exists(path) || File.Exists(Path.Combine(path, "index.html"))).Should().BeTrue($"{url} must point at a page or icon the API serves");
        }
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
        json.Should().Contain("https://coordinator.contoso.example/outlook/").And.NotContain("localhost").And.NotContain("{{");
        xml.Should().Contain("<SourceLocation DefaultValue=\"https://coordinator.contoso.example/outlook/\" />").And.NotContain("localhost");
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

    private static async Task<(int ExitCode, string Output)> RunAsync(string command, params string[] arguments)
    {
        var info = new ProcessStartInfo(command) { WorkingDirectory = Taskpanes, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["NO_COLOR"] = "1";
        info.Environment["FORCE_COLOR"] = "0";
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }
}
