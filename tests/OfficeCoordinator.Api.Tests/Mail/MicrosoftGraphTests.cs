using System.Net;
using System.Text.Json.Nodes;
using OfficeCoordinator.Api.Tests.Auth;
using OfficeCoordinator.Api.Tests.Infrastructure;
using OfficeCoordinator.Api.Tests.Plans;
using OfficeCoordinator.Client;
using OfficeCoordinator.Client.Contracts;

namespace OfficeCoordinator.Api.Tests.Mail;

// Entra mode with Microsoft Graph, through the front door: the message read from the mailbox, its attachments copied into
// a SharePoint folder, the plan published there and merged with what was saved in it, and Graph's failures as the
// problem details the pane acts on. The real SDK and the real token acquisition, against stand-ins in this process.
public sealed class MicrosoftGraphTests(GraphApplication app) : IClassFixture<GraphApplication>
{
    private const string Drive = "b!launch-library";

    // A folder of each test's own in the shared drive.
    private readonly string Folder = "Projects/Launch-" + Guid.NewGuid().ToString("N")[..8];

    private readonly string _tenant = Guid.NewGuid().ToString();

    private GraphStandIn Graph => app.Graph;

    [Fact]
    public async Task From_email_by_item_id_stores_what_the_mailbox_holds_not_what_the_client_sent_read_in_the_readers_time_zone()
    {
        var manager = app.SignIn(_tenant, "Alice Manager");
        var project = await manager.Api.CreateProjectAsync(new NewProject("Launch")).OkAsync(HttpStatusCode.Created);
        var itemId = AddMessage("Re: Stand power", "Please confirm the power supply by tomorrow.", "2026-12-01T23:30:00Z");
        var claimed = new EmailMessage("<forged@evil.example>", "forged-thread", itemId, "Wire money now", new EmailAddress("Mallory", "mallory@evil.example"),
            null, null, DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture), "forged body", TimeZone: "W. Europe Standard Time");

        var task = await manager.Api.CreateTaskFromEmailAsync(project.Id, new EmailTaskRequest(claimed)).OkAsync(HttpStatusCode.Created);
        var again = await manager.Api.CreateTaskFromEmailAsync(project.Id, new EmailTaskRequest(claimed with { TimeZone = "Europe/Berlin" })).OkAsync();

        task.Title.Should().Be("Stand power");
        task.Description.Should().Contain("power supply");
        task.Requester.Should().Be("erin@harbour.example");
        task.Source!.InternetMessageId.Should().Be($"<{itemId}@harbour.example>");
        task.Source.ConversationId.Should().Be("conv-" + itemId);
        task.Source.WebLink.Should().Be($"https://outlook.office365.com/owa/?ItemID={itemId}");
        task.Finish.Should().Be(new DateOnly(2026, 12, 3), "23:30 UTC on 1 December is 00:30 on the 2nd in Berlin, so tomorrow is the 3rd");
        again.Number.Should().Be(task.Number);
        var read = Graph.Requests.Where(r => r.Path == $"/v1.0/me/messages/{itemId}").ToList();
        read.Should().HaveCount(2).And.OnlyContain(r => r.Authorization == "Bearer " + EntraStub.GraphTokenFor(manager.ObjectId) && r.Prefer!.Contains("ImmutableId", StringComparison.Ordinal));
        app.Entra.TokenRequests.Should().Contain(t => t.Tenant == _tenant && t.TokenUse == "on_behalf_of" && t.Scope.Contains("Mail.Read"));
    }

    [Fact]
    public async Task Communications_and_obstacles_made_from_a_message_also_store_what_the_mailbox_holds()
    {
        var manager = app.SignIn(_tenant, "Alice Manager");
        var project = await manager.Api.CreateProjectAsync(new NewProject("Launch")).OkAsync(HttpStatusCode.Created);
        var itemId = AddMessage("Power outage at the hall", "The hall has no power on Friday.", "2026-12-02T08:00:00Z");
        var forged = OnlyItem(itemId) with { Subject = "Forged", From = new EmailAddress("Mallory", "mallory@evil.example") };

        var logged = await manager.Api.LogCommunicationAsync(project.Id, new NewCommunication("Power update", SourceEmail: forged)).OkAsync(HttpStatusCode.Created);
        var raised = await manager.Api.RaiseObstacleAsync(project.Id, new NewObstacle("No power on Friday", SourceEmail: forged)).OkAsync(HttpStatusCode.Created);
        var missing = await manager.Api.RaiseObstacleAsync(project.Id, new NewObstacle("Elsewhere", SourceEmail: OnlyItem("AAMk-gone")))
            .ShouldBeProblemAsync(HttpStatusCode.NotFound);

        logged.Source!.Subject.Should().Be("Power outage at the hall");
        logged.Source.From.Email.Should().Be("erin@harbour.example");
        logged.Participants.Select(p => p.Email).Should().Contain("erin@harbour.example").And.NotContain("mallory@evil.example");
        raised.Source!.InternetMessageId.Should().Be($"<{itemId}@harbour.example>");
        missing.Status.Should().Be(404);
    }

    [Fact]
    public async Task An_email_added_to_a_task_by_item_id_stores_what_the_mailbox_holds()
    {
        var manager = app.SignIn(_tenant, "Alice Manager");
        var project = await manager.Api.CreateProjectAsync(new NewProject("Launch")).OkAsync(HttpStatusCode.Created);
        var task = await manager.Api.CreateTaskAsync(project.Id, new NewTask("Stand power")).OkAsync(HttpStatusCode.Created);
        var itemId = AddMessage("Re: Stand power", "The electrician comes on Monday.", "2026-12-02T08:00:00Z");
        var forged = OnlyItem(itemId) with { Subject = "Forged", From = new EmailAddress("Mallory", "mallory@evil.example") };

        var added = await manager.Api.AddTaskEmailAsync(project.Id, task.Number, new AddTaskEmailRequest(forged)).OkAsync(HttpStatusCode.Created);
        var again = await manager.Api.AddTaskEmailAsync(project.Id, task.Number, new AddTaskEmailRequest(OnlyItem(itemId))).OkAsync();

        added.Emails.Should().ContainSingle().Which.Should().Match<TaskEmail>(e =>
            e.InternetMessageId == $"<{itemId}@harbour.example>" && e.Subject == "Re: Stand power" && e.From.Email == "erin@harbour.example");
        again.Version.Should().Be(added.Version);
        (await manager.Api.GetEmailLinksAsync(conversationId: "conv-" + itemId).OkAsync()).Items.Should().ContainSingle().Which.Number.Should().Be(task.Number);
    }

    [Fact]
    public async Task The_preview_lists_the_attachments_to_offer_and_an_unknown_time_zone_or_missing_item_id_is_named()
    {
        var manager = app.SignIn(_tenant, "Alice Manager");
        var itemId = AddMessage("Quote", "See attached.", "2026-12-01T09:00:00Z",
            new GraphStandIn.Attachment("att-quote", "quote.pdf", "application/pdf", new byte[10_240]),
            new GraphStandIn.Attachment("att-logo", "logo.png", "image/png", new byte[2_000], IsInline: true),
            new GraphStandIn.Attachment("att-mail", "Earlier thread", "message/rfc822", new byte[500], Kind: "#microsoft.graph.itemAttachment"));

        var preview = await manager.Api.PreviewEmailAsync(new EmailPreviewRequest(null, OnlyItem(itemId))).OkAsync();
        var badZone = await manager.Api.PreviewEmailAsync(new EmailPreviewRequest(null, OnlyItem(itemId) with { TimeZone = "Mars/Olympus" }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        var noItem = await manager.Api.PreviewEmailAsync(new EmailPreviewRequest(null, OnlyItem(null!))).ShouldBeProblemAsync(HttpStatusCode.BadRequest);

        preview.Title.Should().Be("Quote");
        preview.Attachments.Should().Equal(
            new EmailAttachment("att-quote", "quote.pdf", 10_240, "application/pdf", false, AttachmentKind.File),
            new EmailAttachment("att-logo", "logo.png", 2_000, "image/png", true, AttachmentKind.File),
            new EmailAttachment("att-mail", "Earlier thread", 500, "message/rfc822", false, AttachmentKind.Item));
        badZone.Errors.Should().ContainKey("email.timeZone");
        noItem.Errors.Should().ContainKey("email.itemId");
    }

    [Fact]
    public async Task Attachments_of_10_KB_3_MB_and_12_MB_are_copied_with_their_sizes_the_largest_by_upload_session_and_only_once()
    {
        var (manager, project) = await ProjectWithFolderAsync();
        var small = Bytes(10 * 1024);
        var medium = Bytes(3 * 1024 * 1024);
        var large = Bytes(12 * 1024 * 1024);
        var itemId = AddMessage("Stand drawings", "Drawings attached.", "2026-12-02T08:00:00Z",
            new GraphStandIn.Attachment("att-small", "notes.txt", "text/plain", small),
            new GraphStandIn.Attachment("att-medium", "drawing.pdf", "application/pdf", medium),
            new GraphStandIn.Attachment("att-large", "render.mp4", "video/mp4", large),
            new GraphStandIn.Attachment("att-inline", "logo.png", "image/png", Bytes(100), IsInline: true),
            new GraphStandIn.Attachment("att-item", "Forwarded", "message/rfc822", Bytes(100), Kind: "#microsoft.graph.itemAttachment"));
        var task = await manager.Api.CreateTaskFromEmailAsync(project.Id, new EmailTaskRequest(OnlyItem(itemId))).OkAsync(HttpStatusCode.Created);
        string[] ids = ["att-small", "att-medium", "att-large", "att-inline", "att-item"];

        var start = Graph.Requests.Count;
        var copied = await manager.Api.CopyAttachmentsAsync(project.Id, task.Number, new AttachmentCopyRequest(itemId, ids)).OkAsync();
        var requests = Graph.Requests.Skip(start).ToList();
        var writes = Graph.Requests.Count(r => r.Method == "PUT");
        var again = await manager.Api.CopyAttachmentsAsync(project.Id, task.Number, new AttachmentCopyRequest(itemId, ids)).OkAsync();
        var linked = await manager.Api.GetTaskAsync(project.Id, task.Number).OkAsync();

        copied.Items.Select(i => (i.AttachmentId, i.Size, i.State)).Should().Equal(
            ("att-small", small.Length, AttachmentCopyState.Copied), ("att-medium", medium.Length, AttachmentCopyState.Copied),
            ("att-large", large.Length, AttachmentCopyState.Copied), ("att-inline", 100L, AttachmentCopyState.Skipped), ("att-item", 100L, AttachmentCopyState.Skipped));
        copied.Items[3].Reason.Should().Contain("inline");
        copied.Items[4].Reason.Should().Contain("not a file");
        Graph.FileAt(Drive, $"{Folder}/notes.txt").Content.Should().Equal(small);
        Graph.FileAt(Drive, $"{Folder}/drawing.pdf").Content.Should().Equal(medium);
        Graph.FileAt(Drive, $"{Folder}/render.mp4").Content.Should().Equal(large);
        requests.Where(r => r.Method == "PUT" && r.Path.EndsWith(":/content", StringComparison.Ordinal)).Select(r => r.Path).Should()
            .BeEquivalentTo($"/v1.0/drives/{Drive}/root:/{Folder}/notes.txt:/content", $"/v1.0/drives/{Drive}/root:/{Folder}/drawing.pdf:/content");
        requests.Should().ContainSingle(r => r.Path.EndsWith("/createUploadSession", StringComparison.Ordinal));
        requests.Where(r => r.Path.StartsWith("/v1.0/upload/", StringComparison.Ordinal)).Should().HaveCount(4, "12 MB in slices of 3.125 MB");
        again.Items.Select(i => i.State).Should().Equal(AttachmentCopyState.AlreadyCopied, AttachmentCopyState.AlreadyCopied, AttachmentCopyState.AlreadyCopied,
            AttachmentCopyState.Skipped, AttachmentCopyState.Skipped);
        Graph.Requests.Count(r => r.Method == "PUT").Should().Be(writes, "the same request again copies nothing new");
        linked.Attachments!.Select(a => (a.Name, a.Size, a.WebUrl, a.AddedBy)).Should().Equal(
            ("notes.txt", small.Length, $"https://contoso.sharepoint.example/{Drive}/{Folder}/notes.txt", manager.Email),
            ("drawing.pdf", medium.Length, $"https://contoso.sharepoint.example/{Drive}/{Folder}/drawing.pdf", manager.Email),
            ("render.mp4", large.Length, $"https://contoso.sharepoint.example/{Drive}/{Folder}/render.mp4", manager.Email));
    }

    [Fact]
    public async Task A_failed_copy_adds_no_attachment_and_a_project_without_a_folder_says_so()
    {
        var (manager, project) = await ProjectWithFolderAsync();
        var itemId = AddMessage("Invoice", "Attached.", "2026-12-02T08:00:00Z", new GraphStandIn.Attachment("att-invoice", "invoice.pdf", "application/pdf", Bytes(2_000)));
        var task = await manager.Api.CreateTaskFromEmailAsync(project.Id, new EmailTaskRequest(OnlyItem(itemId))).OkAsync(HttpStatusCode.Created);
        var bare = await manager.Api.CreateProjectAsync(new NewProject("No folder")).OkAsync(HttpStatusCode.Created);
        var bareTask = await manager.Api.CreateTaskAsync(bare.Id, new NewTask("Something")).OkAsync(HttpStatusCode.Created);
        Graph.Script.Enqueue(Graph.Pass); // the message
        Graph.Script.Enqueue(Graph.Pass); // the attachment
        Graph.Script.Enqueue(GraphStandIn.Failed(500, "generalException", "req-upload-1")); // the upload

        var failed = await manager.Api.CopyAttachmentsAsync(project.Id, task.Number, new AttachmentCopyRequest(itemId, ["att-invoice"]))
            .ShouldBeProblemAsync(HttpStatusCode.BadGateway);
        var noFolder = await manager.Api.CopyAttachmentsAsync(bare.Id, bareTask.Number, new AttachmentCopyRequest(itemId, ["att-invoice"]))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict);

        failed.Extensions["graph"].ToString().Should().Be("failed");
        failed.Extensions["requestId"].ToString().Should().Be("req-upload-1");
        (await manager.Api.GetTaskAsync(project.Id, task.Number).OkAsync()).Attachments.Should().BeEmpty();
        noFolder.Detail.Should().Contain("no document folder");
        using var http = app.CreateHttpClient();
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", manager.Token);
        using var malformed = await http.PostAsync($"/api/projects/{project.Id}/tasks/{task.Number}/attachments",
            new StringContent("{ \"itemId\": 42, ", System.Text.Encoding.UTF8, "application/json"));
        malformed.StatusCode.Should().Be(HttpStatusCode.BadRequest, "a malformed body is the caller's mistake, never a 500");
        (await malformed.Content.ReadAsStringAsync()).Should().Contain("itemId");
        (await manager.Api.GetProjectAsync(bare.Id).OkAsync()).Documents.Should().BeNull();
    }

    [Fact]
    public async Task The_folder_is_checked_through_Graph_and_only_managers_set_it()
    {
        var manager = app.SignIn(_tenant, "Alice Manager");
        var project = await manager.Api.CreateProjectAsync(new NewProject("Launch")).OkAsync(HttpStatusCode.Created);
        Graph.AddDrive(Drive, Folder);
        var coordinator = app.SignIn(_tenant, "Bob Coordinator");
        await manager.Api.PutMemberAsync(project.Id, coordinator.Email, new MemberRole(ProjectRole.Coordinator)).OkAsync(HttpStatusCode.Created);

        var noDrive = await manager.Api.PutDocumentFolderAsync(project.Id, new DocumentFolderInput(DocumentFolderKind.SharePoint, "b!nope", Folder))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        var noFolder = await manager.Api.PutDocumentFolderAsync(project.Id, new DocumentFolderInput(DocumentFolderKind.SharePoint, Drive, "Projects/Nope"))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        var byCoordinator = await coordinator.Api.PutDocumentFolderAsync(project.Id, new DocumentFolderInput(DocumentFolderKind.SharePoint, Drive, Folder))
            .ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        var set = await manager.Api.PutDocumentFolderAsync(project.Id, new DocumentFolderInput(DocumentFolderKind.SharePoint, Drive, "/" + Folder + "/")).OkAsync();

        noDrive.Errors.Should().ContainKey("driveId");
        noFolder.Errors.Should().ContainKey("folderPath");
        byCoordinator.Status.Should().Be(403);
        set.Should().Be(new DocumentFolder(DocumentFolderKind.SharePoint, Drive, Folder, $"https://contoso.sharepoint.example/{Drive}/{Folder}"));
        (await coordinator.Api.GetProjectAsync(project.Id).OkAsync()).Documents.Should().Be(set);
    }

    [Fact]
    public async Task Publish_merges_what_a_member_saved_in_SharePoint_as_that_member_keeps_a_both_sides_edit_as_a_conflict_and_overwrites_nothing()
    {
        var (manager, project) = await ProjectWithFolderAsync();
        var coordinator = app.SignIn(_tenant, "Bob Coordinator");
        await manager.Api.PutMemberAsync(project.Id, coordinator.Email, new MemberRole(ProjectRole.Coordinator)).OkAsync(HttpStatusCode.Created);
        await manager.Api.CreateTaskAsync(project.Id, new NewTask("Design", Start: new DateOnly(2026, 12, 7), Finish: new DateOnly(2026, 12, 11))).OkAsync(HttpStatusCode.Created);
        await manager.Api.CreateTaskAsync(project.Id, new NewTask("Build", Start: new DateOnly(2026, 12, 14), Finish: new DateOnly(2026, 12, 18))).OkAsync(HttpStatusCode.Created);
        var path = $"{Folder}/plan.xlsx";

        var first = await manager.Api.PublishPlanAsync(project.Id).OkAsync();
        // The coordinator edits the shared file in Excel for the web: Build's finish, Design's title and a baseline
        // (which a coordinator may not change); meanwhile the manager renames Design in the pane.
        Graph.Save(Drive, path, await SpreadsheetEdits.EditAsync(Graph.FileAt(Drive, path).Content, """
            set_cell("T-2", "Finish", datetime.datetime(2026, 12, 23))
            set_cell("T-1", "Task", "Design the booth")
            set_cell("T-2", "Baseline Finish", datetime.datetime(2026, 12, 31))
            """), coordinator.Name, coordinator.Email);
        var design = await manager.Api.GetTaskAsync(project.Id, 1).OkAsync();
        await manager.Api.UpdateTaskAsync(project.Id, 1, new { title = "Design the stand" }, CoordinatorClient.ETag(design.Version)).OkAsync();
        var second = await manager.Api.PublishPlanAsync(project.Id).OkAsync();
        var written = Workbooks.ReadWithExcelDataReader(Graph.FileAt(Drive, path).Content);
        var history = await manager.Api.GetTaskHistoryAsync(project.Id, 2).OkAsync();
        var seen = await coordinator.Api.GetProjectAsync(project.Id).OkAsync();

        first.WebUrl.Should().Be($"https://contoso.sharepoint.example/{Drive}/{path}");
        Graph.Requests.First(r => r.Method == "PUT" && r.Path.EndsWith($"{Folder}/plan.xlsx:/content", StringComparison.Ordinal)).Query
            .Should().Contain("conflictBehavior=fail", "the first publish never overwrites a file it did not write");
        Graph.Requests.Last(r => r.Method == "PUT" && r.Path.EndsWith($"{Folder}/plan.xlsx:/content", StringComparison.Ordinal)).IfMatch
            .Should().NotBeNull().And.NotBe(first.ETag, "the second write is conditional on the copy it merged");
        second.Merged.Applied.Should().ContainSingle().Which.Should().Match<AppliedCell>(a => a.Id == "T-2" && a.Column == "Finish" && a.To == "2026-12-23");
        second.Merged.Conflicts.Should().ContainSingle().Which.Should().Match<ConflictCell>(c => c.Id == "T-1" && c.Server == "Design the stand" && c.Workbook == "Design the booth");
        second.Merged.RowErrors.Should().ContainSingle().Which.Column.Should().Be("Baseline Finish");
        history.Items.Should().ContainSingle(h => h.Field == "finish").Which.By.Should().Be(new Actor(coordinator.Name, coordinator.Email), "applied as the member who saved the file");
        (await manager.Api.GetTaskAsync(project.Id, 1).OkAsync()).Title.Should().Be("Design the stand");
        written["Plan"].Should().Contain(row => Equals(row[0], "T-1") && Equals(row[1], "Design the stand"));
        written["Conflicts"].Skip(1).Should().HaveCount(2, "the conflict and the refused baseline edit, so nothing typed in the shared file is lost");
        written["Conflicts"][1].Should().Equal("B2", "T-1", "Task", "Design", "Design the stand", "Design the booth", $"{coordinator.Name} <{coordinator.Email}>");
        written["Conflicts"][2].Should().Equal("J3", "T-2", "Baseline Finish", null,
            "Not applied: Only a project manager can move the baseline; this cell was not applied.", "2026-12-31", $"{coordinator.Name} <{coordinator.Email}>");
        seen.SharedPlan.Should().Be(new SharedPlan(second.WebUrl, second.ETag, second.PublishedAt, manager.Email));
        Graph.FileAt(Drive, path).ETag.Should().Be(second.ETag);
    }

    [Fact]
    public async Task A_viewers_edits_in_the_shared_file_are_refused_and_kept_on_the_Conflicts_sheet_of_a_valid_workbook()
    {
        var (manager, project) = await ProjectWithFolderAsync();
        var viewer = app.SignIn(_tenant, "Carol Viewer");
        await manager.Api.PutMemberAsync(project.Id, viewer.Email, new MemberRole(ProjectRole.Viewer)).OkAsync(HttpStatusCode.Created);
        await manager.Api.CreateTaskAsync(project.Id, new NewTask("Design", Start: new DateOnly(2026, 12, 7), Finish: new DateOnly(2026, 12, 11))).OkAsync(HttpStatusCode.Created);
        var path = $"{Folder}/plan.xlsx";
        await manager.Api.PublishPlanAsync(project.Id).OkAsync();
        Graph.Save(Drive, path, await SpreadsheetEdits.EditAsync(Graph.FileAt(Drive, path).Content, """set_cell("T-1", "Task", "Design by Carol")"""),
            viewer.Name, viewer.Email);

        var published = await manager.Api.PublishPlanAsync(project.Id).OkAsync();
        var written = Graph.FileAt(Drive, path).Content;

        published.Merged.Applied.Should().BeEmpty();
        published.Merged.RowErrors.Should().ContainSingle().Which.Detail.Should().Contain("Viewers read the plan");
        (await manager.Api.GetTaskAsync(project.Id, 1).OkAsync()).Title.Should().Be("Design");
        Workbooks.ReadWithExcelDataReader(written)["Conflicts"].Skip(1).Should().ContainSingle().Which.Should()
            .Equal("B2", "T-1", "Task", null, "Not applied: Viewers read the plan; this cell was not applied.", "Design by Carol", $"{viewer.Name} <{viewer.Email}>");
        Workbooks.ValidationErrors(written).Should().BeEmpty("a workbook with a Conflicts sheet is still a valid Open XML package");
    }

    [Fact]
    public async Task A_save_between_reading_and_writing_is_merged_too_and_a_failed_write_leaves_the_stored_eTag_as_it_was()
    {
        var (manager, project) = await ProjectWithFolderAsync();
        await manager.Api.CreateTaskAsync(project.Id, new NewTask("Design", Start: new DateOnly(2026, 12, 7), Finish: new DateOnly(2026, 12, 11))).OkAsync(HttpStatusCode.Created);
        var path = $"{Folder}/plan.xlsx";
        var first = await manager.Api.PublishPlanAsync(project.Id).OkAsync();
        var exported = Graph.FileAt(Drive, path).Content;
        Graph.BeforeNextWrite = () => Graph.Save(Drive, path, SpreadsheetEdits.EditAsync(exported, """set_cell("T-1", "% Complete", 0.5)""").GetAwaiter().GetResult(), "Someone", "someone@elsewhere.example");

        var raced = await manager.Api.PublishPlanAsync(project.Id).OkAsync();
        var writes = Graph.Requests.Where(r => r.Method == "PUT" && r.Path.EndsWith($"{Folder}/plan.xlsx:/content", StringComparison.Ordinal)).Select(r => r.IfMatch).ToList();
        Graph.Script.Enqueue(Graph.Pass); // the shared file's metadata
        Graph.Script.Enqueue(GraphStandIn.Failed(500, "generalException", "req-write-1")); // the write
        var failed = await manager.Api.PublishPlanAsync(project.Id).ShouldBeProblemAsync(HttpStatusCode.BadGateway);

        raced.Merged.Applied.Should().ContainSingle().Which.Column.Should().Be("% Complete");
        (await manager.Api.GetTaskAsync(project.Id, 1).OkAsync()).PercentComplete.Should().Be(50);
        writes.Should().HaveCount(3, "the first write, the one refused with 412, the merged one");
        writes[1].Should().Be(first.ETag);
        writes[2].Should().NotBe(first.ETag);
        failed.Extensions["requestId"].ToString().Should().Be("req-write-1");
        (await manager.Api.GetProjectAsync(project.Id).OkAsync()).SharedPlan!.ETag.Should().Be(raced.ETag).And.NotBe(first.ETag);
    }

    [Fact]
    public async Task Throttled_twice_the_call_succeeds_and_throttled_for_ever_the_pane_gets_503_with_Retry_After()
    {
        var manager = app.SignIn(_tenant, "Alice Manager");
        var itemId = AddMessage("Catering", "Menu attached.", "2026-12-02T08:00:00Z");
        Graph.Script.Enqueue(GraphStandIn.Throttled("1"));
        Graph.Script.Enqueue(GraphStandIn.Throttled(DateTimeOffset.UtcNow.AddSeconds(1).ToString("R")));

        var preview = await manager.Api.PreviewEmailAsync(new EmailPreviewRequest(null, OnlyItem(itemId))).OkAsync();
        var before = Graph.Requests.Count;
        for (var i = 0; i < 4; i++)
        {
            Graph.Script.Enqueue(GraphStandIn.Throttled("1"));
        }

        var busy = await manager.Api.PreviewEmailAsync(new EmailPreviewRequest(null, OnlyItem(itemId)));
        var problem = await busy.ShouldBeProblemAsync(HttpStatusCode.ServiceUnavailable);

        preview.Title.Should().Be("Catering");
        Graph.Requests.Should().HaveCount(before + 4, "three retries, as Graph asked, within the 5 s bound");
        busy.Headers!.RetryAfter!.Delta.Should().Be(TimeSpan.FromSeconds(1));
        problem.Extensions["graph"].ToString().Should().Be("throttled");
    }

    [Fact]
    public async Task A_server_error_is_502_with_the_request_id_a_message_not_in_the_mailbox_404_and_no_access_403()
    {
        var manager = app.SignIn(_tenant, "Alice Manager");
        var itemId = AddMessage("Badges", "Names attached.", "2026-12-02T08:00:00Z");
        Graph.Script.Enqueue(GraphStandIn.Failed(500, "generalException", "req-500-xyz"));
        var failed = await manager.Api.PreviewEmailAsync(new EmailPreviewRequest(null, OnlyItem(itemId))).ShouldBeProblemAsync(HttpStatusCode.BadGateway);
        var missing = await manager.Api.PreviewEmailAsync(new EmailPreviewRequest(null, OnlyItem("AAMk-not-mine"))).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        Graph.Script.Enqueue(GraphStandIn.Failed(403, "ErrorAccessDenied", "req-403-abc"));
        var denied = await manager.Api.PreviewEmailAsync(new EmailPreviewRequest(null, OnlyItem(itemId))).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        Graph.Script.Enqueue(GraphStandIn.Failed(403, "Authorization_RequestDenied", "req-403-scope"));
        var unconsented = await manager.Api.PreviewEmailAsync(new EmailPreviewRequest(null, OnlyItem(itemId))).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        for (var i = 0; i < 4; i++)
        {
            Graph.Script.Enqueue(GraphStandIn.Failed(503, "serviceNotAvailable", "req-503"));
        }

        var unavailable = await manager.Api.PreviewEmailAsync(new EmailPreviewRequest(null, OnlyItem(itemId))).ShouldBeProblemAsync(HttpStatusCode.ServiceUnavailable);

        failed.Extensions["graph"].ToString().Should().Be("failed");
        failed.Extensions["requestId"].ToString().Should().Be("req-500-xyz");
        missing.Extensions.Should().NotContainKey("graph");
        denied.Extensions["graph"].ToString().Should().Be("forbidden");
        unconsented.Extensions["graph"].ToString().Should().Be("consent", "a token without the permission: consent gives it");
        unavailable.Extensions["graph"].ToString().Should().Be("throttled");
    }

    [Fact]
    public async Task Missing_consent_and_claims_challenges_reach_the_pane_with_what_it_needs_to_ask_again()
    {
        var itemId = AddMessage("Hotel", "Booking.", "2026-12-02T08:00:00Z");
        var claims = """{"access_token":{"acrs":{"essential":true,"value":"c1"}}}""";
        app.Entra.TokenScript.Enqueue(EntraStub.ConsentRequired());
        var consent = await app.SignIn(_tenant, "Carl Consent").Api.PreviewEmailAsync(new EmailPreviewRequest(null, OnlyItem(itemId)))
            .ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        app.Entra.TokenScript.Enqueue(EntraStub.ClaimsRequired(claims));
        var conditional = await app.SignIn(_tenant, "Cleo Claims").Api.PreviewEmailAsync(new EmailPreviewRequest(null, OnlyItem(itemId)))
            .ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        Graph.Script.Enqueue(GraphStandIn.ClaimsChallenge(claims));
        var revoked = await app.SignIn(_tenant, "Cody Cae").Api.PreviewEmailAsync(new EmailPreviewRequest(null, OnlyItem(itemId)))
            .ShouldBeProblemAsync(HttpStatusCode.Unauthorized);

        consent.Extensions["graph"].ToString().Should().Be("consent");
        consent.Extensions["scopes"].ToString().Should().Contain("Mail.Read");
        conditional.Extensions["graph"].ToString().Should().Be("claims");
        conditional.Extensions["claims"].ToString().Should().Be(claims);
        revoked.Extensions["graph"].ToString().Should().Be("claims");
        revoked.Extensions["claims"].ToString().Should().Be(claims);
    }

    [Fact]
    public async Task A_report_goes_out_once_per_rendering_the_same_key_replays_and_a_second_send_is_refused_as_already_sent()
    {
        var (manager, project) = await ReportAsync(withExternal: true);
        var drafts = Graph.Drafts.Count;

        var first = await manager.Api.SendStatusReportAsync(project.Id, 1, new ReportSendInput(Audience.ManageClosely), "send-key-1").OkAsync();
        var replay = await manager.Api.SendStatusReportAsync(project.Id, 1, new ReportSendInput(Audience.ManageClosely), "send-key-1").OkAsync();
        var again = await manager.Api.SendStatusReportAsync(project.Id, 1, new ReportSendInput(Audience.ManageClosely)).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        var log = await manager.Api.ListCommunicationsAsync(project.Id).OkAsync();

        first.Messages.Select(m => (m.External, m.State, m.Recipients.Single().Email)).Should().Equal(
            (false, MessageState.Sent, "sam@contoso.example"), (true, MessageState.Sent, "xavier@supplier.example"));
        replay.Should().BeEquivalentTo(first);
        Graph.Drafts.Count.Should().Be(drafts + 2, "one draft per rendering, never one mixed message");
        Graph.Drafts.Values.TakeLast(2).Select(d => d["toRecipients"]!.AsArray().Count).Should().Equal(1, 1);
        Graph.Sent.Should().Contain(Graph.Drafts.Keys.Where(k => Graph.Drafts[k]["subject"]!.GetValue<string>().StartsWith(project.Name, StringComparison.Ordinal)));
        again.Type.Should().EndWith("/already-sent");
        log.Items.Where(c => c.ReportNumber == 1).Select(c => (c.Kind, c.Direction, c.Delivery, c.Participants.Single().Email)).Should().BeEquivalentTo(
            [(CommunicationKind.Update, Direction.Outbound, (Delivery?)Delivery.Sent, "sam@contoso.example"), (CommunicationKind.Update, Direction.Outbound, (Delivery?)Delivery.Sent, "xavier@supplier.example")]);
    }

    [Fact]
    public async Task A_send_that_failed_after_its_draft_was_made_is_resumed_by_sending_that_draft_exactly_once()
    {
        var (manager, project) = await ReportAsync(withExternal: false);
        var drafts = Graph.Drafts.Count;
        Graph.Script.Enqueue(Graph.Pass); // the draft is made
        Graph.Script.Enqueue(GraphStandIn.Failed(500, "generalException", "req-send-1")); // the send fails: as good as a crash between the two

        var failed = await manager.Api.SendStatusReportAsync(project.Id, 1, new ReportSendInput(Audience.ManageClosely)).ShouldBeProblemAsync(HttpStatusCode.BadGateway);
        var resumed = await manager.Api.SendStatusReportAsync(project.Id, 1, new ReportSendInput(Audience.ManageClosely)).OkAsync();

        failed.Extensions["requestId"].ToString().Should().Be("req-send-1");
        resumed.Messages.Should().ContainSingle().Which.State.Should().Be(MessageState.Sent);
        Graph.Drafts.Count.Should().Be(drafts + 1, "the retry sent the draft it had, it made no other");
        var draft = Graph.Drafts.Keys.Single(k => Graph.Drafts[k]["subject"]!.GetValue<string>().StartsWith(project.Name, StringComparison.Ordinal));
        Graph.Sent.Count(id => id == draft).Should().Be(1);
        (await manager.Api.ListCommunicationsAsync(project.Id).OkAsync()).Items.Count(c => c.ReportNumber == 1).Should().Be(1);
    }

    [Fact]
    public async Task A_send_that_went_through_but_whose_answer_was_lost_is_recorded_as_sent_on_retry_and_not_sent_again()
    {
        var (manager, project) = await ReportAsync(withExternal: false);
        Graph.Script.Enqueue(Graph.Pass); // the draft is made
        Graph.Script.Enqueue(Graph.SentButAnswerLost); // the send goes through; its answer does not come back

        await manager.Api.SendStatusReportAsync(project.Id, 1, new ReportSendInput(Audience.ManageClosely)).ShouldBeProblemAsync(HttpStatusCode.BadGateway);
        var resumed = await manager.Api.SendStatusReportAsync(project.Id, 1, new ReportSendInput(Audience.ManageClosely)).OkAsync();

        resumed.Messages.Should().ContainSingle().Which.State.Should().Be(MessageState.Sent);
        var draft = Graph.Drafts.Keys.Single(k => Graph.Drafts[k]["subject"]!.GetValue<string>().StartsWith(project.Name, StringComparison.Ordinal));
        Graph.Sent.Count(id => id == draft).Should().Be(1, "the retry saw the message was no longer a draft");
        (await manager.Api.ListCommunicationsAsync(project.Id).OkAsync()).Items.Count(c => c.ReportNumber == 1).Should().Be(1);
    }

    [Fact]
    public async Task Update_requests_sent_through_Microsoft_365_go_one_per_owner_and_are_recorded_as_sent()
    {
        var manager = app.SignIn(_tenant, "Alice Manager");
        var project = await manager.Api.CreateProjectAsync(new NewProject("Launch " + Guid.NewGuid().ToString("N")[..6])).OkAsync(HttpStatusCode.Created);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        await manager.Api.CreateTaskAsync(project.Id, new NewTask("Book the hall", Owner: manager.Email, Start: today, Finish: today.AddDays(2))).OkAsync(HttpStatusCode.Created);
        var drafts = Graph.Drafts.Count;

        var result = await manager.Api.RequestUpdatesAsync(project.Id, new UpdateRequestInput(today, today.AddDays(7), Send: true)).OkAsync();
        var log = await manager.Api.ListCommunicationsAsync(project.Id).OkAsync();

        result.Requests.Should().ContainSingle().Which.State.Should().Be("Sent");
        Graph.Drafts.Count.Should().Be(drafts + 1);
        var draft = Graph.Drafts.Keys.Single(k => Graph.Drafts[k]["subject"]!.GetValue<string>().Contains(project.Name, StringComparison.Ordinal));
        Graph.Sent.Should().Contain(draft);
        Graph.Drafts[draft]["toRecipients"]![0]!["emailAddress"]!["address"]!.GetValue<string>().Should().Be(manager.Email);
        log.Items.Should().ContainSingle(c => c.Kind == CommunicationKind.Request).Which.Delivery.Should().Be(Delivery.Sent);
    }

    // A published SR-1 with a sponsor (internal) and, if asked, a supplier (external) in the manage-closely audience.
    private async Task<(EntraUser Manager, Project Project)> ReportAsync(bool withExternal)
    {
        var manager = app.SignIn(_tenant, "Alice Manager");
        var project = await manager.Api.CreateProjectAsync(new NewProject("Launch " + Guid.NewGuid().ToString("N")[..6])).OkAsync(HttpStatusCode.Created);
        await manager.Api.CreateStakeholderAsync(project.Id, new NewStakeholder("Sam Sponsor", "sam@contoso.example", Internal: true, Influence: 5, Interest: 5)).OkAsync(HttpStatusCode.Created);
        if (withExternal)
        {
            await manager.Api.CreateStakeholderAsync(project.Id, new NewStakeholder("Xavier Supplier", "xavier@supplier.example", Internal: false, Influence: 5, Interest: 5))
                .OkAsync(HttpStatusCode.Created);
        }

        await manager.Api.PublishStatusReportAsync(project.Id, new NewStatusReport()).OkAsync(HttpStatusCode.Created);
        return (manager, project);
    }

    private async Task<(EntraUser Manager, Project Project)> ProjectWithFolderAsync()
    {
        var manager = app.SignIn(_tenant, "Alice Manager");
        var project = await manager.Api.CreateProjectAsync(new NewProject("Launch " + Guid.NewGuid().ToString("N")[..6])).OkAsync(HttpStatusCode.Created);
        Graph.AddDrive(Drive, Folder);
        await manager.Api.PutDocumentFolderAsync(project.Id, new DocumentFolderInput(DocumentFolderKind.SharePoint, Drive, Folder)).OkAsync();
        return (manager, project);
    }

    // In Entra mode the pane sends the item id and the reader's time zone; everything else comes from the mailbox.
    private static EmailMessage OnlyItem(string itemId) => new(null!, null, itemId, null, null!, null, null, default, TimeZone: "W. Europe Standard Time");

    private string AddMessage(string subject, string body, string receivedAt, params GraphStandIn.Attachment[] attachments)
    {
        var id = "AAMk" + Guid.NewGuid().ToString("N");
        Graph.Messages[id] = new GraphStandIn.Message(new JsonObject
        {
            ["id"] = id, ["subject"] = subject, ["internetMessageId"] = $"<{id}@harbour.example>", ["conversationId"] = "conv-" + id,
            ["from"] = new JsonObject { ["emailAddress"] = new JsonObject { ["name"] = "Erin Venue", ["address"] = "erin@harbour.example" } },
            ["toRecipients"] = new JsonArray(new JsonObject { ["emailAddress"] = new JsonObject { ["name"] = "Alice", ["address"] = "alice@fabrikam.example" } }),
            ["receivedDateTime"] = receivedAt, ["webLink"] = $"https://outlook.office365.com/owa/?ItemID={id}",
            ["body"] = new JsonObject { ["contentType"] = "text", ["content"] = body },
        }, attachments);
        return id;
    }

    private static byte[] Bytes(int count)
    {
        var bytes = new byte[count];
        Random.Shared.NextBytes(bytes);
        return bytes;
    }
}
