using Microsoft.Playwright;
using OfficeCoordinator.Api.Tests.Infrastructure;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace OfficeCoordinator.Api.Tests.Browser;

// The machine's Chromium (Debian's package in CI); a browser is never downloaded.
public static class Chromium
{
    public static string ExecutablePath { get; } = Environment.GetEnvironmentVariable("OC_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    // Why browser tests do not run here, or null when they must (Chromium present, or CI=true, where its absence fails).
    public static string? SkipReason =>
        File.Exists(ExecutablePath) || TestDatabase.InCi ? null : $"Chromium is not installed at {ExecutablePath} (apt-get install chromium, or set OC_CHROMIUM).";
}

[XunitTestCaseDiscoverer("OfficeCoordinator.Api.Tests.Browser.BrowserFactDiscoverer", "OfficeCoordinator.Api.Tests")]
[AttributeUsage(AttributeTargets.Method)]
public sealed class BrowserFactAttribute : FactAttribute;

public sealed class BrowserFactDiscoverer(IMessageSink diagnosticMessageSink) : RequirementFactDiscoverer(diagnosticMessageSink)
{
    protected override string? SkipReason(ITestMethod testMethod) => Chromium.SkipReason;
}

// The API in Development (demo data, development sign-in) on a real port, with the built panes, and one Chromium.
public sealed class PaneApplication : CoordinatorApplication
{
    protected override string EnvironmentName => "Development";

    protected override Task<TestDatabase?> CreateDatabaseAsync() => Task.FromResult<TestDatabase?>(new SqliteTestDatabase());
}

public sealed class BrowserFixture : IAsyncLifetime
{
    private const string OfficeJs = "https://appsforoffice.microsoft.com/**";
    private IPlaywright? _playwright;

    public PaneApplication App { get; } = new();
    public IBrowser Browser { get; private set; } = null!;

    public static string ScreenshotFolder { get; } = Path.Combine(ApiProcess.RepositoryRoot, "tests", "OfficeCoordinator.Api.Tests", "TestResults", "screenshots");

    public async Task InitializeAsync()
    {
        if (Chromium.SkipReason is not null)
        {
            return;
        }

        await ((IAsyncLifetime)App).InitializeAsync();
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium.ExecutablePath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        Directory.CreateDirectory(ScreenshotFolder);
    }

    // The simulated Excel host is the one the Excel pane's browser preview offers (/excel/?workbook=simulated).
    public static string ExcelHostPath { get; } = Path.Combine(ApiProcess.RepositoryRoot, "web-taskpane", "src", "excel", "simulated-host.js");

    // A task pane's viewport: 320 × 800 px, the size at which "without scrolling" is judged (DESIGN.md "Outlook task
    // pane"). With a simulated Outlook host in office.js's place, or with none (a plain browser).
    public Task<IPage> OpenPaneAsync(bool inOutlook, string? officeBackground = null) =>
        OpenWithHostAsync(inOutlook ? Path.Combine(AppContext.BaseDirectory, "Browser", "outlook-host.js") : null, 320, officeBackground);

    // The Excel pane with the simulated Excel host, which draws the workbook's Plan table beside the 340 px pane.
    public Task<IPage> OpenExcelPaneAsync(string? officeBackground = null) => OpenWithHostAsync(ExcelHostPath, 2200, officeBackground);

    private async Task<IPage> OpenWithHostAsync(string? hostScript, int width, string? officeBackground)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = width, Height = 800 }, BaseURL = App.BaseAddress.ToString() });
        if (officeBackground is not null)
        {
            await context.AddInitScriptAsync($"window.__officeBackground = '{officeBackground}';");
        }

        var host = hostScript is null ? null : await File.ReadAllTextAsync(hostScript);
        await context.RouteAsync(OfficeJs, route => host is not null
            ? route.FulfillAsync(new RouteFulfillOptions { ContentType = "text/javascript", Body = host })
            : route.AbortAsync());
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(15_000);
        return page;
    }

    public static Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotFolder, name + ".png"), FullPage = true });

    public async Task DisposeAsync()
    {
        if (_playwright is null)
        {
            return;
        }

        await Browser.DisposeAsync();
        _playwright.Dispose();
        await App.DisposeAsync();
    }
}
