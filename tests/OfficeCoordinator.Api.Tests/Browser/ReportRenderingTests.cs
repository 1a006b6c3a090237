using Microsoft.Playwright;
using OfficeCoordinator.Api.Tests.Infrastructure;
using OfficeCoordinator.Client.Contracts;
using static Microsoft.Playwright.Assertions;

namespace OfficeCoordinator.Api.Tests.Browser;

// The demo's published report as a mail client would show it: each rendering's HTML in real Chromium, with the
// network closed, in a light and a dark colour scheme. Screenshots go to TestResults/screenshots/report-*.png.
public sealed class ReportRenderingTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [BrowserFact]
    public async Task Every_rendering_of_the_demo_report_renders_without_scripts_or_remote_content_in_light_and_dark()
    {
        var token = await browser.App.AnonymousClient().CreateDevTokenAsync(new DevTokenRequest("Bob Coordinator", "bob@contoso.com")).OkAsync();
        var api = browser.App.ClientWithToken(token.AccessToken);
        var project = (await api.ListProjectsAsync().OkAsync()).Items.Single();
        var report = await api.GetStatusReportAsync(project.Id, 1).OkAsync();

        foreach (var rendering in report.Renderings)
        {
            foreach (var scheme in new[] { ColorScheme.Light, ColorScheme.Dark })
            {
                var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
                {
                    ViewportSize = new ViewportSize { Width = 700, Height = 900 }, ColorScheme = scheme, JavaScriptEnabled = false,
                });
                var requests = new List<string>();
                await context.RouteAsync("**/*", route =>
                {
                    requests.Add(route.Request.Url);
                    return route.AbortAsync();
                });
                var page = await context.NewPageAsync();
                await page.SetContentAsync(rendering.Html);

                await Expect(page.Locator("h1")).ToHaveTextAsync(project.Name);
                await Expect(page.Locator("body")).ToContainTextAsync($"Status on");
                requests.Should().BeEmpty("a report loads nothing from anywhere");
                var name = $"report-{rendering.Audience}{(rendering.External ? "-external" : "")}-{scheme.ToString().ToLowerInvariant()}";
                await BrowserFixture.ScreenshotAsync(page, name);
                await context.DisposeAsync();
            }
        }

        report.Renderings.Should().Contain(r => r.Audience == Audience.ManageClosely);
    }
}
