using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using OfficeCoordinator.Api.Tests.Infrastructure;

namespace OfficeCoordinator.Api.Tests.Http;

// Every way a request can be wrong gets RFC 9457 problem details that name what is wrong.
public sealed class ProblemDetailsTests(SqliteApplication app) : IClassFixture<SqliteApplication>
{
    private readonly TestUser _user = TestUser.Create("Pat");

    [Fact]
    public async Task An_unknown_route_gets_404_naming_it()
    {
        var problem = await SendAsync(HttpMethod.Get, "/api/nowhere", null, HttpStatusCode.NotFound);

        problem.GetProperty("detail").GetString().Should().Be("No API route matches GET /api/nowhere.");
    }

    [Fact]
    public async Task A_method_the_route_does_not_take_gets_405()
    {
        var problem = await SendAsync(HttpMethod.Delete, "/api/projects", null, HttpStatusCode.MethodNotAllowed);

        problem.GetProperty("detail").GetString().Should().Contain("DELETE");
    }

    [Fact]
    public async Task Malformed_JSON_gets_400_saying_where()
    {
        var problem = await SendAsync(HttpMethod.Post, "/api/projects", Json("""{ "name": "Launch", "budget": 12,, }"""), HttpStatusCode.BadRequest);

        problem.GetProperty("detail").GetString().Should().Be(
            "The body is not valid JSON: ',' is an invalid start of a property name. Expected a '\"'. (line 1, character 34)");
        problem.GetProperty("errors").EnumerateObject().Should().ContainSingle();
    }

    [Fact]
    public async Task A_value_of_the_wrong_type_gets_400_keyed_by_its_JSON_path()
    {
        var problem = await SendAsync(HttpMethod.Post, "/api/projects", Json("""{ "name": "Launch", "start": "next week" }"""), HttpStatusCode.BadRequest);

        var errors = problem.GetProperty("errors");
        errors.GetProperty("start")[0].GetString().Should().Be("Use a calendar date as yyyy-MM-dd.");
    }

    [Fact]
    public async Task A_number_sent_as_text_is_refused()
    {
        var problem = await SendAsync(HttpMethod.Post, "/api/projects", Json("""{ "name": "Launch", "budget": "lots" }"""), HttpStatusCode.BadRequest);

        problem.GetProperty("errors").GetProperty("budget")[0].GetString().Should().Be("Use a number.");
    }

    [Fact]
    public async Task A_member_given_twice_is_refused()
    {
        await SendAsync(HttpMethod.Post, "/api/projects", Json("""{ "name": "Launch", "name": "Other" }"""), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_body_that_is_not_JSON_gets_415()
    {
        var problem = await SendAsync(HttpMethod.Post, "/api/projects", new StringContent("name=Launch", Encoding.UTF8, "text/plain"),
            HttpStatusCode.UnsupportedMediaType);

        problem.GetProperty("detail").GetString().Should().Contain("application/json");
    }

    [Fact]
    public async Task A_missing_body_gets_400()
    {
        var problem = await SendAsync(HttpMethod.Post, "/api/projects", new StringContent("", Encoding.UTF8, "application/json"), HttpStatusCode.BadRequest);

        problem.GetProperty("detail").GetString().Should().NotBeNullOrWhiteSpace();
    }

    [Fact]
    public async Task A_body_over_1_MB_gets_413()
    {
        var huge = Json($$"""{ "name": "Launch", "description": "{{new string('x', 1_100_000)}}" }""");

        var problem = await SendAsync(HttpMethod.Post, "/api/projects", huge, HttpStatusCode.RequestEntityTooLarge);

        problem.GetProperty("detail").GetString().Should().Contain("1 MB");
    }

    [Fact]
    public async Task A_body_over_1_MB_without_a_length_gets_413_too()
    {
        var payload = Encoding.UTF8.GetBytes($$"""{ "name": "Launch", "description": "{{new string('x', 1_100_000)}}" }""");
        var streamed = new StreamContent(new NonSeekableStream(payload));
        streamed.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        await SendAsync(HttpMethod.Post, "/api/projects", streamed, HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task A_text_field_over_its_limit_is_refused_naming_the_limit()
    {
        var problem = await SendAsync(HttpMethod.Post, "/api/projects", Json($$"""{ "name": "{{new string('n', 201)}}" }"""), HttpStatusCode.BadRequest);

        problem.GetProperty("errors").GetProperty("name")[0].GetString().Should().Be("Name must be at most 200 characters.");
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private async Task<JsonElement> SendAsync(HttpMethod method, string path, HttpContent? content, HttpStatusCode expected)
    {
        using var http = app.CreateHttpClient();
        using var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", app.TokenFor(_user));

        using var response = await http.SendAsync(request);

        response.StatusCode.Should().Be(expected);
        response.Content.Headers.ContentType?.MediaType.Should().Be("application/problem+json");
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
        problem.GetProperty("status").GetInt32().Should().Be((int)expected);
        problem.GetProperty("title").GetString().Should().NotBeNullOrWhiteSpace();
        return problem;
    }

    // Makes HttpClient send the body chunked, without a Content-Length.
    private sealed class NonSeekableStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
