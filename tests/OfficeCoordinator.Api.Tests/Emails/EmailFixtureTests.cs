using System.Globalization;
using System.Text.Json;
using OfficeCoordinator.Api.Emails;

namespace OfficeCoordinator.Api.Tests.Emails;

public sealed class FixtureTests
{
    // Facts about the endpoint (the stakeholder made for the sender) are checked by its own tests.
    private static readonly HashSet<string> CheckedElsewhere = ["requesterStakeholderName"];

    public static TheoryData<string> Fixtures()
    {
        var data = new TheoryData<string>();
        foreach (var path in Directory.GetFiles(FixtureFolder(), "*.json").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(path));
        }

        return data;
    }

    [Fact]
    public void The_shared_fixture_folder_is_found_and_holds_fixtures()
    {
        var fixtures = Fixtures();

        fixtures.Should().HaveCountGreaterThanOrEqualTo(8);
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Each_fixture_shows_its_expected_facts(string fixture)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(FixtureFolder(), fixture)));
        var email = json.RootElement.GetProperty("email");
        var expected = json.RootElement.GetProperty("expected");
        var subject = Text(email, "subject");
        var from = email.GetProperty("from");
        var sender = string.IsNullOrWhiteSpace(Text(from, "name")) ? Text(from, "email") ?? "" : Text(from, "name")!;
        var receivedAt = DateTimeOffset.Parse(email.GetProperty("receivedAt").GetString()!, CultureInfo.InvariantCulture);

        var description = EmailBodies.ToDescription(Text(email, "bodyText"), Text(email, "bodyHtml"));
        var title = EmailSubjects.TitleFor(subject, description, sender);
        var suggested = DueDates.Suggest(subject, description, receivedAt);

        foreach (var fact in expected.EnumerateObject())
        {
            switch (fact.Name)
            {
                case "title":
                    title.Should().Be(fact.Value.GetString(), "{0} names its title", fixture);
                    EmailSubjects.StripPrefixes(subject).Should().Be(fact.Value.GetString());
                    break;
                case "suggestedFinish":
                    var finish = fact.Value.ValueKind == JsonValueKind.Null ? (DateOnly?)null
                        : DateOnly.ParseExact(fact.Value.GetString()!, "yyyy-MM-dd", CultureInfo.InvariantCulture);
                    suggested.Should().Be(finish, "{0} suggests a finish from \"{1}\"", fixture, description);
                    break;
                case "descriptionMustNotContain":
                    foreach (var forbidden in fact.Value.EnumerateArray())
                    {
                        description.Should().NotContainEquivalentOf(forbidden.GetString());
                    }

                    break;
                case "descriptionMaxChars":
                    description.Length.Should().BeLessThanOrEqualTo(fact.Value.GetInt32());
                    break;
                case "titleNotEmpty":
                    string.IsNullOrWhiteSpace(title).Should().Be(!fact.Value.GetBoolean());
                    break;
                case "storedAsText":
                    title.Should().Be(subject, "a subject without a prefix is the title byte for byte");
                    description.Should().Be(Text(email, "bodyText")?.Trim());
                    break;
                default:
                    CheckedElsewhere.Should().Contain(fact.Name, "{0} states a fact these tests do not know how to check", fixture);
                    break;
            }
        }
    }

    [Fact]
    public void The_venue_fixture_body_becomes_exactly_the_request()
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(FixtureFolder(), "venue-contract-by-friday.json")));

        var description = EmailBodies.ToDescription(json.RootElement.GetProperty("email").GetProperty("bodyText").GetString(), null);

        description.Should().Be("Hi Bob,\n\nCould you get the venue contract signed by Friday? We can only hold the date until then.\n\nBest,\nErin");
    }

    private static string? Text(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string FixtureFolder()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "OfficeCoordinator.sln")))
        {
            directory = directory.Parent;
        }

        if (directory is null)
        {
            throw new InvalidOperationException($"No OfficeCoordinator.sln above {AppContext.BaseDirectory}; cannot find the shared email fixtures.");
        }

        var folder = Path.GetFullPath(Path.Combine(directory.FullName, "..", "shared", "fixtures", "emails"));
        return Directory.Exists(folder)
            ? folder
            : throw new DirectoryNotFoundException($"The shared email fixtures are missing: expected them in {folder}.");
    }
}
