namespace OfficeCoordinator.Api.Plans;

// Reads the Plan table of an uploaded workbook, which nobody vouches for, in one pass with ZipArchive and XmlReader
// over the few parts it needs, in three steps: the package guard opens the upload within its bounds and refuses what
// is not a plain workbook; the table locator finds the Plan table, wherever it was moved; the cell parser streams
// its sheet and keeps the rows compactly, the columns found by their header names.
public static class PlanWorkbookReader
{
    public static Task<PlanSheet> ReadAsync(Stream upload, PlanReadLimits limits, CancellationToken cancellationToken) =>
        PlanPackageGuard.ReadAsync(upload, limits,
            package => PlanCellParser.Read(package, PlanTableLocator.Locate(package), limits.MaxRows, cancellationToken), cancellationToken);
}
