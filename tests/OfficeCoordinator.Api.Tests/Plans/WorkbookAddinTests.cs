using System.IO.Compression;
using System.Net;
using System.Text.Json;
using System.Xml.Linq;
using DocumentFormat.OpenXml.Office2013.WebExtension;
using DocumentFormat.OpenXml.Office2013.WebExtentionPane;
using DocumentFormat.OpenXml.Packaging;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OfficeCoordinator.Api.Plans;
using OfficeCoordinator.Api.Tests.Infrastructure;
using OfficeCoordinator.Client.Contracts;
using static OfficeCoordinator.Api.Tests.Plans.Workbooks;

namespace OfficeCoordinator.Api.Tests.Plans;

// The downloaded plan.xlsx carries the web extension that makes Excel open the OfficeCoordinator pane with it,
// naming the add-in the deployment configures (Plans:Workbook), and nothing of the kind when AddinId is empty.
public sealed class WorkbookAddinTests(SqliteApplication defaults) : IClassFixture<SqliteApplication>
{
    private const string ConfiguredId = "0d5e3b1c-7a42-4f0e-b1d8-6c2a9e4f7b13";
    private readonly TestUser _manager = TestUser.Create("Alice Manager");

    [Fact]
    public async Task The_plan_names_the_configured_add_in_and_asks_Excel_to_show_its_task_pane_with_the_workbook()
    {
        await using var app = await AddinApplication.StartAsync(new()
        {
            ["Plans:Workbook:AddinId"] = ConfiguredId,
            ["Plans:Workbook:AddinVersion"] = "2.3.0.0",
            ["Plans:Workbook:Store"] = "EXCatalog",
            ["Plans:Workbook:StoreType"] = "excatalog",
        });

        var (workbook, projectId) = await DownloadAsync(app);

        using var document = Open(workbook);
        var taskpanes = document.WebExTaskpanesPart.Should().NotBeNull("the package carries the task pane part").And.Subject.As<WebExTaskpanesPart>();
        var pane = taskpanes.Taskpanes!.Elements<WebExtensionTaskpane>().Should().ContainSingle().Subject;
        pane.Visibility!.Value.Should().BeTrue();
        pane.DockState!.Value.Should().Be("right");
        var extension = taskpanes.GetPartById(pane.GetFirstChild<WebExtensionPartReference>()!.Id!.Value!).Should().BeOfType<WebExtensionPart>().Subject;
        taskpanes.Uri.OriginalString.Should().Be("/" + PlanWorkbookWriter.TaskpanesPath);
        extension.Uri.OriginalString.Should().Be("/" + PlanWorkbookWriter.WebExtensionPath);
        var reference = extension.WebExtension!.WebExtensionStoreReference!;
        (reference.Id?.Value, reference.Version?.Value, reference.Store?.Value, reference.StoreType?.Value)
            .Should().Be((ConfiguredId, "2.3.0.0", "EXCatalog", "EXCatalog"));
        extension.WebExtension.Descendants<WebExtensionProperty>().Select(p => (p.Name?.Value, p.Value?.Value))
            .Should().Equal((PlanWorkbookWriter.AutoShowTaskpaneProperty, "true"));
        ValidationErrors(workbook).Should().BeEmpty();
        var sheet = await PlanWorkbookReader.ReadAsync(new MemoryStream(workbook), PlanReadLimits.Default, CancellationToken.None);
        sheet.ProjectId.Should().Be(projectId);
        sheet.Rows.Should().ContainSingle();
    }

    [Fact]
    public async Task With_an_empty_AddinId_the_plan_has_no_web_extension_and_still_validates()
    {
        await using var app = await AddinApplication.StartAsync(new() { ["Plans:Workbook:AddinId"] = "" });

        var (workbook, _) = await DownloadAsync(app);

        using var document = Open(workbook);
        document.WebExTaskpanesPart.Should().BeNull();
        using var zip = new ZipArchive(new MemoryStream(workbook));
        zip.Entries.Select(e => e.FullName).Should().NotContain(name => name.Contains("webextension", StringComparison.OrdinalIgnoreCase));
        var types = XDocument.Load(zip.GetEntry("[Content_Types].xml")!.Open()).ToString();
        types.Should().NotContain("webextension");
        ValidationErrors(workbook).Should().BeEmpty();
    }

    [Fact]
    public async Task By_default_the_plan_opens_the_sideloaded_development_add_in_of_the_manifests()
    {
        using var manifest = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(ApiProcess.RepositoryRoot, "addin-manifest", "manifest.template.json")));
        var excel = XDocument.Load(Path.Combine(ApiProcess.RepositoryRoot, "addin-manifest", "manifest.excel.template.xml"));
        var office = XNamespace.Get("http://schemas.microsoft.com/office/appforoffice/1.1");

        var (workbook, _) = await DownloadAsync(defaults);

        using var document = Open(workbook);
        var reference = document.WebExTaskpanesPart!.WebExtensionParts.Single().WebExtension!.WebExtensionStoreReference!;
        reference.Id!.Value.Should().Be(manifest.RootElement.GetProperty("id").GetString()).And.Be(excel.Root!.Element(office + "Id")!.Value);
        reference.Version!.Value.Should().Be(excel.Root.Element(office + "Version")!.Value).And.StartWith(manifest.RootElement.GetProperty("version").GetString() + ".");
        (reference.Store?.Value, reference.StoreType?.Value).Should().Be(("developer", "Registry"), "Microsoft documents these for an add-in sideloaded through the registry");
    }

    [Theory]
    [InlineData("Plans:Workbook:StoreType", "AppStore", "Plans:Workbook:StoreType")]
    [InlineData("Plans:Workbook:AddinId", "not-a-guid", "Plans:Workbook:AddinId")]
    [InlineData("Plans:Workbook:AddinVersion", "one", "Plans:Workbook:AddinVersion")]
    [InlineData("Plans:Workbook:Store", "\\\\files\\addins", "Plans:Workbook:Store")]
    public void A_bad_setting_is_refused_with_a_message_naming_it(string key, string value, string named)
    {
        // The options as the API registers them (AddPlans), read from configuration; ValidateOnStart makes the same
        // failure stop the start, which the next test shows on the real process. (A test host that fails to start
        // sometimes reports only that its services were disposed, so the message is checked here.)
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [key] = value }).Build();
        using var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddPlans().BuildServiceProvider();

        var reading = () => services.GetRequiredService<IOptions<PlanWorkbookOptions>>().Value;

        reading.Should().Throw<OptionsValidationException>().Which.Message.Should().Contain(named);
    }

    [Fact]
    public async Task A_store_type_given_through_the_environment_that_Excel_does_not_know_stops_the_process_and_names_the_setting()
    {
        var scratch = Directory.CreateTempSubdirectory("oc-addin-start-");
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["DataDirectory"] = scratch.FullName,
            ["Plans__Workbook__StoreType"] = "Sideloaded",
        };
        await using var api = ApiProcess.Exec(environment, Path.GetDirectoryName(ApiProcess.ApiAssembly)!);

        var exitCode = await api.WaitForExitAsync(TimeSpan.FromSeconds(60));

        exitCode.Should().NotBe(0);
        api.Output.Should().Contain("Plans:Workbook:StoreType must be one of Registry, FileSystem, EXCatalog, OMEX, WOPICatalog");
        scratch.Delete(recursive: true);
    }

    private async Task<(byte[] Workbook, string ProjectId)> DownloadAsync(CoordinatorApplication app)
    {
        var api = app.ClientFor(_manager);
        var project = await api.CreateProjectAsync(new NewProject("Launch", Start: new DateOnly(2026, 12, 7))).OkAsync(HttpStatusCode.Created);
        await api.CreateTaskAsync(project.Id, new NewTask("Book the venue")).OkAsync(HttpStatusCode.Created);
        using var response = await api.DownloadPlanAsync(project.Id);
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        return (await response.Content.ReadAsByteArrayAsync(), project.Id);
    }

    // The test host with the workbook settings of one test on top of its own.
    private sealed class AddinApplication(Dictionary<string, string?> settings) : CoordinatorApplication
    {
        public static async Task<AddinApplication> StartAsync(Dictionary<string, string?> settings)
        {
            var app = new AddinApplication(settings);
            try
            {
                await app.InitializeAsync();
                return app;
            }
            catch
            {
                await app.DisposeAsync();
                throw;
            }
        }

        protected override Task<TestDatabase?> CreateDatabaseAsync() => Task.FromResult<TestDatabase?>(new SqliteTestDatabase());

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }
        }
    }
}
