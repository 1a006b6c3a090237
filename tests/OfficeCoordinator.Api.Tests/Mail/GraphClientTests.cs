using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Graph.Models.ODataErrors;
using Microsoft.Kiota.Abstractions.Authentication;
using OfficeCoordinator.Api.Mail;

namespace OfficeCoordinator.Api.Tests.Mail;

// The real Graph SDK, through the API's own client pipeline (GraphClients, GraphRetryHandler), against the stand-in.
public sealed class GraphClientTests : IAsyncLifetime
{
    private GraphStandIn _graph = null!;
    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        _graph = await GraphStandIn.StartAsync();
        // Graph:BaseUrl points the SDK at the stand-in, as it would at a staging stand-in.
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Graph:BaseUrl"] = _graph.BaseUrl.ToString(),
            ["Graph:MaxRetryWait"] = "00:00:05",
        }).Build();
        _services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IConfiguration>(configuration)
            .AddMicrosoftGraph()
            .BuildServiceProvider();
    }

    [Fact]
    public async Task Throttled_twice_the_call_waits_as_Graph_asks_in_seconds_or_as_a_date_then_succeeds()
    {
        _graph.Script.Enqueue(GraphStandIn.Throttled("1"));
        _graph.Script.Enqueue(GraphStandIn.Throttled(DateTimeOffset.UtcNow.AddSeconds(1).ToString("R")));
        var graph = _services.GetRequiredService<GraphClients>().With(new Token("token-for-graph", _graph.BaseUrl.Host));

        var message = await graph.Me.Messages["AAMkAGI2"].GetAsync();

        message!.Subject.Should().Be("RE: Venue contract");
        message.InternetMessageId.Should().Be("<venue-1@harbour.example>");
        _graph.Requests.Should().HaveCount(3).And.OnlyContain(r => r.Path == "/v1.0/me/messages/AAMkAGI2" && r.Authorization == "Bearer token-for-graph");
    }

    [Fact]
    public async Task Throttled_beyond_the_bound_becomes_503_with_Retry_After_for_the_pane()
    {
        _graph.Script.Enqueue(GraphStandIn.Throttled("1"));
        _graph.Script.Enqueue(GraphStandIn.Throttled("30"));
        var graph = _services.GetRequiredService<GraphClients>().With(new Token("t", _graph.BaseUrl.Host));

        var error = await FluentActions.Awaiting(() => graph.Me.Messages["AAMkAGI2"].GetAsync()).Should().ThrowAsync<ODataError>();
        var failure = GraphFailures.Describe(error.Which)!;

        _graph.Requests.Should().HaveCount(2, "a 30 s wait is beyond the 5 s bound: the caller gets it at once");
        failure.Status.Should().Be(503);
        failure.RetryAfterSeconds.Should().Be(30);
        failure.Extensions["graph"].Should().Be("throttled");
    }

    [Fact]
    public async Task A_server_error_becomes_502_with_Graphs_request_id_and_a_missing_item_404()
    {
        _graph.Script.Enqueue(GraphStandIn.Failed(500, "generalException", "req-500-abc"));
        _graph.Script.Enqueue(GraphStandIn.Failed(404, "ErrorItemNotFound", "req-404-def"));
        var graph = _services.GetRequiredService<GraphClients>().With(new Token("t", _graph.BaseUrl.Host));

        var failed = await FluentActions.Awaiting(() => graph.Me.Messages["AAMkAGI2"].GetAsync()).Should().ThrowAsync<ODataError>();
        var missing = await FluentActions.Awaiting(() => graph.Me.Messages["gone"].GetAsync()).Should().ThrowAsync<ODataError>();

        GraphFailures.Describe(failed.Which)!.Should().Match<GraphFailures.Failure>(f =>
            f.Status == 502 && (string)f.Extensions["graph"]! == "failed" && (string)f.Extensions["requestId"]! == "req-500-abc");
        GraphFailures.Describe(missing.Which)!.Status.Should().Be(404);
        _graph.Requests.Should().HaveCount(2, "a 500 and a 404 are not retried");
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _graph.DisposeAsync();
    }

    // The narrowest seam: a token provider in place of Microsoft.Identity.Web's on-behalf-of exchange, with the same host check.
    private sealed class Token(string token, string host) : IAccessTokenProvider
    {
        public AllowedHostsValidator AllowedHostsValidator { get; } = new([host]);

        public Task<string> GetAuthorizationTokenAsync(Uri uri, Dictionary<string, object>? additionalAuthenticationContext = null, CancellationToken cancellationToken = default) =>
            Task.FromResult(AllowedHostsValidator.IsUrlHostValid(uri) ? token : "");
    }
}
