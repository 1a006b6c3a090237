using OfficeCoordinator.Api.Http;
using System.Diagnostics;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using OfficeCoordinator.Api.Plans;
using OfficeCoordinator.Api.Projects;
using OfficeCoordinator.Benchmarks.Plans;
using static OfficeCoordinator.Api.Tests.Plans.Workbooks;

namespace OfficeCoordinator.Api.Tests.Plans;

public sealed class WorkbookReaderTests
{
    private static readonly TimeSpan Quickly = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task An_exported_plan_reads_back_with_every_cell_of_every_task_and_its_properties()
    {
        var plan = SamplePlan.Create(500);
        var workbook = await WriteAsync(plan);

        var sheet = await PlanWorkbookReader.ReadAsync(new MemoryStream(workbook), PlanReadLimits.Default, CancellationToken.None);

        sheet.ProjectId.Should().Be(plan.Project.Id);
        sheet.PlanVersion.Should().Be(plan.Project.PlanVersion);
        sheet.Headers.Should().Equal(PlanColumns.All);
        sheet.Rows.Select(row => row.Row).Should().Equal(Enumerable.Range(2, plan.Tasks.Count));
        var calendar = ProjectCalendar.Of(plan.Project);
        foreach (var (task, row) in plan.Tasks.Zip(sheet.Rows))
        {
            var expected = PlanRows.CellsOf(task, calendar);
            row.Cells.Keys.Should().Equal(PlanColumns.All);
            for (var i = 0; i < expected.Count; i++)
            {
                // Dates come back as the numbers Excel stores, enum values as the labels the sheet shows.
                var written = expected[i] switch
                {
                    { Kind: PlanCellKind.Date } date => PlanCell.Of(date.Number),
                    { Kind: PlanCellKind.Text } text when PlanColumns.Required.Contains(PlanColumns.All[i]) => PlanCell.Of(EnumLabels.Of(text.Text!)),
                    var cell => cell,
                };
                row.Cells[PlanColumns.All[i]].Should().Be(written, "{0} of {1} should read back as written", PlanColumns.All[i], Key(task.Number));
            }
        }
    }

    [Fact]
    public async Task Columns_are_found_by_their_headers_wherever_they_were_moved_and_others_are_ignored()
    {
        // As Excel saves an edited plan: shared strings, rich text, formulas with cached values, the table moved.
        var workbook = ExcelStyleWorkbook(
            tableName: "plan", reference: "B3:G7",
            ["Notes", "finish", "ID", "Task", "Version", "Milestone"],
            [
                [Text("call first"), Number(46363), Text("T-2"), Rich("Book ", "the venue"), Formula("1+1", "2"), Boolean(true)],
                [Empty(), Empty(), Empty(), Empty(), Empty(), Empty()],
                [Empty(), Formula("DATE(2026,12,9)", "46365"), Empty(), Inline("=not a formula"), Empty(), Boolean(false)],
                [Text("ignored"), Text("2026-12-11"), Text("T-9"), Text("  New task  "), Number(1), Empty()],
            ]);

        var sheet = await PlanWorkbookReader.ReadAsync(new MemoryStream(workbook), PlanReadLimits.Default, CancellationToken.None);

        sheet.Headers.Should().Equal("Notes", "finish", "ID", "Task", "Version", "Milestone");
        sheet.ProjectId.Should().BeNull();
        sheet.Rows.Select(row => row.Row).Should().Equal(4, 6, 7);
        var first = sheet.Rows[0].Cells;
        first.Keys.Should().Equal(PlanColumns.Finish, PlanColumns.Id, PlanColumns.Task, PlanColumns.Version, PlanColumns.Milestone);
        first.Should().NotContainKey(PlanColumns.Start).And.NotContainKey("Notes");
        first[PlanColumns.Finish].Should().Be(PlanCell.Of(46363));
        first["FINISH"].Should().Be(PlanCell.Of(46363));
        first[PlanColumns.Task].Should().Be(PlanCell.Of("Book the venue"));
        first[PlanColumns.Version].Should().Be(PlanCell.Of(2));
        first[PlanColumns.Milestone].Should().Be(PlanCell.Of(true));
        var second = sheet.Rows[1].Cells;
        second[PlanColumns.Id].IsEmpty.Should().BeTrue("a cleared cell is empty, not absent");
        second[PlanColumns.Finish].Should().Be(PlanCell.Of(46365), "a formula counts by its cached value");
        second[PlanColumns.Task].Should().Be(PlanCell.Of("=not a formula"));
        sheet.Rows[2].Cells[PlanColumns.Finish].Should().Be(PlanCell.Of("2026-12-11"));
        sheet.Rows[2].Cells[PlanColumns.Task].Should().Be(PlanCell.Of("  New task  "));
    }

    [Fact]
    public async Task Cells_come_back_exactly_as_the_sheet_holds_them_whatever_their_text_or_size()
    {
        // The rows are kept compactly (whole numbers in 4 bytes, ASCII a byte a character): what does not fit that
        // mould must come back unchanged too.
        var longAscii = new string('a', 600_000);
        var longAccented = new string('é', 600_000);
        var workbook = ExcelStyleWorkbook(
            tableName: "Plan", reference: "B2:E6",
            ["ID", "Task", "Planned Cost", "Milestone"],
            [
                [Inline("T-1"), Inline("Café ☕ 𝄞 _xD800_"), Number(-0.0), Boolean(true)],
                [Inline("T-2"), Inline(longAccented), Number(3_000_000_000), Boolean(false)],
                [Text("T-3"), Text("shared"), Number(-42), Text("")],
                [Inline("T-4"), Inline(longAscii), Number(0.1 + 0.2), Empty()],
            ]);

        var sheet = await PlanWorkbookReader.ReadAsync(new MemoryStream(workbook), PlanReadLimits.Default, CancellationToken.None);

        var rows = sheet.Rows.Select(row => row.Cells).ToList();
        rows.Select(cells => cells[PlanColumns.Id].Text).Should().Equal("T-1", "T-2", "T-3", "T-4");
        rows[0][PlanColumns.Task].Text.Should().Be("Café ☕ 𝄞 \uD800", "an escaped lone surrogate stays one");
        rows[1][PlanColumns.Task].Text.Should().Be(longAccented);
        rows[2][PlanColumns.Task].Text.Should().Be("shared");
        rows[3][PlanColumns.Task].Text.Should().Be(longAscii);
        rows.Select(cells => cells[PlanColumns.PlannedCost].Number).Should().Equal(-0.0, 3_000_000_000, -42, 0.1 + 0.2);
        double.IsNegative(rows[0][PlanColumns.PlannedCost].Number).Should().BeTrue("-0 keeps its sign");
        rows.Select(cells => cells[PlanColumns.Milestone]).Should().Equal(PlanCell.Of(true), PlanCell.Of(false), PlanCell.Empty, PlanCell.Empty);
        rows[2][PlanColumns.Milestone].Should().Be(PlanCell.Empty, "an empty shared string is an empty cell");
    }

    [Fact]
    public async Task An_upload_that_cannot_seek_is_read_within_the_size_cap()
    {
        var workbook = await WriteAsync(SamplePlan.Create(20));

        var sheet = await PlanWorkbookReader.ReadAsync(new ForwardOnlyStream(workbook), PlanReadLimits.Default, CancellationToken.None);
        var refused = await RefusedAsync(new ForwardOnlyStream(workbook), PlanReadLimits.Default with { MaxUploadBytes = workbook.Length - 1 });

        sheet.Rows.Should().HaveCount(20);
        refused.StatusCode.Should().Be(413);
        refused.Message.Should().Contain("larger than");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_zip_bomb_is_refused_within_seconds_without_inflating_it_into_memory(bool lyingSizes)
    {
        var bomb = HostileWorkbooks.ZipBomb(await WriteAsync(SamplePlan.Create(5)), lyingSizes);
        try
        {
            new FileInfo(bomb).Length.Should().BeLessThan(20 * 1024 * 1024, "the bomb must pass the upload cap to test the others");
            await using var upload = File.OpenRead(bomb);
            var allocated = GC.GetAllocatedBytesForCurrentThread();

            var refused = await RefusedAsync(upload, PlanReadLimits.Default);

            (GC.GetAllocatedBytesForCurrentThread() - allocated).Should().BeLessThan(64 * 1024 * 1024);
            if (lyingSizes)
            {
                refused.StatusCode.Should().BeOneOf(400, 413);
            }
            else
            {
                refused.StatusCode.Should().Be(413);
                refused.Message.Should().Contain("expands to more than 200 MB");
            }
        }
        finally
        {
            File.Delete(bomb);
        }
    }

    [Fact]
    public async Task Random_bytes_are_not_a_workbook()
    {
        var refused = await RefusedAsync(HostileWorkbooks.RandomBytes(100_000));

        refused.StatusCode.Should().Be(415);
        refused.Message.Should().Be("The file is not an Excel workbook (.xlsx); export the plan again or save the file as an Excel workbook.");
    }

    [Fact]
    public async Task A_truncated_workbook_is_reported_as_incomplete()
    {
        var refused = await RefusedAsync(HostileWorkbooks.Truncated(await WriteAsync(SamplePlan.Create(200))));

        refused.StatusCode.Should().Be(400);
        refused.Message.Should().Contain("incomplete");
    }

    [Fact]
    public async Task An_encrypted_workbook_is_refused_with_how_to_remove_the_password()
    {
        var encrypted = await RefusedAsync(HostileWorkbooks.Encrypted());
        var legacy = await RefusedAsync(HostileWorkbooks.LegacyWorkbook());

        encrypted.StatusCode.Should().Be(422);
        encrypted.Message.Should().Contain("encrypted").And.Contain("password");
        legacy.StatusCode.Should().Be(415);
        legacy.Message.Should().Contain(".xls");
    }

    [Fact]
    public async Task A_workbook_with_macros_is_refused_even_when_renamed()
    {
        var workbook = await WriteAsync(SamplePlan.Create(5));

        var macroEnabled = await RefusedAsync(HostileWorkbooks.WithMacros(workbook));
        var renamed = await RefusedAsync(HostileWorkbooks.WithHiddenMacros(workbook));

        macroEnabled.StatusCode.Should().Be(422);
        macroEnabled.Message.Should().Contain("macros");
        renamed.StatusCode.Should().Be(422);
    }

    [Fact]
    public async Task A_DTD_in_any_part_is_refused()
    {
        var refused = await RefusedAsync(HostileWorkbooks.WithDtd(await WriteAsync(SamplePlan.Create(5))));

        refused.StatusCode.Should().Be(400);
        refused.Message.Should().Be("The workbook's part xl/workbook.xml contains a DTD, which an uploaded workbook may not have.");
    }

    [Fact]
    public async Task Too_many_parts_are_refused_before_the_zip_is_read()
    {
        var refused = await RefusedAsync(HostileWorkbooks.WithManyParts(await WriteAsync(SamplePlan.Create(5)), 1_000));

        refused.StatusCode.Should().Be(413);
        refused.Message.Should().Contain("more than 1,000 parts");
    }

    [Fact]
    public async Task Other_files_are_refused_for_what_they_are()
    {
        var word = await RefusedAsync(HostileWorkbooks.WordDocument());
        var noTable = await RefusedAsync(HostileWorkbooks.WithoutPlanTable(await WriteAsync(SamplePlan.Create(5))));
        var empty = await RefusedAsync([]);

        word.StatusCode.Should().Be(415);
        noTable.StatusCode.Should().Be(422);
        noTable.Message.Should().Contain("no table named Plan");
        empty.StatusCode.Should().Be(400);
        empty.Message.Should().Contain("empty");
    }

    [Fact]
    public async Task Too_many_rows_are_refused()
    {
        var refused = await RefusedAsync(await WriteAsync(SamplePlan.Create(30)), PlanReadLimits.Default with { MaxRows = 29 });

        refused.StatusCode.Should().Be(413);
        refused.Message.Should().Contain("more than 29 rows");
    }

    private static string Key(int number) => Api.Tasks.ProjectTask.KeyOf(number);

    private static Task<PlanFileException> RefusedAsync(byte[] upload, PlanReadLimits? limits = null) => RefusedAsync(new MemoryStream(upload), limits ?? PlanReadLimits.Default);

    // The reader refuses the upload with a PlanFileException, within five seconds.
    private static async Task<PlanFileException> RefusedAsync(Stream upload, PlanReadLimits limits)
    {
        var clock = Stopwatch.StartNew();

        var reading = () => PlanWorkbookReader.ReadAsync(upload, limits, CancellationToken.None);

        var refused = (await reading.Should().ThrowAsync<PlanFileException>()).Which;
        clock.Elapsed.Should().BeLessThan(Quickly);
        refused.Message.Should().EndWith(".");
        return refused;
    }

    private sealed record TestCell(string? Type, string? Value, string? Formula = null, string[]? Runs = null);

    private static TestCell Text(string text) => new("s", text);

    private static TestCell Rich(params string[] runs) => new("s", null, Runs: runs);

    private static TestCell Inline(string text) => new("inlineStr", text);

    private static TestCell Number(double number) => new(null, number.ToString(System.Globalization.CultureInfo.InvariantCulture));

    private static TestCell Boolean(bool value) => new("b", value ? "1" : "0");

    private static TestCell Formula(string formula, string cached) => new(null, cached, formula);

    private static TestCell Empty() => new(null, null);

    // A workbook as Excel would save it, built with the Open XML SDK: a sheet "Edited" holding the table at the range.
    private static byte[] ExcelStyleWorkbook(string tableName, string reference, string[] headers, TestCell[][] rows)
    {
        using var memory = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(memory, SpreadsheetDocumentType.Workbook))
        {
            var workbookPart = document.AddWorkbookPart();
            var shared = workbookPart.AddNewPart<SharedStringTablePart>();
            shared.SharedStringTable = new SharedStringTable();
            var sheetPart = workbookPart.AddNewPart<WorksheetPart>();
            workbookPart.Workbook = new Workbook(new Sheets(
                new Sheet { Name = "Notes", SheetId = 1, Id = workbookPart.GetIdOfPart(workbookPart.AddNewPart<WorksheetPart>()) },
                new Sheet { Name = "Edited", SheetId = 2, Id = workbookPart.GetIdOfPart(sheetPart) }));
            workbookPart.WorksheetParts.First(p => p != sheetPart).Worksheet = new Worksheet(new SheetData());

            var firstColumn = reference[0] - 'A';
            var firstRow = uint.Parse(reference[1..reference.IndexOf(':', StringComparison.Ordinal)], System.Globalization.CultureInfo.InvariantCulture);
            var data = new SheetData();
            data.Append(new Row(new Cell(new CellValue("2")) { CellReference = "A1" }) { RowIndex = 1 });
            data.Append(new Row(headers.Select((header, i) => SharedCell(shared, $"{(char)('A' + firstColumn + i)}{firstRow}", [header]))) { RowIndex = firstRow });
            for (var r = 0; r < rows.Length; r++)
            {
                var rowIndex = firstRow + 1 + (uint)r;
                var row = new Row { RowIndex = rowIndex };
                row.Append(new Cell(new CellValue("outside the table")) { CellReference = $"A{rowIndex}", DataType = CellValues.String });
                for (var c = 0; c < rows[r].Length; c++)
                {
                    var cell = rows[r][c];
                    var at = $"{(char)('A' + firstColumn + c)}{rowIndex}";
                    if (cell.Type == "s")
                    {
                        row.Append(SharedCell(shared, at, cell.Runs ?? [cell.Value!]));
                    }
                    else if (cell.Type == "inlineStr")
                    {
                        row.Append(new Cell(new InlineString(new Text(cell.Value!))) { CellReference = at, DataType = CellValues.InlineString });
                    }
                    else if (cell.Formula is not null)
                    {
                        row.Append(new Cell(new CellFormula(cell.Formula), new CellValue(cell.Value!)) { CellReference = at });
                    }
                    else if (cell.Value is not null)
                    {
                        row.Append(new Cell(new CellValue(cell.Value)) { CellReference = at, DataType = cell.Type == "b" ? CellValues.Boolean : null });
                    }
                }

                data.Append(row);
            }

            sheetPart.Worksheet = new Worksheet(data, new TableParts(new TablePart { Id = "rIdTable" }) { Count = 1 });
            var tablePart = sheetPart.AddNewPart<TableDefinitionPart>("rIdTable");
            tablePart.Table = new Table(
                new AutoFilter { Reference = reference },
                new TableColumns(headers.Select((header, i) => new TableColumn { Id = (uint)i + 1, Name = header })) { Count = (uint)headers.Length })
            {
                Id = 1, Name = tableName, DisplayName = tableName, Reference = reference,
            };
        }

        return memory.ToArray();
    }

    private static Cell SharedCell(SharedStringTablePart shared, string reference, string[] runs)
    {
        var item = runs.Length == 1
            ? new SharedStringItem(new Text(runs[0]) { Space = SpaceProcessingModeValues.Preserve })
            : new SharedStringItem(runs.Select(run => new Run(new RunProperties(new Bold()), new Text(run) { Space = SpaceProcessingModeValues.Preserve })));
        shared.SharedStringTable!.Append(item);
        return new Cell(new CellValue((shared.SharedStringTable.Count() - 1).ToString(System.Globalization.CultureInfo.InvariantCulture)))
        {
            CellReference = reference,
            DataType = CellValues.SharedString,
        };
    }

    // An upload as a request body presents it: forward only.
    private sealed class ForwardOnlyStream(byte[] content) : MemoryStream(content)
    {
        public override bool CanSeek => false;
    }
}
