using System.Net;
using System.Text;
using OfficeCoordinator.Api.Tests.Infrastructure;
using OfficeCoordinator.Api.Tests.Plans;
using OfficeCoordinator.Client;
using OfficeCoordinator.Client.Contracts;
using Refit;

namespace OfficeCoordinator.Api.Tests.Documents;

// The embedded default (Local mode) shows the Microsoft 365 features on one machine: each project's folder under the
// data directory, attachments copied into it from the pane, and the plan published there with edits saved in it merged.
public abstract class LocalDocumentTests(CoordinatorApplication app)
{
    private readonly TestUser _manager = TestUser.Create("Alice Manager");

    [DatabaseFact]
    public async Task A_project_has_its_local_folder_from_the_start_and_no_shared_plan_before_the_first_publish()
    {
        var (project, coordinator) = await TradeFair.CreateAsync(app, _manager);

        var seen = await app.ClientFor(coordinator).GetProjectAsync(project.Id).OkAsync();
        var folder = await app.ClientFor(coordinator).GetDocumentFolderAsync(project.Id).OkAsync();
        var elsewhere = await app.ClientFor(_manager).PutDocumentFolderAsync(project.Id, new DocumentFolderInput(DocumentFolderKind.OneDrive, "b!drive", "Projects"))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest);

        seen.Documents.Should().Be(new DocumentFolder(DocumentFolderKind.Local, null, null, $"/api/projects/{project.Id}/documents"));
        seen.SharedPlan.Should().BeNull();
        folder.Should().Be(seen.Documents);
        elsewhere.Errors.Should().ContainKey("kind");
    }

    [DatabaseFact]
    public async Task Attachments_from_the_pane_are_stored_once_per_task_under_safe_names_linked_on_the_task_and_served_to_members_only()
    {
        var (project, coordinator) = await TradeFair.CreateAsync(app, _manager);
        var api = app.ClientFor(coordinator);
        var agenda = Encoding.UTF8.GetBytes("Agenda: stand layout, power, lights.");
        var quote = new byte[300_000];
        Random.Shared.NextBytes(quote);

        var first = await UploadAsync(api, project.Id, 1, ("att-agenda", "agenda.txt", agenda), ("att-quote", "..\\..\\quotes/stand\u0001quote?.pdf", quote));
        var again = await UploadAsync(api, project.Id, 1, ("att-agenda", "agenda.txt", agenda), ("att-quote", "..\\..\\quotes/stand\u0001quote?.pdf", quote));
        var sameNameOtherFile = await UploadAsync(api, project.Id, 1, ("att-agenda-2", "agenda.txt", Encoding.UTF8.GetBytes("Second agenda")));
        var task = await api.GetTaskAsync(project.Id, 1).OkAsync();
        var history = await api.GetTaskHistoryAsync(project.Id, 1).OkAsync();
        using var download = await api.DownloadDocumentAsync(project.Id, first.Items[1].Name);
        using var stranger = await app.ClientFor(TestUser.Create("Mallory Outsider")).DownloadDocumentAsync(project.Id, first.Items[1].Name);
        using var traversal = await api.DownloadDocumentAsync(project.Id, "..%2F..%2Fcoordinator.db");

        first.Items.Select(i => (i.AttachmentId, i.Name, i.Size, i.State)).Should().Equal(
            ("att-agenda", "agenda.txt", agenda.Length, AttachmentCopyState.Copied),
            ("att-quote", "stand_quote_.pdf", quote.Length, AttachmentCopyState.Copied));
        first.Items[1].WebUrl.Should().Be($"/api/projects/{project.Id}/documents/stand_quote_.pdf");
        again.Items.Select(i => i.State).Should().Equal(AttachmentCopyState.AlreadyCopied, AttachmentCopyState.AlreadyCopied);
        again.Items.Select(i => i.WebUrl).Should().Equal(first.Items.Select(i => i.WebUrl));
        sameNameOtherFile.Items.Should().ContainSingle().Which.Name.Should().Be("agenda (2).txt");
        Directory.GetFiles(Path.Combine(app.DataDirectory, "documents", project.Id)).Select(Path.GetFileName).Should()
            .BeEquivalentTo("agenda.txt", "agenda (2).txt", "stand_quote_.pdf");
        task.Attachments.Should().HaveCount(3);
        task.Attachments![0].Should().Match<TaskAttachment>(a => a.Name == "agenda.txt" && a.Size == agenda.Length && a.AddedBy == coordinator.Email);
        history.Items.Where(h => h.Field == "attachments").Select(h => h.NewValue).Should().BeEquivalentTo("agenda.txt", "stand_quote_.pdf", "agenda (2).txt");
        download.StatusCode.Should().Be(HttpStatusCode.OK);
        (await download.Content.ReadAsByteArrayAsync()).Should().Equal(quote);
        stranger.StatusCode.Should().Be(HttpStatusCode.NotFound);
        traversal.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [DatabaseFact]
    public async Task Attachments_need_files_a_task_of_the_project_and_at_most_25_MB_a_file()
    {
        var (project, coordinator) = await TradeFair.CreateAsync(app, _manager);
        var api = app.ClientFor(coordinator);

        var tooLarge = await api.UploadAttachmentsAsync(project.Id, 1, [new StreamPart(new MemoryStream(new byte[25 * 1024 * 1024 + 1]), "video.mp4", "video/mp4")], ["att-video"])
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        var noTask = await api.UploadAttachmentsAsync(project.Id, 99, [new StreamPart(new MemoryStream([1, 2, 3]), "a.bin")], ["att-a"])
            .ShouldBeProblemAsync(HttpStatusCode.NotFound);
        var asJson = await api.CopyAttachmentsAsync(project.Id, 1, new AttachmentCopyRequest("AAMk", ["att-1"])).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        var viewer = _manager.Colleague("Carol Viewer");
        await app.ClientFor(_manager).PutMemberAsync(project.Id, viewer.Email, new MemberRole(ProjectRole.Viewer)).OkAsync(HttpStatusCode.Created);
        var refused = await app.ClientFor(viewer).UploadAttachmentsAsync(project.Id, 1, [new StreamPart(new MemoryStream([1]), "a.bin")], ["att-a"])
            .ShouldBeProblemAsync(HttpStatusCode.Forbidden);

        tooLarge.Errors.Should().ContainKey("files[0]");
        noTask.Detail.Should().Contain("T-99");
        asJson.Errors.Should().ContainKey("files");
        refused.Status.Should().Be(403);
        (await api.GetTaskAsync(project.Id, 1).OkAsync()).Attachments.Should().BeEmpty();
    }

    [DatabaseFact]
    public async Task Publishing_writes_the_plan_into_the_folder_and_merges_an_edit_saved_there_with_a_conflict_kept_on_a_Conflicts_sheet()
    {
        var (project, coordinator) = await TradeFair.CreateAsync(app, _manager);
        var api = app.ClientFor(coordinator);
        var path = Path.Combine(app.DataDirectory, "documents", project.Id, "plan.xlsx");

        var first = await api.PublishPlanAsync(project.Id).OkAsync();
        var published = await api.GetProjectAsync(project.Id).OkAsync();
        // Someone opens the shared file in Excel, moves T-2's finish and renames T-1; meanwhile the manager renames T-1.
        await File.WriteAllBytesAsync(path, await SpreadsheetEdits.EditAsync(await File.ReadAllBytesAsync(path), """
            set_cell("T-2", "Finish", datetime.datetime(2026, 12, 23))
            set_cell("T-1", "Task", "Design the booth")
            """));
        var design = await app.ClientFor(_manager).GetTaskAsync(project.Id, 1).OkAsync();
        await app.ClientFor(_manager).UpdateTaskAsync(project.Id, 1, new { title = "Design the stand" }, CoordinatorClient.ETag(design.Version)).OkAsync();
        var second = await api.PublishPlanAsync(project.Id).OkAsync();
        var written = Workbooks.ReadWithExcelDataReader(await File.ReadAllBytesAsync(path));
        var third = await api.PublishPlanAsync(project.Id).OkAsync();
        var clean = Workbooks.ReadWithExcelDataReader(await File.ReadAllBytesAsync(path));

        first.WebUrl.Should().Be($"/api/projects/{project.Id}/documents/plan.xlsx");
        first.Merged.Applied.Should().BeEmpty();
        published.SharedPlan.Should().Be(new SharedPlan(first.WebUrl, first.ETag, first.PublishedAt, coordinator.Email));
        second.Merged.Applied.Should().ContainSingle().Which.Should().Match<AppliedCell>(a => a.Id == "T-2" && a.Column == "Finish" && a.To == "2026-12-23");
        second.Merged.Conflicts.Should().ContainSingle().Which.Should().Match<ConflictCell>(c =>
            c.Id == "T-1" && c.Column == "Task" && c.Base == "Design" && c.Server == "Design the stand" && c.Workbook == "Design the booth");
        second.ETag.Should().NotBe(first.ETag);
        (await api.GetTaskAsync(project.Id, 2).OkAsync()).Finish.Should().Be(new DateOnly(2026, 12, 23));
        (await api.GetTaskAsync(project.Id, 1).OkAsync()).Title.Should().Be("Design the stand");
        written["Plan"].Should().Contain(row => Equals(row[0], "T-1") && Equals(row[1], "Design the stand"), "a conflict keeps the server's value in the file");
        written["Conflicts"].Skip(1).Should().ContainSingle().Which.Take(6).Should().Equal("B2", "T-1", "Task", "Design", "Design the stand", "Design the booth");
        third.Merged.Applied.Should().BeEmpty();
        third.Merged.Conflicts.Should().BeEmpty();
        clean.Should().NotContainKey("Conflicts", "every publish writes that sheet anew from its own conflicts");
    }

    [DatabaseFact]
    public async Task A_file_in_the_folder_that_is_not_this_projects_plan_is_never_merged_nor_overwritten_and_no_attachment_takes_its_name()
    {
        var (project, coordinator) = await TradeFair.CreateAsync(app, _manager);
        var api = app.ClientFor(coordinator);
        var folder = Directory.CreateDirectory(Path.Combine(app.DataDirectory, "documents", project.Id)).FullName;
        var attached = await UploadAsync(api, project.Id, 1, ("att-plan", "plan.xlsx", Encoding.UTF8.GetBytes("someone's plan")));
        await File.WriteAllTextAsync(Path.Combine(folder, "plan.xlsx"), "not a workbook at all");

        var refused = await api.PublishPlanAsync(project.Id).ShouldBeProblemAsync(HttpStatusCode.Conflict);

        attached.Items.Should().ContainSingle().Which.Name.Should().Be("plan (attachment).xlsx");
        refused.Detail.Should().Contain("cannot be read as a plan").And.Contain("Nothing was changed");
        (await File.ReadAllTextAsync(Path.Combine(folder, "plan.xlsx"))).Should().Be("not a workbook at all");
        (await api.GetProjectAsync(project.Id).OkAsync()).SharedPlan.Should().BeNull();
    }

    [DatabaseFact]
    public async Task Only_coordinators_and_managers_publish()
    {
        var (project, _) = await TradeFair.CreateAsync(app, _manager);
        var contributor = _manager.Colleague("Dan Contributor");
        await app.ClientFor(_manager).PutMemberAsync(project.Id, contributor.Email, new MemberRole(ProjectRole.Contributor)).OkAsync(HttpStatusCode.Created);

        await app.ClientFor(contributor).PublishPlanAsync(project.Id).ShouldBeProblemAsync(HttpStatusCode.Forbidden);

        File.Exists(Path.Combine(app.DataDirectory, "documents", project.Id, "plan.xlsx")).Should().BeFalse();
    }

    private static Task<AttachmentCopyResult> UploadAsync(ICoordinatorApi api, string projectId, int task, params (string Id, string Name, byte[] Content)[] files) =>
        api.UploadAttachmentsAsync(projectId, task, files.Select(f => new StreamPart(new MemoryStream(f.Content), f.Name, "application/octet-stream")).ToList(),
            files.Select(f => f.Id).ToList()).OkAsync();
}

public sealed class LocalDocumentTestsOnSqlite(SqliteApplication app) : LocalDocumentTests(app), IClassFixture<SqliteApplication>;

public sealed class LocalDocumentTestsOnPostgres(PostgresApplication app) : LocalDocumentTests(app), IClassFixture<PostgresApplication>, IRunsOnPostgres;
