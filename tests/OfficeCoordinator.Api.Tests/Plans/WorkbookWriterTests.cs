using DocumentFormat.OpenXml.CustomProperties;
using DocumentFormat.OpenXml.Spreadsheet;
using OfficeCoordinator.Api.Emails;
using OfficeCoordinator.Api.Http;
using OfficeCoordinator.Api.Plans;
using OfficeCoordinator.Api.Tasks;
using OfficeCoordinator.Benchmarks.Plans;
using static OfficeCoordinator.Api.Tests.Plans.Workbooks;

namespace OfficeCoordinator.Api.Tests.Plans;

public sealed class WorkbookWriterTests
{
    private static readonly DateOnly Monday = new(2026, 12, 7);

    [Fact]
    public async Task A_full_plan_passes_the_Open_XML_validator_and_ExcelDataReader_reads_every_task()
    {
        var plan = SamplePlan.Create(400);

        var workbook = await WriteAsync(plan);

        ValidationErrors(workbook).Should().BeEmpty();
        var sheets = ReadWithExcelDataReader(workbook);
        sheets.Keys.Should().Equal(PlanWorkbookWriter.SheetNames);
        var rows = sheets["Plan"];
        rows[0].Should().Equal(PlanColumns.All);
        rows.Should().HaveCount(plan.Tasks.Count + 1);
        foreach (var (task, row) in plan.Tasks.Zip(rows.Skip(1)))
        {
            row[0].Should().Be(ProjectTask.KeyOf(task.Number));
            row[1].Should().Be(task.Title);
            row[6].Should().Be(task.Start!.Value.ToDateTime(TimeOnly.MinValue));
            row[7].Should().Be(task.Finish!.Value.ToDateTime(TimeOnly.MinValue));
            row[11].Should().Be(task.PercentComplete / 100.0);
            row[13].Should().Be(task.PlannedCost is { } cost ? (double)cost : null);
            row[15].Should().Be(task.Milestone);
            row[16].Should().Be(task.SourceEmail?.Subject);
            row[17].Should().Be((double)task.Version);
        }

        sheets["Stakeholders"].Should().HaveCount(plan.Stakeholders.Count + 1);
        sheets["Communications"].Should().HaveCount(plan.Communications.Count + 1);
        sheets["Decisions"].Should().HaveCount(plan.Decisions.Count() + 1);
        sheets["Obstacles"].Should().HaveCount(plan.Obstacles.Count + 1);
        sheets["Timeline"].Should().HaveCount(plan.Tasks.Count + 4);
    }

    [Fact]
    public async Task An_empty_plan_is_a_valid_workbook_whose_tables_span_one_blank_row()
    {
        var workbook = await WriteAsync(Plan([]));

        ValidationErrors(workbook).Should().BeEmpty();
        using var document = Open(workbook);
        WorksheetOf(document, "Plan").TableDefinitionParts.Single().Table.Reference!.Value.Should().Be("A1:R2");
        ReadWithExcelDataReader(workbook)["Plan"].Should().ContainSingle();
    }

    [Fact]
    public async Task Every_list_is_a_named_table_with_header_filters_a_frozen_header_and_readable_widths()
    {
        var workbook = await WriteAsync(SamplePlan.Create(50));

        using var document = Open(workbook);
        var lists = new Dictionary<string, IReadOnlyList<string>>
        {
            ["Plan"] = PlanColumns.All,
            ["Stakeholders"] = PlanColumns.Stakeholders,
            ["Communications"] = PlanColumns.Communications,
            ["Decisions"] = PlanColumns.Decisions,
            ["Obstacles"] = PlanColumns.Obstacles,
        };
        foreach (var (name, columns) in lists)
        {
            var sheet = WorksheetOf(document, name);
            var table = sheet.TableDefinitionParts.Single().Table;
            table.Name!.Value.Should().Be(name);
            table.DisplayName!.Value.Should().Be(name);
            table.AutoFilter!.Reference!.Value.Should().Be(table.Reference!.Value);
            table.TableColumns!.Elements<TableColumn>().Select(c => c.Name!.Value).Should().Equal(columns);
            var pane = sheet.Worksheet.Descendants<Pane>().Single();
            pane.Should().Match<Pane>(p => p.State!.Value == PaneStateValues.Frozen && p.VerticalSplit!.Value == 1 && p.TopLeftCell!.Value == "A2");
            var widths = sheet.Worksheet.Descendants<Column>().Select(c => c.Width!.Value).ToList();
            widths.Should().HaveCount(columns.Count);
            widths.Zip(columns).Should().OnlyContain(pair => pair.First >= pair.Second.Length + 2, "{0}'s headers and filter buttons must show", name);
        }
    }

    [Fact]
    public async Task Dates_percentages_money_and_milestones_have_their_cell_forms()
    {
        var task = PlanTask(1, "Venue", Monday, Monday.AddDays(4));
        var milestone = PlanTask(2, "Launch day", Monday.AddDays(7), Monday.AddDays(7), milestone: true);

        var euros = await WriteAsync(Plan([task, milestone]));
        var yen = await WriteAsync(Plan([task], currency: "JPY"));
        var unknown = await WriteAsync(Plan([task], currency: "XTS"));

        using var document = Open(euros);
        var plan = WorksheetOf(document, "Plan");
        NumberFormatOf(document, CellAt(plan, "G2")!).Should().Be("yyyy-mm-dd");
        CellAt(plan, "G2")!.CellValue!.Text.Should().Be("46363");
        NumberFormatOf(document, CellAt(plan, "L2")!).Should().Be("0%");
        CellAt(plan, "L2")!.CellValue!.Text.Should().Be("0.4");
        NumberFormatOf(document, CellAt(plan, "N2")!).Should().Be("\"€\"#,##0.00");
        CellAt(plan, "P2")!.Should().Match<Cell>(c => c.DataType!.Value == CellValues.Boolean && c.CellValue!.Text == "0");
        CellAt(plan, "P3")!.Should().Match<Cell>(c => c.DataType!.Value == CellValues.Boolean && c.CellValue!.Text == "1");
        CellAt(plan, "K2")!.CellValue!.Text.Should().Be("5", "Monday to Friday is five working days");
        using var inYen = Open(yen);
        NumberFormatOf(inYen, CellAt(WorksheetOf(inYen, "Plan"), "N2")!).Should().MatchRegex("^\"[¥￥]\"#,##0$");
        using var inUnknown = Open(unknown);
        NumberFormatOf(inUnknown, CellAt(WorksheetOf(inUnknown, "Plan"), "N2")!).Should().Be("#,##0.00 \"XTS\"");
    }

    [Theory]
    [InlineData("=SUM(A1:A9)")]
    [InlineData("+44 20 7946 0000")]
    [InlineData("-10% on the quote")]
    [InlineData("@channel")]
    [InlineData("\tindented")]
    [InlineData("\rreturn")]
    [InlineData("=HYPERLINK(\"https://evil.example\",\"click\")")]
    public async Task Text_that_looks_like_a_formula_stays_text_with_a_quote_prefix(string title)
    {
        var task = PlanTask(1, title);
        task.SourceEmail = new EmailReference
        {
            TenantId = "tests", ProjectId = "project-under-test", InternetMessageId = "<1@example>", FromEmail = "erin@example.com",
            Subject = title, WebLink = "https://outlook.office.com/mail/id/1",
        };

        var workbook = await WriteAsync(Plan([task]));

        ValidationErrors(workbook).Should().BeEmpty();
        using var document = Open(workbook);
        foreach (var reference in new[] { "B2", "Q2" })
        {
            var cell = CellAt(WorksheetOf(document, "Plan"), reference)!;
            cell.DataType!.Value.Should().Be(CellValues.InlineString);
            cell.InlineString!.InnerText.Should().Be(title);
            StyleOf(document, cell).QuotePrefix!.Value.Should().BeTrue();
            NumberFormatOf(document, cell).Should().Be("@");
        }

        document.WorkbookPart!.WorksheetParts.SelectMany(part => part.Worksheet.Descendants<CellFormula>()).Should().BeEmpty();
        ReadWithExcelDataReader(workbook)["Plan"][1][1].Should().Be(title);
    }

    [Fact]
    public async Task A_formula_like_project_name_and_description_stay_text_on_the_Summary_sheet()
    {
        var plan = Plan([PlanTask(1, "Design")]);
        plan.Project.Name = "=HYPERLINK(\"https://evil.example\",\"Launch\")";
        plan.Project.Description = "+cmd|' /C calc'!A0";

        var workbook = await WriteAsync(plan);

        ValidationErrors(workbook).Should().BeEmpty();
        using var document = Open(workbook);
        var summary = WorksheetOf(document, "Summary");
        foreach (var (reference, text) in new[] { ("A1", plan.Project.Name), ("B3", plan.Project.Name), ("B4", plan.Project.Description) })
        {
            var cell = CellAt(summary, reference)!;
            cell.InlineString!.InnerText.Should().Be(text, reference);
            StyleOf(document, cell).QuotePrefix!.Value.Should().BeTrue(reference);
        }

        document.WorkbookPart!.WorksheetParts.SelectMany(part => part.Worksheet.Descendants<CellFormula>()).Should().BeEmpty();
    }

    [Fact]
    public async Task Status_phase_and_priority_offer_their_labels_as_a_list_over_the_whole_table_and_cells_show_labels()
    {
        var workbook = await WriteAsync(Plan([PlanTask(1, "One"), PlanTask(2, "Two"), PlanTask(3, "Three")]));

        using var document = Open(workbook);
        var validations = WorksheetOf(document, "Plan").Worksheet.Descendants<DataValidation>().ToDictionary(v => v.SequenceOfReferences!.InnerText!);
        validations.Keys.Should().BeEquivalentTo("C2:C4", "E2:E4", "F2:F4");
        validations.Values.Should().OnlyContain(v => v.Type!.Value == DataValidationValues.List && v.ShowErrorMessage!.Value);
        validations["C2:C4"].Formula1!.Text.Should().Be("\"Initiating,Planning,Executing,Controlling,Closing\"");
        validations["E2:E4"].Formula1!.Text.Should().Be("\"Not started,In progress,Blocked,Done,Cancelled\"");
        validations["F2:F4"].Formula1!.Text.Should().Be("\"Low,Medium,High,Critical\"");
        validations["E2:E4"].Error!.Value.Should().Be("Choose one of Not started, In progress, Blocked, Done, Cancelled.");
        CellAt(WorksheetOf(document, "Plan"), "E2")!.InlineString!.InnerText.Should().Be("In progress");
    }

    [Fact]
    public async Task The_source_subject_links_to_the_emails_web_link_and_unsafe_links_are_left_out()
    {
        var linked = WithEmail(PlanTask(1, "Linked"), "Venue quote", "https://outlook.office.com/mail/inbox/id/AAMk%3D?a=1&b=2");
        var script = WithEmail(PlanTask(2, "Script"), "Phishing", "javascript:alert(1)");
        var share = WithEmail(PlanTask(3, "Share"), "Share", "file://server/share/plan.xlsx");

        var workbook = await WriteAsync(Plan([linked, script, share]));

        ValidationErrors(workbook).Should().BeEmpty();
        using var document = Open(workbook);
        var plan = WorksheetOf(document, "Plan");
        var hyperlink = plan.Worksheet.Descendants<Hyperlink>().Should().ContainSingle().Subject;
        hyperlink.Reference!.Value.Should().Be("Q2");
        plan.HyperlinkRelationships.Single(r => r.Id == hyperlink.Id).Uri.AbsoluteUri.Should().Be("https://outlook.office.com/mail/inbox/id/AAMk%3D?a=1&b=2");
        CellAt(plan, "Q3")!.InlineString!.InnerText.Should().Be("Phishing");
    }

    [Fact]
    public async Task The_timeline_fills_planned_weeks_and_shows_critical_late_work_and_milestones_at_a_glance()
    {
        var tasks = new[]
        {
            PlanTask(1, "Planned", Monday, Monday.AddDays(8)),
            PlanTask(2, "Critical", Monday.AddDays(7), Monday.AddDays(11)),
            PlanTask(3, "Late", Monday.AddDays(-7), Monday.AddDays(-3)),
            PlanTask(4, "Late and critical", Monday, Monday.AddDays(2)),
            PlanTask(5, "Launch", Monday.AddDays(14), Monday.AddDays(14), milestone: true),
            PlanTask(6, "Undated"),
        };

        var workbook = await WriteAsync(Plan(tasks, critical: new HashSet<int> { 2, 4, 5 }, late: new HashSet<int> { 3, 4 }));

        ValidationErrors(workbook).Should().BeEmpty();
        using var document = Open(workbook);
        var timeline = WorksheetOf(document, "Timeline");
        // Weeks from Monday 2026-11-30 (task 3's) to 2026-12-21 (the milestone's): columns F to I; today is in G.
        CellAt(timeline, "F4")!.CellValue!.Text.Should().Be("46356");
        CellAt(timeline, "I4")!.CellValue!.Text.Should().Be("46377");
        CellAt(timeline, "J4").Should().BeNull();
        FillOf(document, CellAt(timeline, "G4")!).Should().NotBeNull("this week's header stands out");
        Fills(document, timeline, 5).Should().Equal(null, PlanExportStyles.PlannedColor, PlanExportStyles.PlannedColor, null);
        Fills(document, timeline, 6).Should().Equal(null, null, PlanExportStyles.CriticalColor, null);
        Fills(document, timeline, 7).Should().Equal(PlanExportStyles.LateColor, null, null, null);
        Fills(document, timeline, 8).Should().Equal(null, PlanExportStyles.LateAndCriticalColor, null, null);
        Fills(document, timeline, 9).Should().Equal(null, null, null, PlanExportStyles.CriticalColor);
        CellAt(timeline, "I9")!.InlineString!.InnerText.Should().Be(PlanWorkbookWriter.MilestoneMark);
        Fills(document, timeline, 10).Should().Equal(null, null, null, null);
        CellAt(timeline, "E8")!.InlineString!.InnerText.Should().Be("Late, critical");
        var legend = new[] { "B3", "C3", "D3", "E3" }.Select(reference => (CellAt(timeline, reference)!.InlineString!.InnerText, FillOf(document, CellAt(timeline, reference)!)));
        legend.Should().Equal(
            ("Planned week", PlanExportStyles.PlannedColor), ("Critical", PlanExportStyles.CriticalColor),
            ("Late", PlanExportStyles.LateColor), ("Late, critical", PlanExportStyles.LateAndCriticalColor));
    }

    [Fact]
    public async Task The_timeline_spans_the_projects_start_to_finish_and_the_Plan_shades_task_dates_years_outside_it()
    {
        var plan = Plan([
            PlanTask(1, "Venue", Monday, Monday.AddDays(4)),
            PlanTask(2, "Warranty ends", Monday, new DateOnly(2033, 6, 30)),
            PlanTask(3, "Old kick-off", new DateOnly(2019, 1, 7), new DateOnly(2019, 1, 8)),
        ]);
        plan.Project.Finish = new DateOnly(2027, 2, 26); // starts Monday 2026-11-30: 13 weeks to the week of Monday 2027-02-22

        var workbook = await WriteAsync(plan);

        ValidationErrors(workbook).Should().BeEmpty();
        var timeline = ReadWithExcelDataReader(workbook)["Timeline"];
        timeline[3].Skip(5).OfType<DateTime>().Should().Equal(Enumerable.Range(0, 13).Select(week => new DateTime(2026, 11, 30).AddDays(7 * week)));
        timeline[1][0].Should().Be("2 tasks have dates outside the project's start to finish: they are not drawn here and are shaded in the Plan's Start or Finish.");
        using var document = Open(workbook);
        var sheet = WorksheetOf(document, "Plan");
        new[] { "G2", "H2", "G3", "H3", "G4", "H4" }.Select(reference => FillOf(document, CellAt(sheet, reference)!))
            .Should().Equal(null, null, null, PlanExportStyles.OutsideColor, PlanExportStyles.OutsideColor, PlanExportStyles.OutsideColor);
        var drawn = WorksheetOf(document, "Timeline");
        CellAt(drawn, "R6").Should().NotBeNull("the part of T-2 inside the project is drawn, up to its last week");
        FillOf(document, CellAt(drawn, "R6")!).Should().Be(PlanExportStyles.PlannedColor);
        CellAt(drawn, "S6").Should().BeNull();
        drawn.Worksheet.Descendants<Row>().Single(row => row.RowIndex!.Value == 7).Elements<Cell>().Should().HaveCount(4, "T-3 lies wholly before the project: only ID, task and dates");
    }

    [Fact]
    public async Task Without_a_project_start_or_finish_the_timeline_takes_the_tasks_range_but_at_most_two_years()
    {
        var plan = Plan([PlanTask(1, "Venue", Monday, Monday.AddDays(4)), PlanTask(2, "Warranty ends", Monday, new DateOnly(2033, 6, 30))]);
        plan.Project.Start = null;

        var workbook = await WriteAsync(plan);

        ValidationErrors(workbook).Should().BeEmpty();
        var timeline = ReadWithExcelDataReader(workbook)["Timeline"];
        timeline[3].Skip(5).OfType<DateTime>().Should().HaveCount(PlanTimelineSpan.MaxDerivedWeeks).And.StartWith(new DateTime(2026, 12, 7));
        timeline[1][0].Should().Be("1 task has dates outside the project's start to finish: they are not drawn here and are shaded in the Plan's Start or Finish.");
    }

    [Fact]
    public async Task Every_sheet_prints_landscape_one_page_wide_with_its_header_rows_on_every_page_and_the_summary_on_one_page()
    {
        var workbook = await WriteAsync(SamplePlan.Create(300));

        ValidationErrors(workbook).Should().BeEmpty();
        using var document = Open(workbook);
        PrintSetupOf(document).Should().Equal(
            ("Summary", true, OrientationValues.Landscape, 1u, 1u, null),
            ("Plan", true, OrientationValues.Landscape, 1u, 0u, "'Plan'!$1:$1"),
            ("Timeline", true, OrientationValues.Landscape, 1u, 0u, "'Timeline'!$1:$4"),
            ("Stakeholders", true, OrientationValues.Landscape, 1u, 0u, "'Stakeholders'!$1:$1"),
            ("Communications", true, OrientationValues.Landscape, 1u, 0u, "'Communications'!$1:$1"),
            ("Decisions", true, OrientationValues.Landscape, 1u, 0u, "'Decisions'!$1:$1"),
            ("Obstacles", true, OrientationValues.Landscape, 1u, 0u, "'Obstacles'!$1:$1"),
            ("Status", true, OrientationValues.Landscape, 1u, 0u, null));
    }

    [Fact]
    public async Task The_registers_put_their_ids_last_and_show_enum_values_as_labels()
    {
        var plan = SamplePlan.Create(50);

        var sheets = ReadWithExcelDataReader(await WriteAsync(plan));

        PlanColumns.Decisions.Should().Equal("Decision", "Status", "Date", "Decided By", "Rationale", "Review Date", "Tasks", "ID");
        PlanColumns.Obstacles.Should().Equal("Obstacle", "Status", "Impact", "Owner", "Proposed Solution", "Raised", "Communicated To", "Resolved", "Tasks", "ID");
        sheets["Decisions"][0].Should().Equal(PlanColumns.Decisions);
        sheets["Obstacles"][0].Should().Equal(PlanColumns.Obstacles);
        var decision = plan.Decisions.First();
        sheets["Decisions"][1].Should().StartWith(new object?[] { decision.DecisionText, decision.DecisionStatus is { } status ? EnumLabels.Of(status) : null });
        sheets["Decisions"][1][7].Should().Be(decision.Id);
        foreach (var (obstacle, row) in plan.Obstacles.Zip(sheets["Obstacles"].Skip(1)))
        {
            row[0].Should().Be(obstacle.Statement);
            row[1].Should().Be(EnumLabels.Of(obstacle.Status));
            row[9].Should().Be(obstacle.Id);
        }

        foreach (var (stakeholder, row) in plan.Stakeholders.Zip(sheets["Stakeholders"].Skip(1)))
        {
            row[7].Should().Be(EnumLabels.Of(stakeholder.Engagement));
            row[8].Should().Be(EnumLabels.Of(stakeholder.PreferredChannel));
        }

        foreach (var (communication, row) in plan.Communications.Zip(sheets["Communications"].Skip(1)))
        {
            row.Skip(1).Take(3).Should().Equal(EnumLabels.Of(communication.Kind), EnumLabels.Of(communication.Channel), EnumLabels.Of(communication.Direction));
        }

        sheets.Values.SelectMany(rows => rows).SelectMany(row => row).OfType<string>()
            .Should().NotContain(["NotStarted", "InProgress", "SolutionProposed"], "a person reads labels everywhere in the workbook");
    }

    [Fact]
    public async Task The_summary_shows_the_people_the_money_the_progress_and_the_plan_version()
    {
        var plan = SamplePlan.Create(200);

        var workbook = await WriteAsync(plan);

        var summary = ReadWithExcelDataReader(workbook)["Summary"].Where(row => row[0] is string).ToDictionary(row => (string)row[0]!, row => row[1]);
        summary["Project"].Should().Be("Product launch");
        summary["Manager(s)"].Should().Be("Alice Manager <alice@contoso.com>");
        summary["Coordinator(s)"].Should().Be("Bob Coordinator <bob@contoso.com>");
        summary["Budget"].Should().Be((double)plan.Project.Budget!.Value);
        summary["Planned cost"].Should().Be((double)plan.Tasks.Sum(t => t.PlannedCost ?? 0));
        summary["Actual cost"].Should().Be((double)plan.Tasks.Sum(t => t.ActualCost ?? 0));
        summary["% Complete"].Should().BeOfType<double>().Which.Should().BeInRange(0.01, 0.99);
        summary["Late tasks"].Should().Be((double)plan.LateTasks.Count);
        summary["Open obstacles"].Should().Be((double)plan.Obstacles.Count(o => o.IsOpen));
        summary["Plan version"].Should().Be((double)plan.Project.PlanVersion);
        summary["Generated at (UTC)"].Should().Be(plan.GeneratedAt.UtcDateTime);
    }

    [Fact]
    public async Task Custom_properties_say_which_project_and_plan_version_the_file_is()
    {
        var plan = SamplePlan.Create(10);

        var workbook = await WriteAsync(plan);

        using var document = Open(workbook);
        CustomPropertyOf(document, PlanWorkbookWriter.ProjectIdProperty).Should().Be(plan.Project.Id);
        CustomPropertyOf(document, PlanWorkbookWriter.PlanVersionProperty).Should().Be(plan.Project.PlanVersion.ToString(System.Globalization.CultureInfo.InvariantCulture));
        document.CustomFilePropertiesPart!.Properties.Elements<CustomDocumentProperty>().Select(p => p.PropertyId!.Value).Should().Equal(2, 3);
    }

    [Fact]
    public async Task Characters_XML_cannot_carry_are_dropped_and_text_that_looks_escaped_keeps_its_underscores()
    {
        var workbook = await WriteAsync(Plan([PlanTask(1, "Bell\u0007 and _x0041_ and a_b"), PlanTask(2, "  padded  "), PlanTask(3, "Two\r\nlines")]));

        ValidationErrors(workbook).Should().BeEmpty();
        var rows = (await PlanWorkbookReader.ReadAsync(new MemoryStream(workbook), PlanReadLimits.Default, CancellationToken.None)).Rows;
        rows.Select(row => row.Cells[PlanColumns.Task].Text).Should().Equal("Bell and _x0041_ and a_b", "  padded  ", "Two\r\nlines");
        ReadWithExcelDataReader(workbook)["Plan"].Skip(1).Select(row => row[1]).Should().Equal("Bell and _x0041_ and a_b", "  padded  ", "Two\r\nlines");
    }

    [Fact]
    public async Task The_writer_needs_neither_seeking_nor_synchronous_writes_and_leaves_the_stream_open()
    {
        using var memory = new MemoryStream();
        await using var destination = new AsyncOnlyStream(memory);

        await PlanWorkbookWriter.WriteAsync(destination, SamplePlan.Create(300), CancellationToken.None);

        destination.CanWrite.Should().BeTrue();
        ValidationErrors(memory.ToArray()).Should().BeEmpty();
    }

    [Fact]
    public async Task Writing_stops_when_cancelled()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        var writing = () => PlanWorkbookWriter.WriteAsync(new MemoryStream(), SamplePlan.Create(100), cancelled.Token);

        await writing.Should().ThrowAsync<OperationCanceledException>();
    }

    // Each sheet's fit-to-page flag, orientation, pages wide and tall, and the rows it repeats on every page.
    public static IEnumerable<(string Sheet, bool FitToPage, OrientationValues? Orientation, uint? Wide, uint? Tall, string? Titles)> PrintSetupOf(
        DocumentFormat.OpenXml.Packaging.SpreadsheetDocument document)
    {
        var workbook = document.WorkbookPart!.Workbook;
        var sheets = workbook.Sheets!.Elements<Sheet>().ToList();
        var titles = workbook.DefinedNames?.Elements<DefinedName>().Where(name => name.Name == "_xlnm.Print_Titles")
            .ToDictionary(name => (int)name.LocalSheetId!.Value, name => name.Text) ?? [];
        return sheets.Select((sheet, i) =>
        {
            var worksheet = WorksheetOf(document, sheet.Name!).Worksheet;
            var setup = worksheet.GetFirstChild<PageSetup>();
            return (sheet.Name!.Value!, worksheet.SheetProperties?.PageSetupProperties?.FitToPage?.Value ?? false,
                setup?.Orientation?.Value, setup?.FitToWidth?.Value, setup?.FitToHeight?.Value, titles.GetValueOrDefault(i));
        }).ToList();
    }

    private static ProjectTask WithEmail(ProjectTask task, string subject, string webLink)
    {
        task.SourceEmail = new EmailReference
        {
            TenantId = "tests", ProjectId = "project-under-test", InternetMessageId = $"<{task.Number}@example>", FromEmail = "erin@example.com",
            Subject = subject, WebLink = webLink,
        };
        return task;
    }

    // The fills of the four week columns F to I of a Timeline row.
    private static string?[] Fills(DocumentFormat.OpenXml.Packaging.SpreadsheetDocument document, DocumentFormat.OpenXml.Packaging.WorksheetPart timeline, int row) =>
        [.. "FGHI".Select(column => CellAt(timeline, $"{column}{row}") is { } cell ? FillOf(document, cell) : null)];

    // A destination like an HTTP response body: no seeking, no synchronous writes.
    private sealed class AsyncOnlyStream(Stream inner) : Stream
    {
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count) => throw new InvalidOperationException("Synchronous writes are not allowed.");

        public override void Flush() => throw new InvalidOperationException("Synchronous flushes are not allowed.");

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            inner.WriteAsync(buffer, offset, count, cancellationToken);

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
            inner.WriteAsync(buffer, cancellationToken);

        public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
