using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using OfficeCoordinator.Api.Tests.Infrastructure;
using OfficeCoordinator.Client;
using OfficeCoordinator.Client.Contracts;

namespace OfficeCoordinator.Api.Tests.Http;

// Ordinary and hostile input gets a 400 naming the member, never a 500; retried requests never create twice.
public abstract class HardeningTests(CoordinatorApplication app)
{
    private readonly TestUser _manager = TestUser.Create("Alice Manager");

    [DatabaseFact]
    public async Task Two_members_that_differ_only_by_case_are_refused_naming_the_member_on_create_and_patch()
    {
        var project = await CreateProjectAsync();
        var task = await app.ClientFor(_manager).CreateTaskAsync(project.Id, new NewTask("Venue")).OkAsync(HttpStatusCode.Created);

        var create = await SendAsync(HttpMethod.Post, $"/api/projects/{project.Id}/tasks", """{ "title": "a", "Title": "b" }""");
        var patch = await SendAsync(HttpMethod.Patch, $"/api/projects/{project.Id}/tasks/{task.Number}", """{ "title": "a", "TITLE": "b" }""", ifMatch: "\"1\"");
        var nested = await SendAsync(HttpMethod.Post, "/api/emails/preview",
            """{ "email": { "internetMessageId": "<a@b>", "subject": "x", "Subject": "y", "from": { "email": "a@b.example" }, "receivedAt": "2026-12-01T10:00:00Z" } }""");

        (await ProblemAsync(create, HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("title", out _).Should().BeTrue();
        (await ProblemAsync(patch, HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("title", out _).Should().BeTrue();
        (await ProblemAsync(nested, HttpStatusCode.BadRequest)).GetProperty("errors").EnumerateObject().Single().Name.Should().Be("email.subject");
        (await app.ClientFor(_manager).GetTaskAsync(project.Id, task.Number).OkAsync()).Title.Should().Be("Venue");
    }

    [DatabaseFact]
    public async Task Plan_rows_whose_Row_is_text_an_object_or_out_of_range_are_refused_naming_it_and_nothing_is_added()
    {
        var project = await CreateProjectAsync();
        var before = await app.ClientFor(_manager).GetProjectAsync(project.Id).OkAsync();

        foreach (var row in new[] { "\"seven\"", "{}", "[1]", "-3", "0", "1e300", "2.5", "99999999999" })
        {
            var response = await SendAsync(HttpMethod.Post, $"/api/projects/{project.Id}/plan/changes",
                $$"""{ "rows": [ { "Row": {{row}}, "Task": "Hire a band", "Start": "2027-01-04", "Finish": "2027-01-05" } ] }""");

            var problem = await ProblemAsync(response, HttpStatusCode.BadRequest, row);
            problem.GetProperty("errors").TryGetProperty("rows[0].Row", out _).Should().BeTrue(row);
        }

        (await app.ClientFor(_manager).GetProjectAsync(project.Id).OkAsync()).PlanVersion.Should().Be(before.PlanVersion);
    }

    [DatabaseFact]
    public async Task A_new_plan_row_with_only_task_start_and_finish_gets_the_defaults_and_an_existing_row_may_not_clear_its_status()
    {
        var project = await CreateProjectAsync();
        var api = app.ClientFor(_manager);

        var report = await api.ApplyPlanChangesAsync(project.Id, new PlanChanges([
            new Dictionary<string, object?> { ["Task"] = "Hire a band", ["Start"] = "2027-01-04", ["Finish"] = "2027-01-05" },
            new Dictionary<string, object?> { ["Task"] = "Print flyers", ["Status"] = "", ["Phase"] = null, ["Priority"] = "" },
        ])).OkAsync();
        var cleared = await api.ApplyPlanChangesAsync(project.Id, new PlanChanges([new Dictionary<string, object?> { ["ID"] = "T-1", ["Version"] = 1, ["Status"] = "" }])).OkAsync();
        var afterAnEdit = await api.ApplyPlanChangesAsync(project.Id, new PlanChanges([
            new Dictionary<string, object?> { ["ID"] = "T-2", ["Version"] = 1, ["Phase"] = "Closing" },
            new Dictionary<string, object?> { ["Task"] = "Send the thank-you notes" },
        ])).OkAsync();

        report.RowErrors.Should().BeEmpty();
        report.Created.Select(c => c.Key).Should().Equal("T-1", "T-2");
        afterAnEdit.Applied.Should().ContainSingle().Which.Should().Match<AppliedCell>(a => a.Id == "T-2" && a.From == "Planning" && a.To == "Closing");
        (await api.GetTaskAsync(project.Id, 1).OkAsync()).Should().Match<TaskItem>(t =>
            t.Status == WorkStatus.NotStarted && t.Priority == TaskPriority.Medium && t.Phase == ProjectPhase.Planning);
        (await api.GetTaskAsync(project.Id, 2).OkAsync()).Should().Match<TaskItem>(t =>
            t.Status == WorkStatus.NotStarted && t.Priority == TaskPriority.Medium && t.Phase == ProjectPhase.Closing, "its phase was edited to Closing");

        cleared.RowErrors.Should().ContainSingle().Which.Should().Match<RowError>(e => e.Column == "Status" && e.Detail.Contains("cannot be empty"));
        afterAnEdit.Created.Should().ContainSingle().Which.Key.Should().Be("T-3");
        (await api.GetTaskAsync(project.Id, 3).OkAsync()).Phase.Should().Be(ProjectPhase.Planning, "a JSON row without a phase is Planning, whatever the rows before it");
        (await api.GetTaskAsync(project.Id, 1).OkAsync()).Status.Should().Be(WorkStatus.NotStarted);
    }

    [DatabaseFact]
    public async Task An_instant_without_an_offset_is_refused_naming_the_member()
    {
        var project = await CreateProjectAsync();

        var logged = await SendAsync(HttpMethod.Post, $"/api/projects/{project.Id}/communications",
            """{ "kind": "Note", "summary": "Call with the venue", "occurredAt": "2026-12-01T10:00:00" }""");
        var email = await SendAsync(HttpMethod.Post, "/api/emails/preview",
            """{ "email": { "internetMessageId": "<a@b>", "subject": "x", "from": { "email": "a@b.example" }, "receivedAt": "2026-12-01T10:00:00" } }""");
        var withOffset = await SendAsync(HttpMethod.Post, $"/api/projects/{project.Id}/communications",
            """{ "kind": "Note", "summary": "Call with the venue", "occurredAt": "2026-12-01T10:00:00+01:00" }""");

        (await ProblemAsync(logged, HttpStatusCode.BadRequest)).GetProperty("errors").GetProperty("occurredAt")[0].GetString().Should().Contain("no offset");
        (await ProblemAsync(email, HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("email.receivedAt", out _).Should().BeTrue();
        withOffset.StatusCode.Should().Be(HttpStatusCode.Created);
        (await JsonAsync(withOffset)).GetProperty("occurredAt").GetDateTimeOffset().Should().Be(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));
    }

    [DatabaseFact]
    public async Task A_token_that_names_no_user_is_refused_so_two_of_them_can_never_be_the_same_user()
    {
        var first = app.TokenFor(_manager, d => d.Subject.RemoveClaim(d.Subject.FindFirst("oid")!));
        var neither = app.TokenFor(_manager, d => { d.Subject.RemoveClaim(d.Subject.FindFirst("oid")!); d.Subject.RemoveClaim(d.Subject.FindFirst("sub")!); });
        var other = app.TokenFor(_manager.Colleague("Eve"), d => { d.Subject.RemoveClaim(d.Subject.FindFirst("oid")!); d.Subject.RemoveClaim(d.Subject.FindFirst("sub")!); });

        var withSub = await app.ClientWithToken(first).GetMeAsync().OkAsync();
        var refused = await app.ClientWithToken(neither).GetMeAsync().ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        await app.ClientWithToken(other).CreateProjectAsync(new NewProject("Nobody's")).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);

        withSub.ObjectId.Should().Be(_manager.ObjectId, "in Local mode sub names the user when oid is absent (dotnet user-jwts)");
        refused.Detail.Should().Be("The access token names no user: it carries neither an oid nor a sub claim.");
    }

    [DatabaseFact]
    public async Task A_retried_POST_with_the_same_key_creates_one_record_and_replays_the_first_answer()
    {
        var project = await CreateProjectAsync();
        var api = app.ClientFor(_manager);
        var key = CoordinatorClient.NewIdempotencyKey();
        var email = EmailFixture.Named("venue-contract-by-friday").AsNewMessage();

        var first = await api.CreateTaskFromEmailAsync(project.Id, new EmailTaskRequest(email), key);
        var retry = await api.CreateTaskFromEmailAsync(project.Id, new EmailTaskRequest(email), key);
        var communication = new NewCommunication("Venue call", Participants: [new EmailAddress("Erin", "erin@venue.example")]);
        var logged = await api.LogCommunicationAsync(project.Id, communication, key);
        var loggedAgain = await api.LogCommunicationAsync(project.Id, communication, key);
        var otherBody = await api.LogCommunicationAsync(project.Id, communication with { Summary = "Another call" }, key);

        first.StatusCode.Should().Be(HttpStatusCode.Created);
        retry.StatusCode.Should().Be(HttpStatusCode.Created);
        retry.Headers!.GetValues("Idempotent-Replayed").Should().Equal("true");
        retry.Content.Should().BeEquivalentTo(first.Content);
        retry.Headers!.Location.Should().Be(first.Headers!.Location);
        logged.StatusCode.Should().Be(HttpStatusCode.Created, "the key is scoped to the route: the same key on another route is another action");
        loggedAgain.Content!.Id.Should().Be(logged.Content!.Id);
        (await otherBody.ShouldBeProblemAsync(HttpStatusCode.UnprocessableContent)).Detail.Should().Contain("different request");
        (await api.ListTasksAsync(project.Id).OkAsync()).Items.Should().ContainSingle();
        (await api.ListCommunicationsAsync(project.Id).OkAsync()).Items.Should().ContainSingle();
    }

    [DatabaseFact]
    public async Task Parallel_retries_of_one_action_create_one_record_and_the_same_key_is_anothers_own()
    {
        var project = await CreateProjectAsync();
        var api = app.ClientFor(_manager);
        var colleague = _manager.Colleague("Bob Coordinator");
        await api.PutMemberAsync(project.Id, colleague.Email, new MemberRole(ProjectRole.Coordinator)).OkAsync(HttpStatusCode.Created);
        var key = CoordinatorClient.NewIdempotencyKey();

        var attempts = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => api.CreateTaskAsync(project.Id, new NewTask("Book the caterer"), key)));
        var theirs = await app.ClientFor(colleague).CreateTaskAsync(project.Id, new NewTask("Book the caterer"), key);

        attempts.Should().OnlyContain(a => a.StatusCode == HttpStatusCode.Created || a.StatusCode == HttpStatusCode.Conflict);
        attempts.Where(a => a.StatusCode == HttpStatusCode.Created).Select(a => a.Content!.Number).Distinct().Should().ContainSingle();
        theirs.StatusCode.Should().Be(HttpStatusCode.Created);
        (await api.ListTasksAsync(project.Id).OkAsync()).Items.Select(t => t.Number).Should().Equal(attempts.First(a => a.IsSuccessStatusCode).Content!.Number, theirs.Content!.Number);
    }

    [DatabaseFact]
    public async Task A_malformed_idempotency_key_is_refused_and_a_refused_request_is_replayed_as_refused()
    {
        var project = await CreateProjectAsync();
        var key = CoordinatorClient.NewIdempotencyKey();

        var tooLong = await SendAsync(HttpMethod.Post, $"/api/projects/{project.Id}/tasks", """{ "title": "a" }""", idempotencyKey: new string('k', 256));
        var invalid = await SendAsync(HttpMethod.Post, $"/api/projects/{project.Id}/tasks", """{ "title": "" }""", idempotencyKey: key);
        var again = await SendAsync(HttpMethod.Post, $"/api/projects/{project.Id}/tasks", """{"title":""}""", idempotencyKey: key);
        using var http = app.CreateHttpClient();
        using var broken = new HttpRequestMessage(HttpMethod.Post, $"/api/projects/{project.Id}/plan/import") { Content = new ByteArrayContent("--x\r\nnot a form"u8.ToArray()) };
        broken.Content.Headers.TryAddWithoutValidation("Content-Type", "multipart/form-data");
        broken.Headers.Authorization = new AuthenticationHeaderValue("Bearer", app.TokenFor(_manager));
        broken.Headers.Add("Idempotency-Key", CoordinatorClient.NewIdempotencyKey());
        using var brokenForm = await http.SendAsync(broken);

        (await ProblemAsync(tooLong, HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("Idempotency-Key", out _).Should().BeTrue();
        invalid.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        again.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        again.Headers.GetValues("Idempotent-Replayed").Should().ContainSingle().Which.Should().Be("true", "the same JSON members with other spacing are the same request");
        (await again.Content.ReadAsStringAsync()).Should().Be(await invalid.Content.ReadAsStringAsync());
        await ProblemAsync(brokenForm, HttpStatusCode.BadRequest, "a form without its boundary");
    }

    [DatabaseFact]
    public async Task A_communication_with_a_thousand_participants_is_logged_and_one_more_is_refused()
    {
        var project = await CreateProjectAsync();
        var api = app.ClientFor(_manager);
        var people = Enumerable.Range(0, 1_001).Select(i => new EmailAddress($"Guest {i}", $"guest{i}@{(i % 2 == 0 ? "contoso.example" : "fabrikam.example")}")).ToList();

        var tooMany = await api.LogCommunicationAsync(project.Id, new NewCommunication("All-hands", Participants: people)).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        var logged = await api.LogCommunicationAsync(project.Id, new NewCommunication("All-hands", Participants: people[..1_000])).OkAsync(HttpStatusCode.Created);

        tooMany.Errors.Should().ContainKey("participants");
        logged.Participants.Should().HaveCount(1_000);
        var stakeholders = await api.ListStakeholdersAsync(project.Id, new ListQuery { Limit = 500, Q = "guest0@" }).OkAsync();
        stakeholders.Items.Should().ContainSingle(s => s.Email == "guest0@contoso.example").Which.Internal.Should().BeTrue("the manager's domain is contoso.example");
        (await api.ListStakeholdersAsync(project.Id, new ListQuery { Limit = 500, Q = "guest1@fabrikam" }).OkAsync()).Items.Should().OnlyContain(s => !s.Internal);
    }

    [DatabaseFact]
    public async Task Every_answer_says_nosniff_and_frame_ancestors_and_signed_in_answers_are_never_cached()
    {
        var project = await CreateProjectAsync();
        using var http = app.CreateHttpClient();

        var pane = await http.GetAsync("/outlook/");
        var excelPane = await http.GetAsync("/excel/");
        var health = await http.GetAsync("/health");
        var json = await SendAsync(HttpMethod.Get, $"/api/projects/{project.Id}");
        var problem = await SendAsync(HttpMethod.Get, "/api/projects/nope");
        var workbook = await SendAsync(HttpMethod.Get, $"/api/projects/{project.Id}/plan.xlsx");

        foreach (var response in new[] { pane, excelPane, health, json, problem, workbook })
        {
            response.Headers.GetValues("X-Content-Type-Options").Should().Equal("nosniff");
            response.Headers.GetValues("Content-Security-Policy").Single().Should().StartWith("frame-ancestors 'self' https://*.office.com ")
                .And.Contain("https://outlook.live.com").And.Contain("https://*.cloud.microsoft");
        }

        pane.StatusCode.Should().Be(HttpStatusCode.OK);
        excelPane.StatusCode.Should().Be(HttpStatusCode.OK);
        json.Headers.CacheControl!.NoStore.Should().BeTrue();
        problem.Headers.CacheControl!.NoStore.Should().BeTrue();
        workbook.Headers.CacheControl!.Should().Match<CacheControlHeaderValue>(c => c.Private && c.NoCache && !c.NoStore);
    }

    private async Task<Project> CreateProjectAsync() =>
        await app.ClientFor(_manager).CreateProjectAsync(new NewProject("Launch", Currency: "EUR")).OkAsync(HttpStatusCode.Created);

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? json = null, string? ifMatch = null, string? idempotencyKey = null)
    {
        using var http = app.CreateHttpClient();
        var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", app.TokenFor(_manager));
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        if (idempotencyKey is not null)
        {
            request.Headers.TryAddWithoutValidation("Idempotency-Key", idempotencyKey);
        }

        var response = await http.SendAsync(request);
        await response.Content.LoadIntoBufferAsync();
        return response;
    }

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status, string because = "")
    {
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(status, $"{because} {body}");
        response.Content.Headers.ContentType?.MediaType.Should().Be("application/problem+json");
        return JsonDocument.Parse(body).RootElement;
    }
}

public sealed class HardeningTestsOnSqlite(SqliteApplication app) : HardeningTests(app), IClassFixture<SqliteApplication>;

public sealed class HardeningTestsOnPostgres(PostgresApplication app) : HardeningTests(app), IClassFixture<PostgresApplication>, IRunsOnPostgres;
