using System.Collections.Concurrent;
using System.Globalization;
using DocumentFormat.OpenXml.Spreadsheet;

namespace OfficeCoordinator.Api.Plans;

// The workbook's cell styles: the constants are indexes into the cellXfs that Stylesheet() builds, in that order.
internal static class PlanExportStyles
{
    public const int Default = 0;
    public const int Label = 1;
    public const int Title = 2;
    public const int Date = 3;
    public const int DateTime = 4;
    public const int Percent = 5;
    public const int Money = 6;
    public const int Text = 7;
    public const int FormulaLikeText = 8;
    public const int Link = 9;
    public const int FormulaLikeLink = 10;
    public const int WeekHeader = 11;
    public const int ThisWeekHeader = 12;
    public const int Planned = 13;
    public const int Critical = 14;
    public const int Late = 15;
    public const int LateAndCritical = 16;
    public const int Milestone = 17; // + 1 critical, + 2 late, + 3 late and critical, like the fills above
    public const int FormulaLikeTitle = 21;
    public const int OutsideDate = 22;
    public const int WrappedText = 23;
    public const int FormulaLikeWrappedText = 24;

    public const string PlannedColor = "FF9BC2E6";
    public const string CriticalColor = "FFFF7C80";
    public const string LateColor = "FFFFC000";
    public const string LateAndCriticalColor = "FFC00000";
    public const string OutsideColor = "FFD9D2E9"; // a task date outside the project's start to finish

    private const uint DateFormat = 164;
    private const uint DateTimeFormat = 165;
    private const uint WeekFormat = 166;
    private const uint MoneyFormat = 167;
    private const uint PercentFormat = 9; // built in: 0%
    private const uint TextFormat = 49; // built in: @

    private static readonly ConcurrentDictionary<string, string> MoneyFormats = new(StringComparer.Ordinal);
    private static readonly Lazy<IReadOnlyDictionary<string, (string Symbol, int Digits)>> Currencies = new(FindCurrencies);

    // Text that a spreadsheet program would take for a formula (or for a DDE command) when the cell is edited.
    public static bool IsFormulaLike(string text) => text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r';

    // Strings carry the text format (@), so what a user types into the column later stays text too; formula-like
    // ones also carry quotePrefix, which Excel keeps when the cell is edited.
    public static int TextStyle(string text) => IsFormulaLike(text) ? FormulaLikeText : Text;

    public static int TitleStyle(string text) => IsFormulaLike(text) ? FormulaLikeTitle : Title;

    // The Summary's and the Status's values: long text wraps in its column instead of running off the page.
    public static int WrappedTextStyle(string text) => IsFormulaLike(text) ? FormulaLikeWrappedText : WrappedText;

    public static int LinkStyle(string text) => IsFormulaLike(text) ? FormulaLikeLink : Link;

    // The style of a Timeline cell: plain planned work, or critical, late, or both; milestones get the mark's variant.
    public static int TimelineStyle(bool milestone, bool critical, bool late) =>
        (milestone ? Milestone : Planned) + (critical ? 1 : 0) + (late ? 2 : 0);

    // The number format for the project's currency: its symbol and its minor unit ("€"#,##0.00, "¥"#,##0), or the
    // ISO code after the number when no culture knows it.
    public static string MoneyFormatCode(string currency) => MoneyFormats.GetOrAdd(currency.ToUpperInvariant(), code =>
    {
        if (!Currencies.Value.TryGetValue(code, out var known))
        {
            return $"#,##0.00 \"{Unquoted(code)}\"";
        }

        var number = known.Digits == 0 ? "#,##0" : "#,##0." + new string('0', known.Digits);
        return $"\"{Unquoted(known.Symbol)}\"{number}";
    });

    public static Stylesheet Stylesheet(string currency)
    {
        var fonts = new Fonts(
            Font(),
            Font(bold: true),
            Font(bold: true, size: 14),
            Font(underline: true, color: "FF0563C1"),
            Font(bold: true, color: "FF1F3864"),
            Font(bold: true, color: "FFFFFFFF"));
        var fills = new Fills(
            new Fill(new PatternFill { PatternType = PatternValues.None }),
            new Fill(new PatternFill { PatternType = PatternValues.Gray125 }),
            SolidFill(PlannedColor),
            SolidFill(CriticalColor),
            SolidFill(LateColor),
            SolidFill(LateAndCriticalColor),
            SolidFill("FFFFE699"),
            SolidFill(OutsideColor));
        fonts.Count = (uint)fonts.ChildElements.Count;
        fills.Count = (uint)fills.ChildElements.Count;
        const uint bold = 1, title = 2, link = 3, mark = 4, white = 5;
        const uint planned = 2, critical = 3, late = 4, lateAndCritical = 5, thisWeek = 6, outside = 7;
        var centered = new Alignment { Horizontal = HorizontalAlignmentValues.Center };
        var rotated = new Alignment { Horizontal = HorizontalAlignmentValues.Center, TextRotation = 90 };
        var wrapped = new Alignment { Vertical = VerticalAlignmentValues.Top, WrapText = true };

        // In the order of the constants above.
        var formats = new CellFormats(
            Xf(),
            Xf(font: bold),
            Xf(font: title),
            Xf(format: DateFormat),
            Xf(format: DateTimeFormat),
            Xf(format: PercentFormat),
            Xf(format: MoneyFormat),
            Xf(format: TextFormat),
            Xf(format: TextFormat, quotePrefix: true),
            Xf(format: TextFormat, font: link),
            Xf(format: TextFormat, font: link, quotePrefix: true),
            Xf(format: WeekFormat, font: bold, alignment: rotated),
            Xf(format: WeekFormat, font: bold, fill: thisWeek, alignment: rotated),
            Xf(fill: planned),
            Xf(fill: critical),
            Xf(fill: late),
            Xf(fill: lateAndCritical, font: white),
            Xf(font: mark, alignment: centered),
            Xf(font: mark, fill: critical, alignment: centered),
            Xf(font: mark, fill: late, alignment: centered),
            Xf(font: white, fill: lateAndCritical, alignment: centered),
            Xf(format: TextFormat, font: title, quotePrefix: true),
            Xf(format: DateFormat, fill: outside),
            Xf(format: TextFormat, alignment: wrapped),
            Xf(format: TextFormat, alignment: wrapped, quotePrefix: true));
        formats.Count = (uint)formats.ChildElements.Count;

        return new Stylesheet(
            new NumberingFormats(
                new NumberingFormat { NumberFormatId = DateFormat, FormatCode = "yyyy-mm-dd" },
                new NumberingFormat { NumberFormatId = DateTimeFormat, FormatCode = "yyyy-mm-dd hh:mm" },
                new NumberingFormat { NumberFormatId = WeekFormat, FormatCode = "d mmm" },
                new NumberingFormat { NumberFormatId = MoneyFormat, FormatCode = MoneyFormatCode(currency) })
            { Count = 4 },
            fonts,
            fills,
            new Borders(new Border(new LeftBorder(), new RightBorder(), new TopBorder(), new BottomBorder(), new DiagonalBorder())) { Count = 1 },
            new CellStyleFormats(new CellFormat { NumberFormatId = 0, FontId = 0, FillId = 0, BorderId = 0 }) { Count = 1 },
            formats,
            new CellStyles(new CellStyle { Name = "Normal", FormatId = 0, BuiltinId = 0 }) { Count = 1 },
            new DifferentialFormats { Count = 0 });
    }

    private static Font Font(bool bold = false, bool underline = false, double size = 11, string? color = null)
    {
        var font = new Font();
        if (bold)
        {
            font.Append(new Bold());
        }

        if (underline)
        {
            font.Append(new Underline());
        }

        font.Append(new FontSize { Val = size });
        font.Append(color is null ? new Color { Theme = 1 } : new Color { Rgb = color });
        font.Append(new FontName { Val = "Calibri" });
        font.Append(new FontFamilyNumbering { Val = 2 });
        font.Append(new FontScheme { Val = FontSchemeValues.Minor });
        return font;
    }

    private static Fill SolidFill(string rgb) =>
        new(new PatternFill(new ForegroundColor { Rgb = rgb }, new BackgroundColor { Indexed = 64 }) { PatternType = PatternValues.Solid });

    private static CellFormat Xf(uint format = 0, uint font = 0, uint fill = 0, Alignment? alignment = null, bool quotePrefix = false)
    {
        var xf = new CellFormat
        {
            NumberFormatId = format,
            FontId = font,
            FillId = fill,
            BorderId = 0,
            FormatId = 0,
            ApplyNumberFormat = format != 0 ? true : null,
            ApplyFont = font != 0 ? true : null,
            ApplyFill = fill != 0 ? true : null,
            QuotePrefix = quotePrefix ? true : null,
        };
        if (alignment is not null)
        {
            xf.ApplyAlignment = true;
            xf.Append((Alignment)alignment.CloneNode(true));
        }

        return xf;
    }

    private static string Unquoted(string text) => text.Replace("\"", "", StringComparison.Ordinal);

    // Each ISO currency with the symbol and minor unit its cultures use (the first culture by name decides).
    private static Dictionary<string, (string Symbol, int Digits)> FindCurrencies()
    {
        var currencies = new Dictionary<string, (string Symbol, int Digits)>(StringComparer.OrdinalIgnoreCase);
        foreach (var culture in CultureInfo.GetCultures(CultureTypes.SpecificCultures).OrderBy(c => c.Name, StringComparer.Ordinal))
        {
            try
            {
                var region = new RegionInfo(culture.Name);
                if (region.ISOCurrencySymbol.Length == 3 && region.CurrencySymbol.Length > 0)
                {
                    currencies.TryAdd(region.ISOCurrencySymbol, (region.CurrencySymbol, culture.NumberFormat.CurrencyDecimalDigits));
                }
            }
            catch (ArgumentException)
            {
                // a culture without a region (or a region .NET does not know)
            }
        }

        return currencies;
    }
}
