using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace OfficeCoordinator.Api.Plans;

// Which add-in the exported workbook asks Excel to open (Plans:Workbook): the web extension part names the add-in
// by id, version and the store or catalog Excel installed it from, as Microsoft's "Automatically open a task pane
// with a document" describes. The defaults are the development add-in (addin-manifest/manifest.template.json)
// sideloaded on this machine; an empty AddinId leaves the part out.
public sealed partial class PlanWorkbookOptions
{
    public const string Section = "Plans:Workbook";

    // The store values Microsoft documents for the auto-open feature, in its spelling.
    public static readonly IReadOnlyList<string> StoreTypes = ["Registry", "FileSystem", "EXCatalog", "OMEX", "WOPICatalog"];

    public string AddinId { get; set; } = "5b1a3c6e-2f0d-4a8e-9c61-0e6f2d7b9a41";
    public string AddinVersion { get; set; } = "1.0.0.0";
    public string Store { get; set; } = "developer";
    public string StoreType { get; set; } = "Registry";

    public bool OpensAddin => !string.IsNullOrWhiteSpace(AddinId);

    // The store type as Microsoft spells it, whatever case the configuration used.
    public string StoreTypeName => StoreTypes.FirstOrDefault(type => string.Equals(type, StoreType?.Trim(), StringComparison.OrdinalIgnoreCase)) ?? StoreType;

    // AppSource (and partner WOPI hosts) know an add-in by its asset id (WA104380646); every catalog by the manifest's GUID.
    private bool ByAssetId => StoreTypeName is "OMEX" or "WOPICatalog";

    [GeneratedRegex(@"^\d{1,5}(\.\d{1,5}){0,3}$")]
    private static partial Regex Version();

    [GeneratedRegex(@"^WA\d{9}$", RegexOptions.IgnoreCase)]
    private static partial Regex AssetId();

    internal sealed class Validator : IValidateOptions<PlanWorkbookOptions>
    {
        public ValidateOptionsResult Validate(string? name, PlanWorkbookOptions options)
        {
            if (!options.OpensAddin)
            {
                return ValidateOptionsResult.Success;
            }

            var failures = new List<string>();
            var id = options.AddinId.Trim();
            if (!StoreTypes.Contains(options.StoreTypeName))
            {
                failures.Add($"{Section}:StoreType must be one of {string.Join(", ", StoreTypes)} (it is '{options.StoreType}').");
            }
            else if (options.ByAssetId ? !AssetId().IsMatch(id) : !Guid.TryParse(id, out _))
            {
                failures.Add(options.ByAssetId
                    ? $"{Section}:AddinId must be the add-in's AppSource asset id (WA followed by nine digits) when {Section}:StoreType is {options.StoreTypeName}."
                    : $"{Section}:AddinId must be the GUID of the add-in's manifest (its id), or empty to leave the add-in out of the workbook.");
            }

            if (!Version().IsMatch(options.AddinVersion?.Trim() ?? ""))
            {
                failures.Add($"{Section}:AddinVersion must be the add-in's version as its manifest gives it (one to four numbers separated by dots, such as 1.0.0.0).");
            }

            var store = options.Store?.Trim() ?? "";
            var expected = options.StoreTypeName switch
            {
                "Registry" => "developer",
                "EXCatalog" => "EXCatalog",
                "WOPICatalog" => "wopicatalog",
                _ => null,
            };
            if (store.Length == 0 || (expected is not null && !string.Equals(store, expected, StringComparison.OrdinalIgnoreCase)))
            {
                failures.Add(expected is null
                    ? $"{Section}:Store must name the store: the AppSource locale (en-us) for OMEX, the network share (\\\\server\\folder) for FileSystem."
                    : $"{Section}:Store must be '{expected}' when {Section}:StoreType is {options.StoreTypeName}.");
            }

            return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
        }
    }
}
