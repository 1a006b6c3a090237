using System.Globalization;
using DocumentFormat.OpenXml.Spreadsheet;
using OfficeCoordinator.Api.Http;
using OfficeCoordinator.Api.Projects;
using OfficeCoordinator.Api.Tasks;
using OfficeCoordinator.Client.Contracts;
using Custom = DocumentFormat.OpenXml.CustomProperties;
using Extended = DocumentFormat.OpenXml.ExtendedProperties;
using Styles = OfficeCoordinator.Api.Plans.PlanExportStyles;
using Communication = OfficeCoordinator.Api.Communications.Communication;
using Obstacle = OfficeCoordinator.Api.Obstacles.Obstacle;
using Stakeholder = OfficeCoordinator.Api.Stakeholders.Stakeholder;
using Variant = DocumentFormat.OpenXml.VariantTypes;

namespace OfficeCoordinator.Api.Plans;

// The shared workbook (DESIGN.md "The shared workbook"): a Summary, the Plan table, a weekly Timeline and the
// registers and logs as tables. The package is built part by part in a zip over the caller's stream: the small
// parts (styles, workbook, tables, properties) from Open XML SDK elements, the worksheets streamed row by row as
// UTF-8 (PlanExportXmlWriter), so writing costs about what the fastest .NET writer costs and memory does not grow
// with the plan (see the README's measured figures).
public static partial class PlanWorkbookWriter
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    public const string ProjectIdProperty = "OfficeCoordinator.ProjectId";
    public const string PlanVersionProperty = "OfficeCoordinator.PlanVersion";
    public const string MilestoneMark = "◆";

    // The Timeline draws the project's start to finish, never more than ten years of weeks (PlanTimelineSpan).
    public const int MaxTimelineWeeks = PlanTimelineSpan.MaxWeeks;

    public static readonly IReadOnlyList<string> SheetNames = ["Summary", "Plan", "Timeline", "Stakeholders", "Communications", "Decisions", "Obstacles", "Status"];

    // Excel keeps at most this many hyperlinks on a worksheet; later cells keep their text without a link.
    private const int MaxLinksPerSheet = 65_530;

    private const string MainNamespace = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    private const string RelationshipNamespace = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    private const string PackageRelationships = "http://schemas.openxmlformats.org/package/2006/relationships";
    private const string CustomPropertiesFormat = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}";

    private static readonly int SourceColumn = IndexOf(PlanColumns.Source);
    private static readonly int StartColumn = IndexOf(PlanColumns.Start);
    private static readonly int FinishColumn = IndexOf(PlanColumns.Finish);

    // The Plan's enum columns show labels ("Not started"); the JSON API, /plan/rows included, keeps the names.
    private static readonly int[] EnumColumns = [IndexOf(PlanColumns.Phase), IndexOf(PlanColumns.Status), IndexOf(PlanColumns.Priority)];

    // The Timeline's week header: under the title, the note on dates outside the project and the legend.
    private const int TimelineHeaderRow = 4;

    // The Plan table's column widths and the style of each column (so that cells typed in later look alike), by index.
    private static readonly ColumnFormat[] PlanFormats = [.. PlanColumns.All.Select(column => column switch
    {
        PlanColumns.Id or PlanColumns.Milestone or PlanColumns.Version => new ColumnFormat(8),
        PlanColumns.Task => new(44, Styles.Text),
        PlanColumns.Owner => new(28, Styles.Text),
        PlanColumns.Predecessors => new(16, Styles.Text),
        PlanColumns.Source => new(40, Styles.Text),
        PlanColumns.Phase or PlanColumns.Status or PlanColumns.Priority => new(13, Styles.Text),
        PlanColumns.Start or PlanColumns.Finish or PlanColumns.BaselineStart or PlanColumns.BaselineFinish => new(11, Styles.Date),
        PlanColumns.PercentComplete => new(10, Styles.Percent),
        PlanColumns.PlannedCost or PlanColumns.ActualCost => new(14, Styles.Money),
        _ => new(10),
    })];

    // With the default options: what the API writes unless configured otherwise (the benchmarks measure this).
    public static Task WriteAsync(Stream destination, PlanExport plan, CancellationToken cancellationToken) =>
        WriteAsync(destination, plan, new PlanWorkbookOptions(), cancellationToken);

    public static async Task WriteAsync(Stream destination, PlanExport plan, PlanWorkbookOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(options);
        var calendar = ProjectCalendar.Of(plan.Project);
        var names = NamesByEmail(plan);
        var decisions = plan.Decisions.ToList();
        var span = PlanTimelineSpan.Of(plan);

        using var zip = new PlanExportPackage(destination);
        await WritePackageAsync(zip, plan, options, cancellationToken);
        if (options.OpensAddin)
        {
            await WriteWebExtensionAsync(zip, options, cancellationToken);
        }

        await WriteSummaryAsync(zip, plan, calendar, names, cancellationToken);
        await WriteListAsync(zip, new ListSheet<ProjectTask>(
            2, 1, "Plan", PlanColumns.All, PlanFormats, plan.Tasks,
            (xml, task, link) => WriteTask(xml, task, link is not null, calendar, span),
            task => task.SourceEmail is { Subject.Length: > 0, WebLink: var link } ? (SourceColumn, link) : null,
            WritePlanValidations), cancellationToken);
        await WriteTimelineAsync(zip, plan, span, cancellationToken);
        await WriteListAsync(zip, new ListSheet<Stakeholder>(
            4, 2, "Stakeholders", PlanColumns.Stakeholders, [new(24), new(30), new(22), new(22), new(9), new(10), new(9), new(12), new(18), new(40)],
            plan.Stakeholders, (xml, stakeholder, _) => WriteStakeholder(xml, stakeholder)), cancellationToken);
        await WriteListAsync(zip, new ListSheet<Communication>(
            5, 3, "Communications", PlanColumns.Communications,
            [new(16, Styles.DateTime), new(11), new(10), new(10), new(60), new(36), new(14), new(20), new(40)],
            plan.Communications, (xml, communication, link) => WriteCommunication(xml, communication, link is not null, names),
            communication => communication.SourceEmail is { Subject.Length: > 0, WebLink: var link } ? (8, link) : null), cancellationToken);
        await WriteListAsync(zip, new ListSheet<Communication>(
            6, 4, "Decisions", PlanColumns.Decisions,
            [new(50), new(11), new(16, Styles.DateTime), new(28), new(40), new(12, Styles.Date), new(14), new(34)],
            decisions, (xml, decision, _) => WriteDecision(xml, decision)), cancellationToken);
        await WriteListAsync(zip, new ListSheet<Obstacle>(
            7, 5, "Obstacles", PlanColumns.Obstacles,
            [new(44), new(16), new(30), new(28), new(40), new(16, Styles.DateTime), new(30), new(16, Styles.DateTime), new(14), new(34)],
            plan.Obstacles, (xml, obstacle, _) => WriteObstacle(xml, obstacle, names)), cancellationToken);
        await WriteStatusAsync(zip, plan, cancellationToken);
        if (plan.Conflicts.Count > 0)
        {
            await WriteListAsync(zip, new ListSheet<PlanConflictNote>(
                9, 6, ConflictsSheet, ConflictColumns, [new(10), new(10), new(18), new(30), new(30), new(30), new(30)],
                plan.Conflicts, (xml, conflict, _) => WriteConflict(xml, conflict)), cancellationToken);
        }

        await zip.CompleteAsync(cancellationToken);
    }

    // A list sheet: one Excel table over all of it with its header frozen, columns with widths and default styles,
    // optional list validation, and hyperlinks on the cells that have one.
    private sealed record ListSheet<T>(
        int Sheet,
        int Table,
        string Name,
        IReadOnlyList<string> Columns,
        IReadOnlyList<ColumnFormat> Formats,
        IReadOnlyList<T> Items,
        Action<PlanExportXmlWriter, T, Uri?> WriteRow,
        Func<T, (int Column, string? Url)?>? LinkOf = null,
        Action<PlanExportXmlWriter, int>? WriteValidations = null);

    private readonly record struct ColumnFormat(double Width, int Style = Styles.Default);

    private static async Task WriteListAsync<T>(PlanExportPackage zip, ListSheet<T> list, CancellationToken cancellationToken)
    {
        // A table needs a data row, so an empty list still spans one (blank) row.
        var lastRow = Math.Max(list.Items.Count, 1) + 1;
        var lastColumn = list.Columns.Count - 1;
        var range = RangeOf(lastColumn, lastRow);
        using (var xml = zip.CreatePart($"xl/worksheets/sheet{list.Sheet}.xml"))
        {
            StartWorksheet(xml, range);
            xml.Raw(list.Name == "Plan" ? "<sheetViews><sheetView tabSelected=\"1\" workbookViewId=\"0\">"u8 : "<sheetViews><sheetView workbookViewId=\"0\">"u8);
            xml.Raw("<pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/><selection pane=\"bottomLeft\" activeCell=\"A2\" sqref=\"A2\"/></sheetView></sheetViews>"u8);
            xml.Raw("<sheetFormatPr defaultRowHeight=\"15\"/><cols>"u8);
            for (var column = 0; column <= lastColumn; column++)
            {
                // Wide enough for the header and its filter button.
                var format = list.Formats[column];
                WriteColumn(xml, column, column, Math.Max(format.Width, list.Columns[column].Length + 3), format.Style);
            }

            xml.Raw("</cols><sheetData>"u8);
            xml.StartRow(1);
            for (var column = 0; column <= lastColumn; column++)
            {
                xml.TextCell(column, list.Columns[column], Styles.Default);
            }

            xml.EndRow();
            var links = 0;
            for (var i = 0; i < list.Items.Count; i++)
            {
                var item = list.Items[i];
                var link = LinkOf(list, item, ref links);
                xml.StartRow(i + 2);
                list.WriteRow(xml, item, link?.Url);
                xml.EndRow();
                await xml.FlushIfFullAsync(cancellationToken);
            }

            xml.Raw("</sheetData>"u8);
            list.WriteValidations?.Invoke(xml, lastRow);
            if (links > 0)
            {
                // A second pass over the items rather than a list kept from the first: memory stays flat.
                links = 0;
                xml.Raw("<hyperlinks>"u8);
                for (var i = 0; i < list.Items.Count; i++)
                {
                    if (LinkOf(list, list.Items[i], ref links) is { } link)
                    {
                        xml.Raw("<hyperlink ref=\""u8);
                        xml.Reference(link.Column, i + 2);
                        xml.Raw("\" r:id=\"link"u8);
                        xml.Integer(i + 2);
                        xml.Raw("\"/>"u8);
                    }

                    await xml.FlushIfFullAsync(cancellationToken);
                }

                xml.Raw("</hyperlinks>"u8);
            }

            WritePageSetup(xml, onePage: false);
            xml.Raw("<tableParts count=\"1\"><tablePart r:id=\"table\"/></tableParts></worksheet>"u8);
            await xml.CompleteAsync(cancellationToken);
        }

        using (var rels = StartRelationships(zip, $"xl/worksheets/_rels/sheet{list.Sheet}.xml.rels"))
        {
            Relationship(rels, "table", "table", $"../tables/table{list.Table}.xml");
            var links = 0;
            for (var i = 0; i < list.Items.Count; i++)
            {
                if (LinkOf(list, list.Items[i], ref links) is { } link)
                {
                    rels.Raw("<Relationship Id=\"link"u8);
                    rels.Integer(i + 2);
                    rels.Raw("\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink\" Target=\""u8);
                    rels.Escaped(link.Url.AbsoluteUri);
                    rels.Raw("\" TargetMode=\"External\"/>"u8);
                }

                await rels.FlushIfFullAsync(cancellationToken);
            }

            rels.Raw("</Relationships>"u8);
            await rels.CompleteAsync(cancellationToken);
        }

        var table = new Table(
            new AutoFilter { Reference = range },
            new TableColumns(list.Columns.Select((name, i) => new TableColumn { Id = (uint)i + 1, Name = name })) { Count = (uint)list.Columns.Count },
            new TableStyleInfo { Name = "TableStyleMedium2", ShowFirstColumn = false, ShowLastColumn = false, ShowRowStripes = true, ShowColumnStripes = false })
        {
            Id = (uint)list.Table,
            Name = list.Name,
            DisplayName = list.Name,
            Reference = range,
            TotalsRowShown = false,
        };
        await zip.WritePartAsync($"xl/tables/table{list.Table}.xml", table.OuterXml, cancellationToken);
    }

    // Only absolute http(s) addresses become links: a stored web link is never a file:, javascript: or UNC target.
    private static (int Column, Uri Url)? LinkOf<T>(ListSheet<T> list, T item, ref int links)
    {
        if (list.LinkOf?.Invoke(item) is not ({ } column, { Length: > 0 and <= 2_000 } address)
            || links >= MaxLinksPerSheet
            || !Uri.TryCreate(address, UriKind.Absolute, out var url)
            || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
        {
            return null;
        }

        links++;
        return (column, url);
    }

    // A Start or Finish outside the Timeline's span (the project's start to finish) gets the "outside" fill.
    private static void WriteTask(PlanExportXmlWriter xml, ProjectTask task, bool linked, ProjectCalendar calendar, PlanTimelineSpan? span)
    {
        var cells = PlanRows.CellsOf(task, calendar);
        for (var column = 0; column < cells.Count; column++)
        {
            var cell = cells[column];
            switch (cell.Kind)
            {
                case PlanCellKind.Text when EnumColumns.Contains(column):
                    xml.TextCell(column, EnumLabels.Of(cell.Text!), Styles.Text);
                    break;
                case PlanCellKind.Text:
                    xml.TextCell(column, cell.Text!, linked && column == SourceColumn ? Styles.LinkStyle(cell.Text!) : Styles.TextStyle(cell.Text!));
                    break;
                case PlanCellKind.Date when (column == StartColumn ? task.Start : column == FinishColumn ? task.Finish : null) is { } day:
                    xml.NumberCell(column, cell.Number, DateStyle(span, day));
                    break;
                case PlanCellKind.Date:
                case PlanCellKind.Number:
                    xml.NumberCell(column, cell.Number, PlanFormats[column].Style);
                    break;
                case PlanCellKind.Boolean:
                    xml.BooleanCell(column, cell.Boolean, Styles.Default);
                    break;
            }
        }
    }

    private static void WritePlanValidations(PlanExportXmlWriter xml, int lastRow)
    {
        xml.Raw("<dataValidations count=\"3\">"u8);
        foreach (var column in EnumColumns)
        {
            WriteListValidation(xml, column, lastRow, PlanColumns.All[column], PlanValues.Labels(PlanColumns.All[column]));
        }

        xml.Raw("</dataValidations>"u8);
    }

    private static void WriteListValidation(PlanExportXmlWriter xml, int column, int lastRow, string title, IReadOnlyList<string> values)
    {
        xml.Raw("<dataValidation type=\"list\" allowBlank=\"1\" showErrorMessage=\"1\" errorTitle=\""u8);
        xml.Escaped(title);
        xml.Raw("\" error=\""u8);
        xml.Escaped($"Choose one of {string.Join(", ", values)}.");
        xml.Raw("\" sqref=\""u8);
        xml.Reference(column, 2);
        xml.Raw(":"u8);
        xml.Reference(column, lastRow);
        xml.Raw("\"><formula1>"u8);
        xml.Escaped($"\"{string.Join(",", values)}\"");
        xml.Raw("</formula1></dataValidation>"u8);
    }

    public const string ConflictsSheet = "Conflicts";

    private static readonly string[] ConflictColumns = ["Cell", "Task", "Column", "Base", "Server", "File", "Saved By"];

    // The sheets of this workbook: the Conflicts sheet only when a publish left conflicts.
    private static IReadOnlyList<string> SheetNamesOf(PlanExport plan) => plan.Conflicts.Count > 0 ? [.. SheetNames, ConflictsSheet] : SheetNames;

    private static void WriteConflict(PlanExportXmlWriter xml, PlanConflictNote conflict)
    {
        Text(xml, 0, conflict.Cell);
        Text(xml, 1, conflict.Task);
        Text(xml, 2, conflict.Column);
        Text(xml, 3, conflict.Base);
        Text(xml, 4, conflict.Server);
        Text(xml, 5, conflict.File);
        Text(xml, 6, conflict.SavedBy);
    }

    private static void WriteStakeholder(PlanExportXmlWriter xml, Stakeholder stakeholder)
    {
        Text(xml, 0, stakeholder.Name);
        Text(xml, 1, stakeholder.Email);
        Text(xml, 2, stakeholder.Organization);
        Text(xml, 3, stakeholder.Title);
        xml.BooleanCell(4, stakeholder.Internal, Styles.Default);
        xml.NumberCell(5, stakeholder.Influence, Styles.Default);
        xml.NumberCell(6, stakeholder.Interest, Styles.Default);
        Text(xml, 7, EnumLabels.Of(stakeholder.Engagement));
        Text(xml, 8, EnumLabels.Of(stakeholder.PreferredChannel));
        Text(xml, 9, stakeholder.Notes);
    }

    private static void WriteCommunication(PlanExportXmlWriter xml, Communication communication, bool linked, IReadOnlyDictionary<string, string> names)
    {
        xml.NumberCell(0, communication.OccurredAt.ToOADate(), Styles.DateTime);
        Text(xml, 1, EnumLabels.Of(communication.Kind));
        Text(xml, 2, EnumLabels.Of(communication.Channel));
        Text(xml, 3, EnumLabels.Of(communication.Direction));
        Text(xml, 4, communication.Summary);
        Text(xml, 5, People(communication.Participants, names));
        Text(xml, 6, Keys(communication.LinkedTasks));
        Text(xml, 7, communication.LoggedByName);
        if (communication.SourceEmail?.Subject is { Length: > 0 } subject)
        {
            xml.TextCell(8, subject, linked ? Styles.LinkStyle(subject) : Styles.TextStyle(subject));
        }
    }

    private static void WriteDecision(PlanExportXmlWriter xml, Communication decision)
    {
        Text(xml, 0, decision.DecisionText);
        Text(xml, 1, decision.DecisionStatus is { } status ? EnumLabels.Of(status) : null);
        xml.NumberCell(2, decision.OccurredAt.ToOADate(), Styles.DateTime);
        Text(xml, 3, decision.DecidedBy);
        Text(xml, 4, decision.Rationale);
        if (decision.ReviewOn is { } review)
        {
            xml.NumberCell(5, ExcelDates.ToSerial(review), Styles.Date);
        }

        Text(xml, 6, Keys(decision.LinkedTasks));
        Text(xml, 7, decision.Id);
    }

    private static void WriteObstacle(PlanExportXmlWriter xml, Obstacle obstacle, IReadOnlyDictionary<string, string> names)
    {
        Text(xml, 0, obstacle.Statement);
        Text(xml, 1, EnumLabels.Of(obstacle.Status));
        Text(xml, 2, obstacle.Impact);
        Text(xml, 3, obstacle.Owner);
        Text(xml, 4, obstacle.ProposedSolution);
        xml.NumberCell(5, obstacle.RaisedAt.ToOADate(), Styles.DateTime);
        Text(xml, 6, People(obstacle.CommunicatedTo, names));
        if (obstacle.ResolvedAt is { } resolved)
        {
            xml.NumberCell(7, resolved.ToOADate(), Styles.DateTime);
        }

        Text(xml, 8, Keys(obstacle.LinkedTasks));
        Text(xml, 9, obstacle.Id);
    }

    // Late and slipped come from the schedule (PlanExport.LoadAsync), as GET /schedule counts them.
    private static async Task WriteSummaryAsync(
        PlanExportPackage zip, PlanExport plan, ProjectCalendar calendar, Dictionary<string, string> names, CancellationToken cancellationToken)
    {
        var project = plan.Project;
        var planned = plan.Tasks.Sum(t => t.PlannedCost ?? 0);
        var actual = plan.Tasks.Sum(t => t.ActualCost ?? 0);
        (string Label, PlanCell Value, int Style)[] lines =
        [
            ("Project", PlanCell.Of(project.Name), Styles.Text),
            ("Description", PlanCell.Of(project.Description), Styles.Text),
            ("Manager(s)", PlanCell.Of(MembersIn(plan, ProjectRole.Manager)), Styles.Text),
            ("Coordinator(s)", PlanCell.Of(MembersIn(plan, ProjectRole.Coordinator)), Styles.Text),
            ("Start", PlanCell.Of(project.Start), Styles.Date),
            ("Finish", PlanCell.Of(project.Finish), Styles.Date),
            ("Currency", PlanCell.Of(project.Currency), Styles.Text),
            ("Budget", project.Budget is { } budget ? PlanCell.Of((double)budget) : PlanCell.Empty, Styles.Money),
            ("Planned cost", PlanCell.Of((double)planned), Styles.Money),
            ("Actual cost", PlanCell.Of((double)actual), Styles.Money),
            ("Budget left (budget − actual)", project.Budget is { } total ? PlanCell.Of((double)(total - actual)) : PlanCell.Empty, Styles.Money),
            ("% Complete", PlanCell.Of(PercentComplete(plan, calendar)), Styles.Percent),
            ("Tasks", PlanCell.Of(plan.Tasks.Count), Styles.Default),
            ("Late tasks", PlanCell.Of(plan.LateTasks.Count), Styles.Default),
            ("Slipped tasks (forecast finish after baseline)", PlanCell.Of(plan.SlippedTasks.Count), Styles.Default),
            ("Critical tasks", PlanCell.Of(plan.CriticalTasks.Count), Styles.Default),
            ("Open obstacles", PlanCell.Of(plan.Obstacles.Count(o => o.IsOpen)), Styles.Default),
            ("Baseline taken (UTC)", project.BaselineTakenAt is { } taken ? PlanCell.Of(taken.ToOADate())
                : PlanCell.Of(plan.Tasks.Any(t => t.BaselineStart is not null || t.BaselineFinish is not null) ? "not recorded (tasks have baseline dates)" : "not yet"),
                Styles.DateTime),
            ("Baseline taken by", PlanCell.Of(project.BaselineTakenBy is { } by && names.TryGetValue(by, out var name) ? $"{name} <{by}>" : project.BaselineTakenBy), Styles.Text),
            ("Plan version", PlanCell.Of(project.PlanVersion), Styles.Default),
            ("Generated at (UTC)", PlanCell.Of(plan.GeneratedAt.UtcDateTime.ToOADate()), Styles.DateTime),
        ];

        await WriteLabelledAsync(zip, 1, project.Name, Styles.TitleStyle(project.Name), 44, 70, lines, onePage: true, cancellationToken);
    }

    // A sheet of label/value rows under a title: the Summary (printed on one page) and the Status. Long values wrap
    // in their column, so a label and its value stay side by side on the page.
    private static async Task WriteLabelledAsync(PlanExportPackage zip, int sheet, string title, int titleStyle, double labelWidth, double valueWidth,
        IReadOnlyList<(string Label, PlanCell Value, int Style)> lines, bool onePage, CancellationToken cancellationToken)
    {
        using var xml = zip.CreatePart($"xl/worksheets/sheet{sheet}.xml");
        StartWorksheet(xml, RangeOf(1, lines.Count + 2));
        xml.Raw("<sheetViews><sheetView workbookViewId=\"0\"/></sheetViews><sheetFormatPr defaultRowHeight=\"15\"/><cols>"u8);
        WriteColumn(xml, 0, 0, labelWidth, Styles.Default);
        WriteColumn(xml, 1, 1, valueWidth, Styles.Default);
        xml.Raw("</cols><sheetData>"u8);
        xml.StartRow(1, height: 20);
        xml.TextCell(0, title, titleStyle);
        xml.EndRow();
        for (var i = 0; i < lines.Count; i++)
        {
            var (label, value, style) = lines[i];
            xml.StartRow(i + 3);
            xml.TextCell(0, label, Styles.Label);
            switch (value.Kind)
            {
                case PlanCellKind.Text:
                    xml.TextCell(1, value.Text!, Styles.WrappedTextStyle(value.Text!));
                    break;
                case PlanCellKind.Number or PlanCellKind.Date:
                    xml.NumberCell(1, value.Number, style);
                    break;
            }

            xml.EndRow();
        }

        xml.Raw("</sheetData>"u8);
        WritePageSetup(xml, onePage);
        xml.Raw("</worksheet>"u8);
        await xml.CompleteAsync(cancellationToken);
    }

    // The latest status report: its status with every reason, the override and its note, earned value, its number and
    // date; before the first report a sentence says how to publish one.
    private static async Task WriteStatusAsync(PlanExportPackage zip, PlanExport plan, CancellationToken cancellationToken)
    {
        var lines = new List<(string Label, PlanCell Value, int Style)>();
        if (plan.LatestReport is not { } report)
        {
            lines.Add(("No status report yet", PlanCell.Of("Publish one from the Outlook pane or POST /api/projects/{id}/status-reports; its status, reasons and earned value then show here."), Styles.Text));
        }
        else
        {
            var money = report.Model.Money;
            double Round(decimal value, int digits) => (double)Math.Round(value, digits, MidpointRounding.AwayFromZero);
            lines.Add(("Report", PlanCell.Of(report.Key), Styles.Text));
            lines.Add(("Status date", PlanCell.Of(report.AsOf), Styles.Date));
            lines.Add(("Status", PlanCell.Of(EnumLabels.Of(report.Status)), Styles.Text));
            lines.Add(("Computed status", PlanCell.Of(EnumLabels.Of(report.ComputedStatus)), Styles.Text));
            if (report.Override is { } changed)
            {
                lines.Add(("Override by", PlanCell.Of(changed.By), Styles.Text));
                lines.Add(("Override note", PlanCell.Of(changed.Note), Styles.Text));
            }

            lines.Add(("Published by", PlanCell.Of($"{report.PublishedBy.Name} <{report.PublishedBy.Email}>"), Styles.Text));
            lines.Add(("Published at (UTC)", PlanCell.Of(report.PublishedAt.UtcDateTime.ToOADate()), Styles.DateTime));
            foreach (var reason in report.Reasons.Count == 0 ? [new StatusReason("", ProjectStatus.Green, "Everything is on plan.")] : report.Reasons)
            {
                lines.Add(($"Reason{(reason.Code.Length > 0 ? $" ({reason.Code}, {EnumLabels.Of(reason.Status)})" : "")}", PlanCell.Of(reason.Detail), Styles.Text));
            }

            lines.Add((money.BudgetSet ? "Budget" : "Budget (none set: planned cost)", PlanCell.Of(Round(money.Budget, 2)), Styles.Money));
            lines.Add(("Planned value (PV)", PlanCell.Of(Round(money.Pv, 2)), Styles.Money));
            lines.Add(("Earned value (EV)", PlanCell.Of(Round(money.Ev, 2)), Styles.Money));
            lines.Add(("Actual cost (AC)", PlanCell.Of(Round(money.Ac, 2)), Styles.Money));
            lines.Add(("SPI", money.Spi is { } spi ? PlanCell.Of(Round(spi, 2)) : PlanCell.Of("not yet measurable"), Styles.Default));
            lines.Add(("CPI", money.Cpi is { } cpi ? PlanCell.Of(Round(cpi, 2)) : PlanCell.Of("not yet measurable"), Styles.Default));
            lines.Add(("Estimate at completion (EAC)", PlanCell.Of(Round(money.Eac, 2)), Styles.Money));
        }

        await WriteLabelledAsync(zip, 8, "Status", Styles.Title, 34, 90, lines, onePage: false, cancellationToken);
    }

    // Columns A-E name each task; one column per week (Monday) of the span follows, filled where the task is planned,
    // in the critical or late colour when the schedule says so, with a mark in a milestone's week. Weeks outside the
    // span are not drawn: the line under the title counts the tasks with such dates, which the Plan flags.
    private static async Task WriteTimelineAsync(PlanExportPackage zip, PlanExport plan, PlanTimelineSpan? span, CancellationToken cancellationToken)
    {
        const int firstWeekColumn = 5;
        const int headerRow = TimelineHeaderRow;
        var weeks = span?.Weeks ?? 0;
        var firstMonday = span?.FirstMonday ?? default;
        var thisWeek = span?.WeekOf(DateOnly.FromDateTime(plan.GeneratedAt.UtcDateTime)) ?? -1;
        var outside = span is { } drawn ? plan.Tasks.Count(drawn.Excludes) : 0;
        var lastColumn = firstWeekColumn + Math.Max(weeks, 2) - 1;
        var lastRow = headerRow + plan.Tasks.Count;

        using var xml = zip.CreatePart("xl/worksheets/sheet3.xml");
        StartWorksheet(xml, RangeOf(lastColumn, lastRow));
        xml.Raw("<sheetViews><sheetView workbookViewId=\"0\"><pane xSplit=\"2\" ySplit=\"4\" topLeftCell=\"C5\" activePane=\"bottomRight\" state=\"frozen\"/>"u8);
        xml.Raw("<selection pane=\"topRight\"/><selection pane=\"bottomLeft\"/><selection pane=\"bottomRight\" activeCell=\"C5\" sqref=\"C5\"/></sheetView></sheetViews>"u8);
        xml.Raw("<sheetFormatPr defaultRowHeight=\"15\"/><cols>"u8);
        WriteColumn(xml, 0, 0, 8, Styles.Default);
        WriteColumn(xml, 1, 1, 44, Styles.Default);
        WriteColumn(xml, 2, 3, 11, Styles.Default);
        WriteColumn(xml, 4, 4, 16, Styles.Default);
        if (weeks > 0)
        {
            WriteColumn(xml, firstWeekColumn, firstWeekColumn + weeks - 1, 3.3, Styles.Default);
        }

        xml.Raw("</cols><sheetData>"u8);
        xml.StartRow(1, height: 20);
        xml.TextCell(0, span is not { } shown
            ? $"Timeline of {plan.Project.Name}: no task has dates yet"
            : $"Timeline of {plan.Project.Name}: {weeks} weeks from {shown.First:yyyy-MM-dd} to {shown.Last:yyyy-MM-dd}, by the dates in the Plan", Styles.Title);
        xml.EndRow();
        if (outside > 0)
        {
            xml.StartRow(2);
            xml.TextCell(0, outside == 1
                ? "1 task has dates outside the project's start to finish: they are not drawn here and are shaded in the Plan's Start or Finish."
                : $"{outside} tasks have dates outside the project's start to finish: they are not drawn here and are shaded in the Plan's Start or Finish.", Styles.Label);
            xml.EndRow();
        }

        // The legend, in the colours it explains.
        xml.StartRow(3);
        xml.TextCell(0, "Legend", Styles.Label);
        xml.TextCell(1, "Planned week", Styles.Planned);
        xml.TextCell(2, "Critical", Styles.Critical);
        xml.TextCell(3, "Late", Styles.Late);
        xml.TextCell(4, "Late, critical", Styles.LateAndCritical);
        if (weeks > 0)
        {
            xml.TextCell(firstWeekColumn, MilestoneMark, Styles.Milestone);
            xml.TextCell(firstWeekColumn + 1, "Milestone", Styles.Default);
        }

        xml.EndRow();
        xml.StartRow(headerRow, height: 42);
        xml.TextCell(0, "ID", Styles.Label);
        xml.TextCell(1, "Task", Styles.Label);
        xml.TextCell(2, "Start", Styles.Label);
        xml.TextCell(3, "Finish", Styles.Label);
        xml.TextCell(4, "Schedule", Styles.Label);
        for (var week = 0; week < weeks; week++)
        {
            xml.NumberCell(firstWeekColumn + week, ExcelDates.ToSerial(firstMonday.AddDays(7 * week)), week == thisWeek ? Styles.ThisWeekHeader : Styles.WeekHeader);
        }

        xml.EndRow();
        for (var i = 0; i < plan.Tasks.Count; i++)
        {
            var task = plan.Tasks[i];
            var critical = plan.CriticalTasks.Contains(task.Number);
            var late = plan.LateTasks.Contains(task.Number);
            xml.StartRow(headerRow + 1 + i);
            xml.TextCell(0, ProjectTask.KeyOf(task.Number), Styles.Text);
            xml.TextCell(1, task.Title, Styles.TextStyle(task.Title));
            if (task.Start is { } start)
            {
                xml.NumberCell(2, ExcelDates.ToSerial(start), DateStyle(span, start));
            }

            if (task.Finish is { } finish)
            {
                xml.NumberCell(3, ExcelDates.ToSerial(finish), DateStyle(span, finish));
            }

            if (critical || late)
            {
                xml.TextCell(4, (critical, late) switch { (true, true) => "Late, critical", (true, false) => "Critical", _ => "Late" }, Styles.Text);
            }

            // Only the part inside the span: a task wholly outside it is not drawn.
            if (span is { } bounds && DatesOf(task) is { } dates && dates.Last >= bounds.First && dates.First <= bounds.Last)
            {
                var first = bounds.WeekOf(dates.First < bounds.First ? bounds.First : dates.First);
                var last = bounds.WeekOf(dates.Last > bounds.Last ? bounds.Last : dates.Last);
                for (var week = first; week <= last; week++)
                {
                    if (task.Milestone)
                    {
                        xml.TextCell(firstWeekColumn + week, MilestoneMark, Styles.TimelineStyle(milestone: true, critical, late));
                    }
                    else
                    {
                        xml.StyledCell(firstWeekColumn + week, Styles.TimelineStyle(milestone: false, critical, late));
                    }
                }
            }

            xml.EndRow();
            await xml.FlushIfFullAsync(cancellationToken);
        }

        xml.Raw("</sheetData>"u8);
        WritePageSetup(xml, onePage: false);
        xml.Raw("</worksheet>"u8);
        await xml.CompleteAsync(cancellationToken);
    }

    // A task date the Timeline does not draw is shaded, in the Plan and on the Timeline.
    private static int DateStyle(PlanTimelineSpan? span, DateOnly day) => span is { } drawn && !drawn.Contains(day) ? Styles.OutsideDate : Styles.Date;

    // The weeks a task occupies: from its start to its finish, or the one date it has; none without dates.
    private static (DateOnly First, DateOnly Last)? DatesOf(ProjectTask task) =>
        (task.Start ?? task.Finish, task.Finish ?? task.Start) switch
        {
            ({ } first, _) when task.Milestone => (first, first),
            ({ } first, { } last) => first <= last ? (first, last) : (last, first),
            _ => null,
        };


    // Content types, package relationships, the workbook and its relationships, styles and document properties.
    private static async Task WritePackageAsync(PlanExportPackage zip, PlanExport plan, PlanWorkbookOptions options, CancellationToken cancellationToken)
    {
        using (var types = zip.CreatePart("[Content_Types].xml"))
        {
            types.Raw("""<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">"""u8);
            types.Raw("""<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>"""u8);
            Override(types, "/xl/workbook.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml");
            Override(types, "/xl/styles.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml");
            for (var sheet = 1; sheet <= SheetNamesOf(plan).Count; sheet++)
            {
                Override(types, $"/xl/worksheets/sheet{sheet}.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml");
            }

            for (var table = 1; table <= (plan.Conflicts.Count > 0 ? 6 : 5); table++)
            {
                Override(types, $"/xl/tables/table{table}.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.table+xml");
            }

            Override(types, "/docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml");
            Override(types, "/docProps/app.xml", "application/vnd.openxmlformats-officedocument.extended-properties+xml");
            Override(types, "/docProps/custom.xml", "application/vnd.openxmlformats-officedocument.custom-properties+xml");
            if (options.OpensAddin)
            {
                Override(types, $"/{TaskpanesPath}", TaskpanesContentType);
                Override(types, $"/{WebExtensionPath}", WebExtensionContentType);
            }

            types.Raw("</Types>"u8);
            await types.CompleteAsync(cancellationToken);
        }

        using (var rels = StartRelationships(zip, "_rels/.rels"))
        {
            Relationship(rels, "workbook", "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument", "xl/workbook.xml");
            Relationship(rels, "core", "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties", "docProps/core.xml");
            Relationship(rels, "app", "http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties", "docProps/app.xml");
            Relationship(rels, "custom", "http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties", "docProps/custom.xml");
            if (options.OpensAddin)
            {
                Relationship(rels, "taskpanes", TaskpanesRelationship, TaskpanesPath);
            }

            rels.Raw("</Relationships>"u8);
            await rels.CompleteAsync(cancellationToken);
        }

        using (var core = zip.CreatePart("docProps/core.xml"))
        {
            var generated = plan.GeneratedAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
            core.Raw("""<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>"""u8);
            core.Escaped($"{plan.Project.Name} plan");
            core.Raw("</dc:title><dc:creator>OfficeCoordinator</dc:creator><dcterms:created xsi:type=\"dcterms:W3CDTF\">"u8);
            core.Escaped(generated);
            core.Raw("</dcterms:created><dcterms:modified xsi:type=\"dcterms:W3CDTF\">"u8);
            core.Escaped(generated);
            core.Raw("</dcterms:modified></cp:coreProperties>"u8);
            await core.CompleteAsync(cancellationToken);
        }

        await zip.WritePartAsync("docProps/app.xml",
            new Extended.Properties(new Extended.Application("OfficeCoordinator")).OuterXml, cancellationToken);
        var version = plan.Project.PlanVersion;
        await zip.WritePartAsync("docProps/custom.xml", new Custom.Properties(
            new Custom.CustomDocumentProperty(new Variant.VTLPWSTR(plan.Project.Id)) { FormatId = CustomPropertiesFormat, PropertyId = 2, Name = ProjectIdProperty },
            new Custom.CustomDocumentProperty(version <= int.MaxValue ? new Variant.VTInt32(version.ToString(CultureInfo.InvariantCulture)) : new Variant.VTDouble(version.ToString(CultureInfo.InvariantCulture)))
            {
                FormatId = CustomPropertiesFormat, PropertyId = 3, Name = PlanVersionProperty,
            }).OuterXml, cancellationToken);

        var sheets = SheetNamesOf(plan);
        var workbook = new Workbook(
            new BookViews(new WorkbookView { ActiveTab = 1 }),
            new Sheets(sheets.Select((name, i) => new Sheet { Name = name, SheetId = (uint)i + 1, Id = $"sheet{i + 1}" })),
            new DefinedNames(sheets.Select((name, i) => (name, i, Rows: PrintTitleRows(name)))
                .Where(sheet => sheet.Rows > 0)
                .Select(sheet => new DefinedName($"'{sheet.name}'!$1:${sheet.Rows}") { Name = "_xlnm.Print_Titles", LocalSheetId = (uint)sheet.i })));
        await zip.WritePartAsync("xl/workbook.xml", workbook.OuterXml, cancellationToken);
        using (var rels = StartRelationships(zip, "xl/_rels/workbook.xml.rels"))
        {
            for (var sheet = 1; sheet <= SheetNamesOf(plan).Count; sheet++)
            {
                Relationship(rels, $"sheet{sheet}", "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet", $"worksheets/sheet{sheet}.xml");
            }

            Relationship(rels, "styles", "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles", "styles.xml");
            rels.Raw("</Relationships>"u8);
            await rels.CompleteAsync(cancellationToken);
        }

        await zip.WritePartAsync("xl/styles.xml", Styles.Stylesheet(plan.Project.Currency).OuterXml, cancellationToken);
    }

    // The rows at the top of a sheet that every printed page repeats: the tables' header, the Timeline's title to its
    // week header; none on the Summary (one page) and the Status (label beside value, no header).
    private static int PrintTitleRows(string sheet) => sheet switch
    {
        "Summary" or "Status" => 0,
        "Timeline" => TimelineHeaderRow,
        _ => 1,
    };

    // sheetPr must open the worksheet (fitToPage lets pageSetup's fitToWidth/fitToHeight apply).
    private static void StartWorksheet(PlanExportXmlWriter xml, string range)
    {
        xml.Raw("<worksheet xmlns=\""u8);
        xml.Escaped(MainNamespace);
        xml.Raw("\" xmlns:r=\""u8);
        xml.Escaped(RelationshipNamespace);
        xml.Raw("\"><sheetPr><pageSetUpPr fitToPage=\"1\"/></sheetPr><dimension ref=\""u8);
        xml.Escaped(range);
        xml.Raw("\"/>"u8);
    }

    // Landscape, one page wide and as many tall as it takes (or one page in all), page numbers in the footer. In the
    // schema's order after the sheet data, validations and links, before the table parts.
    private static void WritePageSetup(PlanExportXmlWriter xml, bool onePage)
    {
        xml.Raw("<pageMargins left=\"0.4\" right=\"0.4\" top=\"0.6\" bottom=\"0.6\" header=\"0.3\" footer=\"0.3\"/>"u8);
        xml.Raw(onePage
            ? "<pageSetup orientation=\"landscape\" fitToWidth=\"1\" fitToHeight=\"1\"/>"u8
            : "<pageSetup orientation=\"landscape\" fitToWidth=\"1\" fitToHeight=\"0\"/>"u8);
        xml.Raw("<headerFooter><oddFooter>&amp;L&amp;A&amp;RPage &amp;P of &amp;N</oddFooter></headerFooter>"u8);
    }

    private static void WriteColumn(PlanExportXmlWriter xml, int first, int last, double width, int style)
    {
        xml.Raw("<col min=\""u8);
        xml.Integer(first + 1);
        xml.Raw("\" max=\""u8);
        xml.Integer(last + 1);
        xml.Raw("\" width=\""u8);
        xml.Escaped(width.ToString("0.##", CultureInfo.InvariantCulture));
        if (style != Styles.Default)
        {
            xml.Raw("\" style=\""u8);
            xml.Integer(style);
        }

        xml.Raw("\" customWidth=\"1\"/>"u8);
    }

    private static PlanExportXmlWriter StartRelationships(PlanExportPackage zip, string path)
    {
        var rels = zip.CreatePart(path);
        rels.Raw("<Relationships xmlns=\""u8);
        rels.Escaped(PackageRelationships);
        rels.Raw("\">"u8);
        return rels;
    }

    private static void Relationship(PlanExportXmlWriter rels, string id, string type, string target)
    {
        rels.Raw("<Relationship Id=\""u8);
        rels.Escaped(id);
        rels.Raw("\" Type=\""u8);
        rels.Escaped(type.Contains(':', StringComparison.Ordinal) ? type : $"{RelationshipNamespace}/{type}");
        rels.Raw("\" Target=\""u8);
        rels.Escaped(target);
        rels.Raw("\"/>"u8);
    }

    private static void Override(PlanExportXmlWriter types, string part, string contentType)
    {
        types.Raw("<Override PartName=\""u8);
        types.Escaped(part);
        types.Raw("\" ContentType=\""u8);
        types.Escaped(contentType);
        types.Raw("\"/>"u8);
    }

    private static void Text(PlanExportXmlWriter xml, int column, string? text)
    {
        if (!string.IsNullOrEmpty(text))
        {
            xml.TextCell(column, text, Styles.TextStyle(text));
        }
    }

    private static string RangeOf(int lastColumn, int lastRow)
    {
        var name = "";
        for (var index = lastColumn + 1; index > 0; index = (index - 1) / 26)
        {
            name = (char)('A' + (index - 1) % 26) + name;
        }

        return string.Create(CultureInfo.InvariantCulture, $"A1:{name}{lastRow}");
    }

    private static int IndexOf(string column)
    {
        for (var i = 0; i < PlanColumns.All.Count; i++)
        {
            if (PlanColumns.All[i] == column)
            {
                return i;
            }
        }

        throw new ArgumentOutOfRangeException(nameof(column), column, "Not a Plan column.");
    }

    private static string MembersIn(PlanExport plan, ProjectRole role) =>
        string.Join(", ", plan.Members.Where(m => m.Role == role).Select(m => string.IsNullOrWhiteSpace(m.Name) ? m.Email : $"{m.Name} <{m.Email}>"));

    // Weighted by working days, so that a month of work counts for more than a one-day task; cancelled work is out.
    private static double PercentComplete(PlanExport plan, ProjectCalendar calendar)
    {
        var (done, total) = (0.0, 0.0);
        foreach (var task in plan.Tasks.Where(t => t.Status != WorkStatus.Cancelled))
        {
            var weight = Math.Max(1, PlanRows.DurationOf(task, calendar) ?? 1);
            done += weight * task.PercentComplete / 100.0;
            total += weight;
        }

        return total == 0 ? 0 : done / total;
    }

    // Display names for email addresses: the stakeholder register first, then members.
    private static Dictionary<string, string> NamesByEmail(PlanExport plan)
    {
        var names = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var stakeholder in plan.Stakeholders.Where(s => s.Email is not null))
        {
            names.TryAdd(stakeholder.Email!, stakeholder.Name);
        }

        foreach (var member in plan.Members.Where(m => !string.IsNullOrWhiteSpace(m.Name)))
        {
            names.TryAdd(member.Email, member.Name!);
        }

        return names;
    }

    private static string People(IEnumerable<string> emails, IReadOnlyDictionary<string, string> names) =>
        string.Join(", ", emails.Select(email => names.GetValueOrDefault(email, email)));

    private static string Keys(IEnumerable<int> numbers) => string.Join(", ", numbers.Select(ProjectTask.KeyOf));
}
