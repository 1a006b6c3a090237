using Microsoft.Extensions.Options;

namespace OfficeCoordinator.Api.Plans;

// How much of an uploaded workbook the server is willing to read (Plans:Import). A real plan of 100,000 tasks is
// about 10 MB zipped and 60 MB unzipped; the caps leave room for that and refuse zip bombs early.
public sealed class PlanImportOptions
{
    public const string Section = "Plans:Import";

    public long MaxUploadBytes { get; set; } = 20 * 1024 * 1024;
    public long MaxUncompressedBytes { get; set; } = 200 * 1024 * 1024;
    public int MaxParts { get; set; } = 1_000;
    public int MaxRows { get; set; } = 200_000;

    // Below this the server would refuse its own exports once Excel has saved them.
    public const int MinParts = 64;

    public PlanReadLimits Limits => new(MaxUploadBytes, MaxUncompressedBytes, MaxParts, MaxRows);

    internal sealed class Validator : IValidateOptions<PlanImportOptions>
    {
        public ValidateOptionsResult Validate(string? name, PlanImportOptions options)
        {
            var failures = new List<string>();
            if (options.MaxUploadBytes < 1)
            {
                failures.Add($"{Section}:MaxUploadBytes must be a positive number of bytes.");
            }

            if (options.MaxUncompressedBytes < options.MaxUploadBytes)
            {
                failures.Add($"{Section}:MaxUncompressedBytes must be at least {Section}:MaxUploadBytes.");
            }

            if (options.MaxParts < MinParts)
            {
                failures.Add($"{Section}:MaxParts must be at least {MinParts} (the server's own plan.xlsx has about 30 parts; Excel adds a few when it saves).");
            }

            if (options.MaxRows < 1)
            {
                failures.Add($"{Section}:MaxRows must be a positive number of rows.");
            }

            return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
        }
    }
}

// The caps one read works within (PlanWorkbookReader).
public sealed record PlanReadLimits(long MaxUploadBytes, long MaxUncompressedBytes, int MaxParts, int MaxRows)
{
    public static PlanReadLimits Default { get; } = new PlanImportOptions().Limits;
}
