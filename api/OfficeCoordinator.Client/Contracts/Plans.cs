using System.Text.Json;

namespace OfficeCoordinator.Client.Contracts;

/// <summary>The Plan table's rows as JSON, in the cell forms the sheet shows (<c>GET .../plan/rows</c>).</summary>
/// <param name="PlanVersion">The project's plan version when read.</param>
/// <param name="Rows">Each row by column name: <c>ID</c> (<c>T-12</c>), <c>Task</c>, ..., <c>Version</c>.</param>
/// <param name="NextCursor">The cursor of the next page, or <c>null</c>.</param>
public sealed record PlanSheetRows(long PlanVersion, IReadOnlyList<IReadOnlyDictionary<string, JsonElement>> Rows, string? NextCursor);

/// <summary>Body of <c>POST .../plan/changes</c>: rows of <see cref="PlanSheetRows"/>' shape; a missing column is unchanged, <c>null</c> clears.</summary>
/// <param name="Rows">The edited rows; a row without <c>ID</c> creates a task.</param>
public sealed record PlanChanges(IReadOnlyList<IReadOnlyDictionary<string, object?>> Rows);

/// <summary>What an import or a change set did, row by row (row numbers are the sheet's, or 1-based in a JSON list).</summary>
/// <param name="Applied">Cells that changed a task.</param>
/// <param name="Created">Rows that made a task.</param>
/// <param name="Conflicts">Cells changed both in the workbook and on the server since the row's version; not applied.</param>
/// <param name="RowErrors">Rows or cells that were refused, and why.</param>
/// <param name="Missing">Tasks of the project that are not in the workbook (never deleted).</param>
/// <param name="Warnings">What the import ignored, such as external links or data connections in the file.</param>
public sealed record PlanImportReport(
    IReadOnlyList<AppliedCell> Applied,
    IReadOnlyList<CreatedRow> Created,
    IReadOnlyList<ConflictCell> Conflicts,
    IReadOnlyList<RowError> RowErrors,
    IReadOnlyList<string> Missing,
    IReadOnlyList<ImportWarning> Warnings);

/// <summary>Something in the file the import ignored.</summary>
/// <param name="Detail">What, and that it was not followed.</param>
public sealed record ImportWarning(string Detail);

/// <summary>A cell that changed a task.</summary>
/// <param name="Row">Sheet row number.</param>
/// <param name="Id">The task's key (<c>T-12</c>).</param>
/// <param name="Column">The column's name.</param>
/// <param name="From">The server's value before, in API units.</param>
/// <param name="To">The new value.</param>
/// <param name="Version">The task's version after the change (null in a dry run): an undo pushes <c>From</c> with it.</param>
public sealed record AppliedCell(int Row, string Id, string Column, string? From, string? To, long? Version = null);

/// <summary>A row that made a task.</summary>
/// <param name="Row">Sheet row number.</param>
/// <param name="Number">The new task's number (a prediction in a dry run).</param>
/// <param name="Key">Its key.</param>
/// <param name="Version">Its version (1).</param>
public sealed record CreatedRow(int Row, int Number, string Key, long Version);

/// <summary>A cell both sides changed to different values.</summary>
/// <param name="Row">Sheet row number.</param>
/// <param name="Id">The task's key.</param>
/// <param name="Column">The column's name.</param>
/// <param name="Base">The value at the row's version.</param>
/// <param name="Server">The server's value now (kept).</param>
/// <param name="Workbook">The workbook's value (not applied).</param>
/// <param name="ServerVersion">The task's version now.</param>
public sealed record ConflictCell(int Row, string Id, string Column, string? Base, string? Server, string? Workbook, long ServerVersion);

/// <summary>A row, or one cell of it, that was refused.</summary>
/// <param name="Row">Sheet row number.</param>
/// <param name="Id">The task's key, when known.</param>
/// <param name="Column">The cell's column, when one cell was refused.</param>
/// <param name="Detail">Why.</param>
public sealed record RowError(int Row, string? Id, string? Column, string Detail);
