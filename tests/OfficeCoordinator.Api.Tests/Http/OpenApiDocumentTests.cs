using System.Text.Json;
using System.Text.Json.Nodes;
using OfficeCoordinator.Api.Tests.Auth;
using OfficeCoordinator.Api.Tests.Infrastructure;
using OfficeCoordinator.Client.Contracts;

namespace OfficeCoordinator.Api.Tests.Http;

// The OpenAPI document as integrators meet it: the committed copy (api/openapi/v1.json, what clients and the panes'
// types are generated from) is what the API serves, every operation is named, summarised and lists its problem
// answers, every enum of the wire lists its values, and Spectral's rulesets find nothing in it.
// The document served by a Development host in Local mode is the one committed: it has every route (the Local
// sign-in route too). `OC_WRITE_OPENAPI=1 dotnet test --filter OpenApiDocumentTests` writes it after a change.
public sealed class OpenApiDocumentTests(DevelopmentApplication app) : IClassFixture<DevelopmentApplication>
{
    public static readonly string CommittedPath = Path.Combine(ApiProcess.RepositoryRoot, "api", "openapi", "v1.json");
    private static readonly string Tools = Path.Combine(ApiProcess.RepositoryRoot, "web-taskpane", "tools", "openapi");

    [Fact]
    public async Task The_committed_document_is_the_one_the_API_serves()
    {
        var served = await ServedAsync();
        if (Environment.GetEnvironmentVariable("OC_WRITE_OPENAPI") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(CommittedPath)!);
            await File.WriteAllTextAsync(CommittedPath, Format(served));
        }

        File.Exists(CommittedPath).Should().BeTrue($"{CommittedPath} is committed");
        var committed = JsonNode.Parse(await File.ReadAllTextAsync(CommittedPath))!;

        var difference = FirstDifference(committed, served, "$");
        difference.Should().BeNull(
            "api/openapi/v1.json must be what the API serves; run `OC_WRITE_OPENAPI=1 dotnet test --filter OpenApiDocumentTests` and commit it");
    }

    [Fact]
    public async Task Every_operation_has_an_id_a_summary_a_description_its_parameters_and_its_problem_answers()
    {
        var document = await ServedAsync();
        var ids = new List<string>();

        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            foreach (var (method, node) in item!.AsObject())
            {
                var operation = node!.AsObject();
                var name = $"{method.ToUpperInvariant()} {path}";
                var id = (string?)operation["operationId"];
                id.Should().MatchRegex("^[A-Z][A-Za-z]+_[A-Z][A-Za-z]+$", name);
                ids.Add(id!);
                ((string?)operation["summary"]).Should().NotBeNullOrWhiteSpace(name);
                ((string?)operation["description"]).Should().Contain("Who: ", name);

                var declared = operation["parameters"]?.AsArray().Where(p => (string?)p!["in"] == "path").Select(p => (string)p!["name"]!).ToList() ?? [];
                var inPath = System.Text.RegularExpressions.Regex.Matches(path, "{([^}]+)}").Select(m => m.Groups[1].Value).ToList();
                declared.Should().BeEquivalentTo(inPath, name + " declares each of its path parameters");

                var responses = operation["responses"]!.AsObject();
                responses.Select(r => r.Key).Should().Contain(["429", "503"], name);
                Resolve(document, responses["429"])!["headers"]!["Retry-After"].Should().NotBeNull(name);
                if (path.StartsWith("/api/projects/{projectId}", StringComparison.Ordinal))
                {
                    responses.Select(r => r.Key).Should().Contain(["401", "404"], name);
                }

                if (method is "patch")
                {
                    responses.Select(r => r.Key).Should().Contain(["400", "403", "412", "428"], name);
                    operation["parameters"]!.AsArray().Should().Contain(p => (string?)p!["name"] == "If-Match" && (bool?)p["required"] == true, name);
                }

                foreach (var (status, response) in responses.Where(r => r.Key.StartsWith('4') || r.Key.StartsWith('5')))
                {
                    Resolve(document, response)!["content"]!["application/problem+json"].Should().NotBeNull($"{name} answers {status} as problem details");
                }
            }
        }

        ids.Should().OnlyHaveUniqueItems().And.HaveCountGreaterThan(55).And.Contain("Tasks_CreateFromEmail");
    }

    [Fact]
    public async Task Every_enum_of_the_wire_lists_its_values_by_name()
    {
        var document = await ServedAsync();
        var enumSchemas = Descendants(document).OfType<JsonObject>().Where(o => o["enum"] is JsonArray).ToList();
        var wireEnums = typeof(NewTask).Assembly.GetTypes().Where(t => t.IsEnum && t.IsPublic).Append(typeof(DayOfWeek)).ToList();

        wireEnums.Should().Contain([typeof(WorkStatus), typeof(TaskPriority), typeof(ProjectPhase), typeof(ProjectRole), typeof(Channel), typeof(CommunicationKind)]);
        foreach (var type in wireEnums)
        {
            enumSchemas.Should().Contain(
                s => s["enum"]!.AsArray().Where(v => v != null).Select(v => (string?)v).SequenceEqual(Enum.GetNames(type)),
                $"{type.Name} is on the wire, by name");
        }

        enumSchemas.Should().OnlyContain(s => s["type"] != null && s["type"]!.ToJsonString().Contains("\"string\"", StringComparison.Ordinal),
            "every enum is typed as a string");
        SchemasWithoutType(document).Should().BeEmpty("every property has a type (or is a reference, or one of several)");
    }

    private static IEnumerable<string> SchemasWithoutType(JsonNode document) =>
        document["components"]!["schemas"]!.AsObject()
            .SelectMany(schema => (schema.Value!["properties"]?.AsObject() ?? []).Select(p => (Name: $"{schema.Key}.{p.Key}", Schema: p.Value!.AsObject())))
            .Where(p => p.Schema["type"] is null && p.Schema["$ref"] is null && p.Schema["oneOf"] is null && p.Schema["anyOf"] is null && p.Schema["allOf"] is null)
            .Select(p => p.Name);

    private static IEnumerable<JsonNode> Descendants(JsonNode? node)
    {
        if (node is null)
        {
            yield break;
        }

        yield return node;
        var children = node switch
        {
            JsonObject o => o.Select(p => p.Value),
            JsonArray a => a.AsEnumerable(),
            _ => [],
        };
        foreach (var child in children)
        {
            foreach (var descendant in Descendants(child))
            {
                yield return descendant;
            }
        }
    }

    [Fact]
    public async Task Spectral_finds_nothing_with_the_OpenAPI_rules_and_no_error_with_the_OWASP_rules_that_apply()
    {
        // The committed document is linted (the first test proves it is the served one). The OWASP rules that do not
        // apply are turned off, each with its reason, in web-taskpane/tools/openapi/.spectral-owasp.yaml.
        var install = await RunAsync("npm", "ci", "--no-audit", "--no-fund");
        install.ExitCode.Should().Be(0, install.Output);

        var oas = await RunAsync("npm", "run", "--silent", "lint:oas");
        var owasp = await RunAsync("npm", "run", "--silent", "lint:owasp");

        oas.ExitCode.Should().Be(0, oas.Output);
        oas.Output.Should().Contain("No results with a severity of 'warn' or higher found!", "spectral:oas finds no error and no warning");
        owasp.ExitCode.Should().Be(0, owasp.Output);
        owasp.Output.Should().Contain("No results with a severity of 'error' found!", "the OWASP rules that apply find no error");
    }

    [Fact]
    public async Task The_panes_wire_types_are_the_ones_generated_from_the_committed_document()
    {
        // web-taskpane/src/shared/generated/api.ts is openapi-typescript's output for api/openapi/v1.json; the panes'
        // contracts.ts only names its schemas, so a member the API renames fails the panes' build once regenerated.
        var install = await RunAsync("npm", "ci", "--no-audit", "--no-fund");
        install.ExitCode.Should().Be(0, install.Output);

        var check = await RunAsync("npm", "run", "--silent", "check:types");

        check.ExitCode.Should().Be(0, check.Output);
    }

    // A response given as a reference to components/responses, or in place.
    private static JsonNode? Resolve(JsonNode document, JsonNode? response) =>
        (string?)response?["$ref"] is { } reference ? document["components"]!["responses"]![reference.Split('/')[^1]] : response;

    private async Task<JsonNode> ServedAsync()
    {
        using var http = app.CreateHttpClient();
        return JsonNode.Parse(await http.GetStringAsync("/openapi/v1.json"))!;
    }

    private static string Format(JsonNode document) =>
        document.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n";

    // Where two documents first differ, as a JSON path with both values; null when they are the same.
    private static string? FirstDifference(JsonNode? expected, JsonNode? actual, string path)
    {
        switch (expected, actual)
        {
            case (null, null):
                return null;
            case (JsonObject e, JsonObject a):
                foreach (var key in e.Select(p => p.Key).Union(a.Select(p => p.Key)))
                {
                    if (!e.ContainsKey(key) || !a.ContainsKey(key))
                    {
                        return $"{path}.{key}: {(e.ContainsKey(key) ? "committed only" : "served only")}";
                    }

                    if (FirstDifference(e[key], a[key], $"{path}.{key}") is { } inner)
                    {
                        return inner;
                    }
                }

                return null;
            case (JsonArray e, JsonArray a):
                for (var i = 0; i < Math.Max(e.Count, a.Count); i++)
                {
                    if (i >= e.Count || i >= a.Count)
                    {
                        return $"{path}[{i}]: {(i >= e.Count ? "served only" : "committed only")}";
                    }

                    if (FirstDifference(e[i], a[i], $"{path}[{i}]") is { } inner)
                    {
                        return inner;
                    }
                }

                return null;
            default:
                return JsonNode.DeepEquals(expected, actual) ? null : $"{path}: committed {expected?.ToJsonString()}, served {actual?.ToJsonString()}";
        }
    }

    private static Task<(int ExitCode, string Output)> RunAsync(string command, params string[] arguments) =>
        NodeTools.RunAsync(Tools, command, arguments);
}
