using System.Diagnostics;
using System.Text;
using OfficeCoordinator.Api.Tests.Infrastructure;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace OfficeCoordinator.Api.Tests.Plans;

// The machine's LibreOffice (Debian's libreoffice-calc-nogui in CI), headless, as a second spreadsheet program.
public static class LibreOffice
{
    public const string ExecutablePath = "/usr/bin/soffice";

    // CSV of one sheet (the 12th token, 1-based), UTF-8, cells as shown (token 9), so formats count too.
    public static string CsvOfSheet(int sheet) => $"csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,{sheet}";

    // Why LibreOffice tests do not run here, or null when they must (LibreOffice present, or CI=true, where its absence fails).
    public static string? SkipReason =>
        File.Exists(ExecutablePath) || TestDatabase.InCi ? null : $"LibreOffice is not installed at {ExecutablePath} (apt-get install libreoffice-calc-nogui).";

    // Converts the file with a fresh profile, so that runs never share or wait for one; returns the converted file.
    public static async Task<string> ConvertAsync(string input, string filter, string extension)
    {
        var output = Directory.CreateTempSubdirectory("oc-lo-out-").FullName;
        var profile = Path.Combine(Path.GetTempPath(), $"lo-{Guid.NewGuid():N}");
        var info = new ProcessStartInfo(ExecutablePath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { $"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", filter, "--outdir", output, input })
        {
            info.ArgumentList.Add(argument);
        }

        try
        {
            using var process = Process.Start(info) ?? throw new InvalidOperationException($"{ExecutablePath} did not start.");
            var said = process.StandardOutput.ReadToEndAsync();
            var complained = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            await process.WaitForExitAsync(timeout.Token);
            var converted = Directory.GetFiles(output, "*." + extension);
            return converted.Length == 1
                ? converted[0]
                : throw new InvalidOperationException($"LibreOffice exited with {process.ExitCode} and wrote no .{extension}: {await said} {await complained}");
        }
        finally
        {
            if (Directory.Exists(profile))
            {
                Directory.Delete(profile, recursive: true);
            }
        }
    }

    // RFC 4180: fields separated by commas, quoted when they hold commas, quotes or line breaks.
    public static List<string[]> ParseCsv(string text)
    {
        var rows = new List<string[]>();
        var row = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var character = text[i];
            if (quoted)
            {
                if (character == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (character == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(character);
                }
            }
            else if (character == '"')
            {
                quoted = true;
            }
            else if (character == ',')
            {
                row.Add(field.ToString());
                field.Clear();
            }
            else if (character == '\n')
            {
                row.Add(field.ToString().TrimEnd('\r'));
                field.Clear();
                rows.Add([.. row]);
                row.Clear();
            }
            else
            {
                field.Append(character);
            }
        }

        if (field.Length > 0 || row.Count > 0)
        {
            row.Add(field.ToString());
            rows.Add([.. row]);
        }

        return rows;
    }
}

[XunitTestCaseDiscoverer("OfficeCoordinator.Api.Tests.Plans.LibreOfficeFactDiscoverer", "OfficeCoordinator.Api.Tests")]
[AttributeUsage(AttributeTargets.Method)]
public sealed class LibreOfficeFactAttribute : FactAttribute;

public sealed class LibreOfficeFactDiscoverer(IMessageSink diagnosticMessageSink) : RequirementFactDiscoverer(diagnosticMessageSink)
{
    protected override string? SkipReason(ITestMethod testMethod) => LibreOffice.SkipReason;
}
