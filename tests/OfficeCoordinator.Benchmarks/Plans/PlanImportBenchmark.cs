using System.IO.Compression;
using System.Runtime.InteropServices;
using System.Text;
using System.Xml;
using ExcelDataReader;
using OfficeCoordinator.Api.Plans;
using static System.FormattableString;

namespace OfficeCoordinator.Benchmarks.Plans;

public sealed record PlanImportBenchmarkOptions(IReadOnlyList<int> Sizes, int Runs = 3);

public sealed record PlanImportRow(int Rows, string Reader, ContenderResult Result, double TimeVsBarePass);

public sealed record PlanImportReport(string Machine, int Runs, IReadOnlyList<PlanImportRow> Rows)
{
    public string ToMarkdown()
    {
        var text = new StringBuilder();
        text.AppendLine(Invariant($"Plan import, reading only: the Plan table of an exported SamplePlan; each reader in its own process, median of {Runs} runs after a warm-up; machine: {Machine}"));
        text.AppendLine().AppendLine("| Rows | Reader | Time (s) | × bare pass | Peak memory added (MiB) | Allocated per run (MiB) |").AppendLine("|---:|---|---:|---:|---:|---:|");
        foreach (var row in Rows)
        {
            text.AppendLine(Invariant(
                $"| {row.Rows:N0} | {row.Reader} | {row.Result.MedianSeconds:N2} | {row.TimeVsBarePass:N2} | {row.Result.PeakAboveBaselineBytes / 1048576.0:N0} | {row.Result.AllocatedBytesPerRun / 1048576.0:N0} |"));
        }

        return text.ToString();
    }
}

// Reading the Plan table of the same exported file three ways: PlanWorkbookReader (every check, the rows by header),
// ExcelDataReader (a general reader), and a bare ZipArchive + XmlReader pass over the Plan sheet that touches every
// value and builds nothing (the practical limit).
public static class PlanImportBenchmark
{
    public const string Ours = "PlanWorkbookReader (ours)";
    public const string ExcelDataReader = "ExcelDataReader 3.6.0";
    public const string BarePass = "bare ZipArchive + XmlReader pass";
    public const string BarePassKeeping = "the bare pass, keeping every value";

    public static readonly IReadOnlyList<int> DefaultSizes = [20_000, 100_000];

    private static readonly PlanReadLimits Unlimited = new(long.MaxValue, long.MaxValue, 10_000, int.MaxValue);

    public static async Task<PlanImportReport> RunAsync(PlanImportBenchmarkOptions options, TextWriter log, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Runs, 1);
        var rows = new List<PlanImportRow>();
        foreach (var size in options.Sizes)
        {
            var file = Path.Combine(Path.GetTempPath(), $"oc-import-{Guid.NewGuid():N}.xlsx");
            try
            {
                await using (var stream = File.Create(file))
                {
                    await PlanWorkbookWriter.WriteAsync(stream, SamplePlan.Create(size), cancellationToken);
                }

                var results = new List<(string Reader, ContenderResult Result)>();
                foreach (var (reader, name) in new[] { ("ours", Ours), ("exceldatareader", ExcelDataReader), ("bare-keeping", BarePassKeeping), ("bare", BarePass) })
                {
                    var result = await ContenderProcess.RunAsync(ContenderProcess.Benchmarks,
                        ["import-contender", "--reader", reader, "--file", file, "--runs", Invariant($"{options.Runs}")], log, cancellationToken);
                    await log.WriteLineAsync(Invariant($"{size:N0} rows: {name} {result.MedianSeconds:N2} s ({result.Rows:N0} rows)"));
                    results.Add((name, result));
                }

                var bare = results[^1].Result.MedianSeconds;
                rows.AddRange(results.Select(r => new PlanImportRow(size, r.Reader, r.Result, r.Result.MedianSeconds / bare)));
            }
            finally
            {
                File.Delete(file);
            }
        }

        var machine = Invariant($"{Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, .NET {Environment.Version}");
        return new PlanImportReport(machine, options.Runs, rows);
    }

    // In the contender's process (import-contender): warms up on a small export, then reads the file.
    public static async Task<ContenderResult> RunContenderAsync(string reader, string file, int runs, CancellationToken cancellationToken)
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance); // ExcelDataReader reads with code page 1252
        Func<string, Task<int>> read = reader switch
        {
            "ours" => async path =>
            {
                await using var stream = File.OpenRead(path);
                return (await PlanWorkbookReader.ReadAsync(stream, Unlimited, cancellationToken)).Rows.Count;
            },
            "exceldatareader" => path => Task.FromResult(ReadWithExcelDataReader(path)),
            "bare" => path => Task.FromResult(ReadBare(path, keep: null)),
            "bare-keeping" => path => Task.FromResult(ReadBare(path, keep: [])),
            _ => throw new ArgumentOutOfRangeException(nameof(reader), reader, "Use ours, exceldatareader, bare or bare-keeping."),
        };

        var warmUp = Path.Combine(Path.GetTempPath(), $"oc-import-warm-up-{Guid.NewGuid():N}.xlsx");
        try
        {
            await using (var stream = File.Create(warmUp))
            {
                await PlanWorkbookWriter.WriteAsync(stream, SamplePlan.Create(200, SamplePlan.DefaultSeed + 1), cancellationToken);
            }

            await read(warmUp);
        }
        finally
        {
            File.Delete(warmUp);
        }

        var length = new FileInfo(file).Length;
        return await ContenderResult.MeasureAsync(runs, async () => (length, await read(file)));
    }

    // Every value of every row of the Plan sheet, as a general reader gives them.
    private static int ReadWithExcelDataReader(string path)
    {
        using var stream = File.OpenRead(path);
        using var reader = ExcelReaderFactory.CreateOpenXmlReader(stream);
        while (reader.Name != "Plan" && reader.NextResult())
        {
        }

        var rows = 0;
        while (reader.Read())
        {
            for (var i = 0; i < reader.FieldCount; i++)
            {
                _ = reader.GetValue(i);
            }

            rows++;
        }

        return rows - 1;
    }

    // The practical limit: the Plan sheet's part streamed through XmlReader, every text node's value read, nothing
    // built. With `keep`, every value is also kept until the pass ends, as any reader that hands rows on must: the
    // limit for a reader whose rows outlive the pass (what the garbage collector adds for keeping them).
    private static int ReadBare(string path, List<string>? keep)
    {
        using var zip = ZipFile.OpenRead(path);
        using var xml = XmlReader.Create(zip.GetEntry("xl/worksheets/sheet2.xml")!.Open(),
            new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreWhitespace = true });
        var rows = 0;
        long characters = 0;
        while (xml.Read())
        {
            if (xml.NodeType == XmlNodeType.Element && xml.LocalName == "row")
            {
                rows++;
            }
            else if (xml.NodeType == XmlNodeType.Text)
            {
                var value = xml.Value;
                characters += value.Length;
                keep?.Add(value);
            }
        }

        return characters > 0 ? rows - 1 : 0;
    }
}
