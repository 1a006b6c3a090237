using System.Net.Mail;
using Microsoft.AspNetCore.Http.HttpResults;
using OfficeCoordinator.Client.Contracts;

namespace OfficeCoordinator.Api.Http;

// Collects what is wrong with a request, keyed by camelCase JSON path; the first message becomes the detail.
public sealed class Validation
{
    public const int NameLength = WireLimits.Name;
    public const int DescriptionLength = WireLimits.Text;
    public const int EmailLength = WireLimits.Email;

    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);
    private string? _first;

    public bool IsValid => _errors.Count == 0;

    public Validation Add(string path, string message)
    {
        if (!_errors.TryGetValue(path, out var messages))
        {
            _errors[path] = messages = [];
        }

        messages.Add(message);
        _first ??= message;
        return this;
    }

    public bool Has(string path) => _errors.ContainsKey(path);

    public IEnumerable<(string Path, IReadOnlyList<string> Messages)> Errors => _errors.Select(e => (e.Key, (IReadOnlyList<string>)e.Value));

    public Validation Text(string path, string? value, string label, int maxLength, bool required = false)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required)
            {
                Add(path, $"{label} is required.");
            }
        }
        else if (value.Length > maxLength)
        {
            Add(path, $"{label} must be at most {maxLength:N0} characters.");
        }
        else if (value.Any(c => char.IsControl(c) && c is not '\n' and not '\r' and not '\t'))
        {
            Add(path, $"{label} contains control characters.");
        }

        return this;
    }

    public Validation Email(string path, string? value, string label, bool required = true)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return required ? Add(path, $"{label} is required.") : this;
        }

        if (!IsEmail(value))
        {
            Add(path, $"{label} '{Shorten(value)}' is not an email address.");
        }

        return this;
    }

    // Money in the project's currency: not negative, at most a trillion, at most 4 decimal places.
    public Validation Money(string path, decimal? value, string label)
    {
        if (value is < 0)
        {
            Add(path, $"{label} must not be negative.");
        }
        else if (value is > 1_000_000_000_000m)
        {
            Add(path, $"{label} must be at most 1,000,000,000,000.");
        }
        else if (value is { } amount && decimal.Round(amount, 4) != amount)
        {
            Add(path, $"{label} has more decimal places than any currency uses.");
        }

        return this;
    }

    public static bool IsEmail(string value) =>
        value.Length <= EmailLength
        && MailAddress.TryCreate(value, out var address)
        && address.Address == value.Trim()
        && address.Host.Contains('.', StringComparison.Ordinal);

    // The same errors under other paths: a request's nested members are checked as the record they become.
    public Validation Renamed(Func<string, string> rename)
    {
        var renamed = new Validation();
        foreach (var (path, messages) in _errors)
        {
            foreach (var message in messages)
            {
                renamed.Add(rename(path), message);
            }
        }

        return renamed;
    }

    public ValidationProblem ToProblem() =>
        TypedResults.ValidationProblem(
            _errors.ToDictionary(e => e.Key, e => e.Value.ToArray()),
            detail: _first,
            title: "The request is not valid.");

    private static string Shorten(string text) => text.Length > 60 ? text[..60] + "…" : text;
}
