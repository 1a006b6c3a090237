namespace OfficeCoordinator.Client.Contracts;

/// <summary>One page of a list; pass <paramref name="NextCursor"/> back as <c>cursor</c> for the next.</summary>
/// <typeparam name="T">The item type.</typeparam>
/// <param name="Items">The items of this page.</param>
/// <param name="NextCursor">The cursor of the next page, or <c>null</c> on the last one.</param>
public sealed record Page<T>(IReadOnlyList<T> Items, string? NextCursor);

/// <summary>Query of every list: paging, sorting and free text.</summary>
public sealed record ListQuery
{
    /// <summary>Items per page: 1 to 500, default 50.</summary>
    [Refit.AliasAs("limit")] public int? Limit { get; init; }

    /// <summary>The <c>nextCursor</c> of the previous page.</summary>
    [Refit.AliasAs("cursor")] public string? Cursor { get; init; }

    /// <summary>A field name, or <c>-field</c> for descending order.</summary>
    [Refit.AliasAs("sort")] public string? Sort { get; init; }

    /// <summary>Free text to match.</summary>
    [Refit.AliasAs("q")] public string? Q { get; init; }
}
