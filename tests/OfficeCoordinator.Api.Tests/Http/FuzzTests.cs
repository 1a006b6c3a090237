using System.Collections;
using System.Net;
using System.Net.Http.Headers;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using OfficeCoordinator.Api.Tests.Infrastructure;
using OfficeCoordinator.Client;
using OfficeCoordinator.Client.Contracts;

namespace OfficeCoordinator.Api.Tests.Http;

// Every route of the OpenAPI document, sent what people and programs really send by mistake or on purpose: malformed
// JSON, each member with the wrong type, huge and negative numbers, empty and 100 KB strings, control characters,
// members given twice, unknown enum names, bad dates and instants, bad path and query values. Whatever comes back is
// below 500, is problem details when refused, names the member when a member was wrong, and changed nothing.
public abstract class FuzzTests(CoordinatorApplication app, Xunit.Abstractions.ITestOutputHelper output)
{
    private static readonly Assembly Contracts = typeof(NewTask).Assembly;
    private static readonly string Huge = new('x', 100_000);

    private readonly TestUser _manager = TestUser.Create("Alice Manager");

    [DatabaseFact]
    public async Task Every_route_answers_malformed_and_hostile_input_below_500_with_problem_details_and_changes_nothing()
    {
        var seed = await SeedAsync();
        using var http = app.CreateHttpClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", app.TokenFor(_manager));
        var document = JsonNode.Parse(await http.GetStringAsync("/openapi/v1.json"))!;
        var run = new FuzzRun(http, seed);

        foreach (var (template, operations) in document["paths"]!.AsObject())
        {
            foreach (var (method, operation) in operations!.AsObject())
            {
                if (method is "parameters")
                {
                    continue;
                }

                var route = new Route(method.ToUpperInvariant(), template, operation!, document);
                await run.PathAndQueryCasesAsync(route);
                await run.BodyCasesAsync(route);
            }
        }

        output.WriteLine($"{run.Routes} routes, {run.Requests:N0} requests, {run.Refused:N0} refused, {run.Named:N0} refusals checked for the member's name, {run.LengthsChecked} documented lengths checked");
        run.Routes.Should().BeGreaterThan(40, "the document describes every route");
        run.Requests.Should().BeGreaterThan(2_000);
        run.LengthsChecked.Should().BeGreaterThan(20, "the members with a documented maxLength are checked against it");
        run.Failures.Should().BeEmpty("every answer should keep the rules, but these did not:\n{0}", string.Join("\n", run.Failures.Take(300)));
    }

    private async Task<Seed> SeedAsync()
    {
        var api = app.ClientFor(_manager);
        var project = await api.CreateProjectAsync(new NewProject("Fuzzed launch", Currency: "EUR", Start: new DateOnly(2027, 1, 4))).OkAsync(HttpStatusCode.Created);
        var coordinator = _manager.Colleague("Bob Coordinator");
        await api.PutMemberAsync(project.Id, coordinator.Email, new MemberRole(ProjectRole.Coordinator)).OkAsync(HttpStatusCode.Created);
        await api.CreateTaskAsync(project.Id, new NewTask("Design", Start: new DateOnly(2027, 1, 4), Finish: new DateOnly(2027, 1, 8))).OkAsync(HttpStatusCode.Created);
        await api.CreateTaskAsync(project.Id, new NewTask("Build", Start: new DateOnly(2027, 1, 11), Finish: new DateOnly(2027, 1, 15), Predecessors: [new TaskDependency(1)]))
            .OkAsync(HttpStatusCode.Created);
        var stakeholder = await api.CreateStakeholderAsync(project.Id, new NewStakeholder("Erin Venue", "erin@venue.example")).OkAsync(HttpStatusCode.Created);
        var communication = await api.LogCommunicationAsync(project.Id, new NewCommunication("Venue call", LinkedTasks: [1])).OkAsync(HttpStatusCode.Created);
        var decision = await api.LogCommunicationAsync(project.Id, new NewCommunication("Venue choice", CommunicationKind.Decision,
            Decision: new DecisionDetails("Harbour Hall"))).OkAsync(HttpStatusCode.Created);
        var obstacle = await api.RaiseObstacleAsync(project.Id, new NewObstacle("No venue yet", LinkedTasks: [2])).OkAsync(HttpStatusCode.Created);
        return new Seed(project.Id, coordinator.Email, _manager.Email, stakeholder.Id, communication.Id, decision.Id, obstacle.Id);
    }

    private sealed record Seed(string ProjectId, string MemberEmail, string ManagerEmail, string StakeholderId, string CommunicationId, string DecisionId, string ObstacleId)
    {
        // The id a path parameter names, by the collection it follows.
        public string ValueFor(string template, string parameter) => parameter switch
        {
            "projectId" => ProjectId,
            "email" => MemberEmail,
            "number" => "1",
            _ when template.Contains("/tasks/{", StringComparison.Ordinal) => "1",
            _ when template.Contains("/stakeholders/", StringComparison.Ordinal) => StakeholderId,
            _ when template.Contains("/decisions/", StringComparison.Ordinal) => DecisionId,
            _ when template.Contains("/communications/", StringComparison.Ordinal) => CommunicationId,
            _ when template.Contains("/obstacles/", StringComparison.Ordinal) => ObstacleId,
            _ => "1",
        };
    }

    // One operation of the document, with the contract type of its body (the GET's answer for a merge-patch body).
    private sealed class Route(string method, string template, JsonNode operation, JsonNode document)
    {
        public string Method => method;
        public string Template => template;

        public IReadOnlyList<string> PathParameters { get; } =
            [.. template.Split('/').Where(s => s.StartsWith('{')).Select(s => s.Trim('{', '}').Split(':')[0])];

        public IReadOnlyList<string> QueryParameters { get; } =
            [.. (operation["parameters"]?.AsArray() ?? []).Where(p => (string?)p!["in"] == "query").Select(p => (string)p!["name"]!)];

        // An upload that also takes JSON (a task's attachments: JSON names them in the mailbox in Entra mode, files come as
        // multipart in Local mode, as here) is left to its own tests: this host refuses the JSON form by design.
        public bool TakesJson => operation["requestBody"]?["content"]?["application/json"] is not null
            && operation["requestBody"]?["content"]?["multipart/form-data"] is null;

        public Type? BodyType
        {
            get
            {
                var name = SchemaName(operation["requestBody"]?["content"]?["application/json"]?["schema"]);
                if (name is "JsonObject")
                {
                    name = SchemaName(document["paths"]![template]!["get"]?["responses"]?["200"]?["content"]?["application/json"]?["schema"]);
                }

                return name switch
                {
                    null => null,
                    "PlanChangesInput" => typeof(PlanChanges),
                    _ => Contracts.GetType($"{typeof(NewTask).Namespace}.{name}"),
                };
            }
        }

        public bool IsPatch => Method == "PATCH";

        private static string? SchemaName(JsonNode? schema) =>
            ((string?)schema?["$ref"] ?? (string?)schema?["oneOf"]?.AsArray().Select(s => s?["$ref"]).FirstOrDefault(r => r is not null))?.Split('/')[^1];
    }

    private sealed class FuzzRun(HttpClient http, Seed seed)
    {
        private string _state = "";

        public List<string> Failures { get; } = [];
        public int Requests { get; private set; }
        public int Routes { get; private set; }
        public int Refused { get; private set; }
        public int Named { get; private set; }
        public int LengthsChecked { get; private set; }

        public async Task PathAndQueryCasesAsync(Route route)
        {
            Routes++;
            _state = await StateAsync();
            var body = route.TakesJson && route.BodyType is { } type ? BodyOf(route, type).ToJsonString() : null;
            foreach (var parameter in route.PathParameters)
            {
                // (A NUL in the path never reaches the API: Kestrel refuses the request line itself.)
                foreach (var bad in new[] { "0", "-1", "99999999999999999999", "%1B", "..%2F..%2Fetc", new string('a', 500), "T-1", "%C3%BC", "%20", "1.5" })
                {
                    var path = PathOf(route, (parameter, bad));
                    await CheckAsync(route, path, body, $"path {parameter}={bad}", member: null);
                }
            }

            foreach (var parameter in route.QueryParameters)
            {
                foreach (var bad in new[] { "", "-1", "0", "abc", "99999999999999999999", "2.5", Uri.EscapeDataString(new string('q', 4_000)), "%00%1B", "NoSuchValue", "-" })
                {
                    await CheckAsync(route, $"{PathOf(route)}?{parameter}={bad}", body, $"query {parameter}={Shorten(bad)}", member: null);
                }

                await CheckAsync(route, $"{PathOf(route)}?{parameter}=1&{parameter}=2", body, $"query {parameter} twice", member: null);
            }

            if (route.Template.EndsWith("/plan/import", StringComparison.Ordinal))
            {
                foreach (var (name, content) in new (string, HttpContent)[]
                {
                    ("empty", new ByteArrayContent([])),
                    ("JSON", new StringContent("""{ "rows": [] }""", Encoding.UTF8, "application/json")),
                    ("random bytes", new ByteArrayContent(Encoding.UTF8.GetBytes(Huge))),
                    ("a zip of nothing", new ByteArrayContent([0x50, 0x4B, 0x05, 0x06, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])),
                })
                {
                    await CheckAsync(route, PathOf(route), content, $"import of {name}");
                }
            }
        }

        public async Task BodyCasesAsync(Route route)
        {
            if (!route.TakesJson)
            {
                return;
            }

            if (route.BodyType is not { } type)
            {
                Failures.Add($"{route.Method} {route.Template}: its JSON body has no contract type to fuzz it with");
                return;
            }

            _state = await StateAsync();
            var path = PathOf(route);
            foreach (var malformed in new[] { "", "{", "{\"a\":", "[", "nul", "\"text\"", "[]", "123", "{\"a\":1,}", "{'a':1}", "\u0000", "{\"a\":\"\\ud800\"}" })
            {
                await CheckAsync(route, path, malformed, $"body {Shorten(malformed)}", member: null);
            }

            // A well-formed body first: refusals of the mutations below are then about the member that was changed.
            var baseline = BodyOf(route, type);
            var baseStatus = await CheckAsync(route, path, baseline.ToJsonString(), "the sample body", member: null);
            var nameMembers = baseStatus != HttpStatusCode.BadRequest;
            if (!nameMembers)
            {
                Failures.Add($"{route.Method} {route.Template}: the well-formed sample body was refused, so no refusal could be checked for the member's name");
            }
            void SetMember(JsonObject body, string memberPath, JsonNode? value)
            {
                Set(body, type, memberPath, value, seed);
                if (memberPath.StartsWith("decision.", StringComparison.Ordinal) && type == typeof(NewCommunication))
                {
                    body["kind"] = "Decision"; // only a decision carries one
                }
            }

            foreach (var (memberPath, property) in Members(type, ""))
            {
                foreach (var (label, value) in BadValues(property))
                {
                    var body = BodyOf(route, type);
                    SetMember(body, memberPath, value);

                    await CheckAsync(route, path, body.ToJsonString(), $"{memberPath} = {label}", nameMembers ? memberPath : null);
                }

                // The maxLength the document states (from the contract's [MaxLength]) is the one the API keeps.
                if (nameMembers && property.PropertyType == typeof(string) && property.GetCustomAttribute<System.ComponentModel.DataAnnotations.MaxLengthAttribute>() is { } max)
                {
                    var body = BodyOf(route, type);
                    SetMember(body, memberPath, JsonValue.Create(new string('x', max.Length + 1)));

                    var status = await CheckAsync(route, path, body.ToJsonString(), $"{memberPath} one longer than its maxLength {max.Length}", memberPath);
                    // Refused for another reason first (a decision's members on a communication that is none: 409) proves
                    // nothing either way; accepted would contradict the document.
                    if ((int)status < 400)
                    {
                        Failures.Add($"{route.Method} {route.Template}: {memberPath} of {max.Length + 1} characters was accepted ({(int)status}), though the document says at most {max.Length}");
                    }

                    LengthsChecked += status == HttpStatusCode.BadRequest ? 1 : 0;
                }
            }

            // The same member twice, the second time in another case.
            var first = Members(type, "").FirstOrDefault(m => !m.Path.Contains('.', StringComparison.Ordinal)).Path;
            if (first is not null)
            {
                var json = baseline.ToJsonString();
                var twice = json.Length > 2
                    ? $"{{\"{char.ToUpperInvariant(first[0])}{first[1..]}\":{baseline[first]?.ToJsonString() ?? "null"},{json[1..]}"
                    : $"{{\"{first}\":1,\"{first.ToUpperInvariant()}\":2}}";
                await CheckAsync(route, path, twice, $"{first} given twice", nameMembers ? first : null);
            }
        }

        private async Task<HttpStatusCode> CheckAsync(Route route, string path, string? body, string label, string? member) =>
            await CheckAsync(route, path, body is null ? null : new StringContent(body, Encoding.UTF8, "application/json"), label, member);

        private async Task<HttpStatusCode> CheckAsync(Route route, string path, HttpContent? content, string label, string? member = null)
        {
            using var request = new HttpRequestMessage(new HttpMethod(route.Method), path) { Content = content };
            if (route.IsPatch || route.Method == "DELETE")
            {
                // PATCH with any version, so validation is reached; DELETE without one, so nothing seeded is ever deleted.
                request.Headers.TryAddWithoutValidation("If-Match", route.IsPatch ? "*" : null);
            }

            using var response = await http.SendAsync(request);
            Requests++;
            var text = await response.Content.ReadAsStringAsync();
            var where = $"{route.Method} {route.Template} [{label}]";
            var status = (int)response.StatusCode;
            if (status >= 500)
            {
                Failures.Add($"{where}: {status} {Shorten(text, 300)}");
                return response.StatusCode;
            }

            if (status < 400)
            {
                _state = await StateAsync(); // accepted: what it changed is the new state
                return response.StatusCode;
            }

            Refused++;
            Named += member is not null && status == 400 ? 1 : 0;
            if (response.Content.Headers.ContentType?.MediaType != "application/problem+json" || !text.Contains("\"detail\"", StringComparison.Ordinal))
            {
                Failures.Add($"{where}: {status} without problem details: {Shorten(text, 200)}");
            }
            else if (member is not null && status == 400 && !Names(text, member))
            {
                Failures.Add($"{where}: 400 does not name {member}: {Shorten(text, 300)}");
            }

            var state = await StateAsync();
            if (state != _state)
            {
                Failures.Add($"{where}: refused with {status}, yet something changed");
                _state = state;
            }

            return response.StatusCode;
        }

        // What any change would move: each of my projects' plan version, and how many projects I have.
        private async Task<string> StateAsync()
        {
            var page = JsonNode.Parse(await http.GetStringAsync("/api/projects?limit=500"))!;
            return string.Join(',', page["items"]!.AsArray().Select(p => $"{p!["id"]}:{p["planVersion"]}:{p["version"]}"));
        }

        // The well-formed body a route's mutations start from: an empty merge patch (changes nothing), or a sample.
        private JsonObject BodyOf(Route route, Type type) => route.IsPatch ? [] : (JsonObject)Sample(type, "", seed)!;

        private string PathOf(Route route, (string Name, string Value)? replace = null)
        {
            var path = route.Template;
            foreach (var parameter in route.PathParameters)
            {
                var value = replace is { } r && r.Name == parameter ? r.Value : Uri.EscapeDataString(seed.ValueFor(route.Template, parameter));
                path = System.Text.RegularExpressions.Regex.Replace(path, $"\\{{{parameter}(:[a-z]+)?\\}}", value);
            }

            return path;
        }

        // An error is keyed by the member's own path, or by a path inside it (participants[0].email for participants).
        private static bool Names(string problem, string member)
        {
            var keys = JsonNode.Parse(problem)!["errors"]?.AsObject().Select(e => e.Key) ?? [];
            return keys.Any(k => k.Equals(member, StringComparison.OrdinalIgnoreCase)
                || k.StartsWith(member + "[", StringComparison.OrdinalIgnoreCase) || k.StartsWith(member + ".", StringComparison.OrdinalIgnoreCase));
        }
    }

    // The members to mutate: every member of the body, and the members of objects it holds (email.receivedAt).
    private static IEnumerable<(string Path, PropertyInfo Property)> Members(Type type, string prefix, int depth = 0)
    {
        foreach (var property in type.GetProperties().Where(p => p.CanRead && p.GetIndexParameters().Length == 0))
        {
            var path = prefix + JsonNamingPolicy.CamelCase.ConvertName(property.Name);
            yield return (path, property);
            var inner = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            if (depth < 2 && IsRecord(inner))
            {
                foreach (var nested in Members(inner, path + ".", depth + 1))
                {
                    yield return nested;
                }
            }
        }
    }

    private static IEnumerable<(string Label, JsonNode? Value)> BadValues(PropertyInfo property)
    {
        var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        if (type != typeof(string))
        {
            yield return ("text", JsonValue.Create("fuzz"));
        }

        if (!IsNumber(type))
        {
            yield return ("a number", JsonValue.Create(12345));
        }

        if (type != typeof(bool))
        {
            yield return ("true", JsonValue.Create(true));
        }

        yield return ("an object", new JsonObject());
        if (!IsList(type))
        {
            yield return ("an array", new JsonArray(1, "two"));
        }

        yield return ("null", null);
        if (IsNumber(type))
        {
            yield return ("1e308", JsonNode.Parse("1e308"));
            yield return ("-1e308", JsonNode.Parse("-1e308"));
            yield return ("2^64", JsonNode.Parse("18446744073709551616"));
            yield return ("-1", JsonValue.Create(-1));
            yield return ("2.5", JsonValue.Create(2.5));
            yield return ("-2147483649", JsonNode.Parse("-2147483649"));
        }

        if (type == typeof(string))
        {
            yield return ("empty", JsonValue.Create(""));
            yield return ("100 KB", JsonValue.Create(Huge));
            yield return ("control characters", JsonValue.Create("a\u0000b\u001bc\u0007"));
            yield return ("=formula", JsonValue.Create("=HYPERLINK(\"https://evil.example\")"));
            yield return ("../ path", JsonValue.Create("../../etc/passwd"));
        }

        if (type.IsEnum)
        {
            yield return ("an unknown name", JsonValue.Create("NoSuchValue"));
            yield return ("a number as text", JsonValue.Create("1"));
        }

        if (type == typeof(DateOnly))
        {
            yield return ("30 February", JsonValue.Create("2026-02-30"));
            yield return ("year 0", JsonValue.Create("0000-01-01"));
            yield return ("an instant", JsonValue.Create("2026-12-01T10:00:00Z"));
        }

        if (type == typeof(DateTimeOffset))
        {
            yield return ("no offset", JsonValue.Create("2026-12-01T10:00:00"));
            yield return ("a date only", JsonValue.Create("2026-12-01"));
            yield return ("year 9999 at the end", JsonValue.Create("9999-12-31T23:59:59-14:00"));
        }

        if (IsList(type))
        {
            yield return ("[null]", new JsonArray((JsonNode?)null));
            yield return ("2,000 numbers", new JsonArray([.. Enumerable.Range(0, 2_000).Select(i => (JsonNode?)JsonValue.Create(i))]));
            yield return ("2,000 strings", new JsonArray([.. Enumerable.Range(0, 2_000).Select(i => (JsonNode?)JsonValue.Create($"x{i}@fuzz.example"))]));
        }
    }

    // A well-formed value for a member, by its type and name.
    private static JsonNode? Sample(Type type, string name, Seed seed)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        var lower = name.ToLowerInvariant();
        if (type == typeof(string))
        {
            return JsonValue.Create(lower switch
            {
                "email" or "owner" or "decidedby" => seed.ManagerEmail,
                "requester" => "erin@venue.example",
                "internetmessageid" => $"<{Guid.NewGuid():N}@fuzz.example>",
                "weblink" => "https://outlook.office.com/mail/id/1",
                "currency" => "EUR",
                "time" => "09:00",
                "timezone" => "Europe/Berlin",
                "projectid" => seed.ProjectId,
                _ => "Fuzz value",
            });
        }

        if (type.IsEnum)
        {
            return JsonValue.Create(Enum.GetNames(type)[0]);
        }

        if (type == typeof(bool))
        {
            return JsonValue.Create(false);
        }

        if (IsNumber(type))
        {
            return JsonValue.Create(lower switch { "influence" or "interest" => 3, "percentcomplete" => 10, "lagdays" => 0, _ => 1 });
        }

        if (type == typeof(DateOnly))
        {
            return JsonValue.Create("2027-01-11");
        }

        if (type == typeof(DateTimeOffset))
        {
            return JsonValue.Create("2027-01-04T10:00:00+01:00");
        }

        if (IsList(type))
        {
            return new JsonArray();
        }

        if (type == typeof(ShiftRequest))
        {
            return new JsonObject { ["byDays"] = 1 }; // exactly one of to and byDays
        }

        if (type == typeof(PlanChanges))
        {
            return new JsonObject { ["rows"] = new JsonArray(new JsonObject { ["Task"] = "Fuzzed row" }) };
        }

        if (IsRecord(type))
        {
            var body = new JsonObject();
            var constructor = type.GetConstructors().OrderByDescending(c => c.GetParameters().Length).First();
            foreach (var parameter in constructor.GetParameters().Where(p => !p.HasDefaultValue || p.ParameterType == typeof(EmailAddress)))
            {
                body[JsonNamingPolicy.CamelCase.ConvertName(parameter.Name!)] = Sample(parameter.ParameterType, parameter.Name!, seed);
            }

            return body;
        }

        return null;
    }

    // Sets a member by its path; an optional object on the way that the sample left out gets a well-formed sample of its own.
    private static void Set(JsonObject body, Type type, string path, JsonNode? value, Seed seed)
    {
        var parts = path.Split('.');
        var target = body;
        foreach (var part in parts[..^1])
        {
            var property = type.GetProperties().First(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name) == part);
            type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            if (target[part] is not JsonObject inner)
            {
                inner = (JsonObject)Sample(type, part, seed)!;
                target[part] = inner;
            }

            target = inner;
        }

        target[parts[^1]] = value;
    }

    private static bool IsNumber(Type type) => type == typeof(int) || type == typeof(long) || type == typeof(decimal) || type == typeof(double);

    private static bool IsList(Type type) => type != typeof(string) && typeof(IEnumerable).IsAssignableFrom(type);

    private static bool IsRecord(Type type) => type.IsClass && type != typeof(string) && !IsList(type) && type.Namespace == typeof(NewTask).Namespace;

    private static string Shorten(string text, int length = 40) => text.Length > length ? text[..length] + "…" : text;
}

public sealed class FuzzTestsOnSqlite(SqliteApplication app, Xunit.Abstractions.ITestOutputHelper output) : FuzzTests(app, output), IClassFixture<SqliteApplication>;

public sealed class FuzzTestsOnPostgres(PostgresApplication app, Xunit.Abstractions.ITestOutputHelper output) : FuzzTests(app, output), IClassFixture<PostgresApplication>, IRunsOnPostgres;
