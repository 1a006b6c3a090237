using System.Buffers.Text;
using System.Globalization;
using System.Text;
using OfficeCoordinator.Client.Contracts;

namespace OfficeCoordinator.Api.Http;

// limit / cursor / sort / q, read once and checked the same way by every list.
public sealed record PageRequest(int Limit, int Offset, string? Sort, bool Descending, string? Q)
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 500;

    public static PageRequest Read(int? limit, string? cursor, string? sort, string? q, IReadOnlyCollection<string> sortable, Validation errors)
    {
        var size = limit ?? DefaultLimit;
        if (size is < 1 or > MaxLimit)
        {
            errors.Add("limit", $"limit must be between 1 and {MaxLimit}.");
        }

        var offset = 0;
        if (!string.IsNullOrEmpty(cursor) && !TryDecode(cursor, out offset))
        {
            errors.Add("cursor", "cursor is not one this API returned; start again without it.");
        }

        var descending = sort?.StartsWith('-') == true;
        var field = sort?.TrimStart('-', '+');
        if (!string.IsNullOrEmpty(field) && !sortable.Contains(field, StringComparer.OrdinalIgnoreCase))
        {
            errors.Add("sort", $"sort must be one of {string.Join(", ", sortable)} (prefix '-' for descending).");
        }

        if (q is { Length: > Validation.NameLength })
        {
            errors.Add("q", $"q must be at most {Validation.NameLength} characters.");
        }

        return new PageRequest(size, offset, field?.ToLowerInvariant(), descending, string.IsNullOrWhiteSpace(q) ? null : q.Trim());
    }

    // Fetch Limit + 1 rows; the extra one tells whether a next page exists.
    public IQueryable<T> Slice<T>(IQueryable<T> ordered) => ordered.Skip(Offset).Take(Limit + 1);

    public Page<TOut> ToPage<TIn, TOut>(IReadOnlyList<TIn> rows, Func<TIn, TOut> map) =>
        new(rows.Take(Limit).Select(map).ToList(), rows.Count > Limit ? Encode(Offset + Limit) : null);

    private static string Encode(int offset) => Cursors.Encode("o", offset);

    private static bool TryDecode(string cursor, out int offset)
    {
        var valid = Cursors.TryDecode(cursor, "o", out var value) && value <= int.MaxValue;
        offset = valid ? (int)value : 0;
        return valid;
    }
}

// Opaque cursors: a kind and a position, base64url-encoded so that callers do not build them.
public static class Cursors
{
    public static string Encode(string kind, long position) =>
        Base64Url.EncodeToString(Encoding.ASCII.GetBytes($"{kind}:{position.ToString(CultureInfo.InvariantCulture)}"));

    public static bool TryDecode(string cursor, string kind, out long position)
    {
        position = 0;
        try
        {
            var text = Encoding.ASCII.GetString(Base64Url.DecodeFromChars(cursor));
            return text.StartsWith(kind + ":", StringComparison.Ordinal)
                && long.TryParse(text.AsSpan(kind.Length + 1), NumberStyles.None, CultureInfo.InvariantCulture, out position);
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
