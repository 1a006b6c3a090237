using System.Text;
using OfficeCoordinator.Api.Emails;

namespace OfficeCoordinator.Api.Tests.Emails;

public sealed class EmailBodiesTests
{
    private const string Request = "Please sign the contract by Friday.";

    [Fact]
    public void The_venue_reply_keeps_the_request_and_drops_signature_and_quote()
    {
        var body = "Hi Bob,\n\nCould you get the venue contract signed by Friday? We can only hold the date until then.\n\nBest,\nErin\n--\nErin Vendor | Harbour Hall Events\n+31 20 555 0101\n\nFrom: Bob Coordinator <bob@contoso.com>\nSent: Monday, November 16, 2026 4:02 PM\nSubject: Venue contract\n\n> Hi Erin, please send the contract.";

        var description = EmailBodies.ToDescription(body, null);

        description.Should().Be("Hi Bob,\n\nCould you get the venue contract signed by Friday? We can only hold the date until then.\n\nBest,\nErin");
    }

    [Theory]
    [InlineData("From: Bob Coordinator <bob@contoso.com>\nSent: Monday, November 16, 2026 4:02 PM\nTo: Erin\nSubject: Venue")]
    [InlineData("*From:* Bob Coordinator <bob@contoso.com>\n*Sent:* Monday, November 16, 2026 4:02 PM")]
    [InlineData("Von: Bob Coordinator <bob@contoso.com>\nGesendet: Montag, 16. November 2026 16:02\nAn: Erin\nBetreff: Vertrag")]
    [InlineData("De : Bob Coordinator <bob@contoso.com>\nEnvoyé : lundi 16 novembre 2026 16:02\nObjet : Contrat")]
    [InlineData("De: Bob Coordinator <bob@contoso.com>\nEnviado: lunes, 16 de noviembre de 2026 16:02\nAsunto: Contrato")]
    [InlineData("Van: Bob Coordinator <bob@contoso.com>\nVerzonden: maandag 16 november 2026 16:02\nOnderwerp: Contract")]
    [InlineData("From: Bob\nTo: Erin\nCc: Alice\nBcc: Dan\nDate: Mon, 16 Nov 2026 16:02:00 +0000")]
    [InlineData("-----Original Message-----\nFrom: Bob\nPlease send it.")]
    [InlineData("----- Ursprüngliche Nachricht -----\nVon: Bob")]
    [InlineData("---------- Forwarded message ---------\nFrom: Bob")]
    [InlineData("On Mon, Nov 16, 2026 at 4:02 PM Bob Coordinator <bob@contoso.com> wrote:\n> Please send it.")]
    [InlineData("On Mon, Nov 16, 2026 at 4:02 PM Bob Coordinator <\nbob@contoso.com> wrote:\n> Please send it.")]
    [InlineData("Am 16.11.2026 um 16:02 schrieb Bob Coordinator <bob@contoso.com>:\n> Bitte schicken.")]
    [InlineData("Le lun. 16 nov. 2026 à 16:02, Bob <bob@contoso.com> a écrit :\n> Merci")]
    [InlineData("> Please send the contract.\n> Thanks, Bob")]
    [InlineData("--\nErin Vendor | Harbour Hall Events")]
    [InlineData("-- \nErin Vendor | Harbour Hall Events")]
    [InlineData("________________________________\nFrom: Bob\nSent: Monday")]
    [InlineData("_____\nErin Vendor")]
    public void Quoted_replies_and_signatures_are_cut_from_their_first_line(string tail)
    {
        var description = EmailBodies.ToDescription($"{Request}\n\n{tail}\n\nmore quoted text", null);

        description.Should().Be(Request);
    }

    [Theory]
    [InlineData("From: the marketing side we still need the logo.\nThanks")]
    [InlineData("Prices -- as discussed -- stay the same.")]
    [InlineData("---\nA horizontal rule is not a signature.")]
    [InlineData("On Monday the venue opens at 9.")]
    [InlineData("Quote: > 5 items need review.")]
    [InlineData("____ short underscores")]
    public void Ordinary_lines_that_look_a_little_like_markers_are_kept(string tail)
    {
        var body = $"{Request}\n{tail}";

        var description = EmailBodies.ToDescription(body, null);

        description.Should().Be(body);
    }

    [Fact]
    public void A_message_that_starts_with_a_forwarded_header_keeps_the_forwarded_text()
    {
        var body = "From: Erin Vendor <erin@venue.example>\nSent: Monday\nSubject: Contract\n\nPlease sign by Friday.\n--\nErin";

        var description = EmailBodies.ToDescription(body, null);

        description.Should().Be("From: Erin Vendor <erin@venue.example>\nSent: Monday\nSubject: Contract\n\nPlease sign by Friday.");
    }

    [Fact]
    public void Line_endings_are_normalised_trailing_spaces_stripped_and_blank_runs_collapsed()
    {
        var body = "\r\n  \r\nLine one   \r\nLine two\t\r\n\r\n\r\n\r\n\rLine three \n\n\n";

        var description = EmailBodies.ToDescription(body, null);

        description.Should().Be("Line one\nLine two\n\nLine three");
    }

    [Fact]
    public void Plain_text_wins_over_html_when_both_are_present()
    {
        var description = EmailBodies.ToDescription("Text version", "<p>Html version</p>");

        description.Should().Be("Text version");
    }

    [Fact]
    public void Whitespace_only_text_falls_back_to_html()
    {
        var description = EmailBodies.ToDescription(" \r\n ", "<p>Html version</p>");

        description.Should().Be("Html version");
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("", "")]
    [InlineData(null, "<html><head><title>Only a title</title></head><body></body></html>")]
    public void A_message_without_a_body_has_an_empty_description(string? text, string? html)
    {
        var description = EmailBodies.ToDescription(text, html);

        description.Should().BeEmpty();
    }

    [Fact]
    public void The_html_fixture_becomes_plain_text_without_script_style_signature_or_quote()
    {
        var html = "<html><head><style>p{color:red}</style><script>alert('x')</script></head><body><p>Hi team,</p><p>The pen-test report must be closed <b>before 5 Dec</b>. See <a href='https://contoso.example/report'>report</a>.</p><div class='signature'>Grace | Security Office</div><blockquote>Original message text quoted here</blockquote></body></html>";

        var description = EmailBodies.ToDescription(null, html);

        description.Should().Be("Hi team,\nThe pen-test report must be closed before 5 Dec. See report (https://contoso.example/report).");
    }

    [Theory]
    [InlineData("<script>alert('x')</script>")]
    [InlineData("<SCRIPT type='text/javascript'>alert('x')</SCRIPT>")]
    [InlineData("<style>body{}</style><noscript>alert('x')</noscript>")]
    [InlineData("<template><p>alert('x')</p></template>")]
    [InlineData("<iframe><script>alert('x')</script></iframe>")]
    [InlineData("<noembed><script>alert('x')</script></noembed>")]
    [InlineData("<xmp><script>alert('x')</script></xmp>")]
    [InlineData("<textarea><script>alert('x')</script></textarea>")]
    [InlineData("<svg><script>alert('x')</script></svg>")]
    [InlineData("<a href=\"javascript:alert('x')\">Click</a>")]
    [InlineData("<a href=\"https://evil.example/<script>alert('x')</script>\">Click</a>")]
    [InlineData("<div hidden>alert('x')</div><span style='DISPLAY: none'>alert('x')</span>")]
    [InlineData("<!-- <script>alert('x')</script> -->")]
    public void No_markup_or_script_text_survives_html_conversion(string dangerous)
    {
        var description = EmailBodies.ToDescription(null, $"<p>Hello</p>{dangerous}<p>Bye</p>");

        description.Should().NotContainAny("<script", "</", "alert(", "<p>", "<div");
        description.Should().StartWith("Hello").And.EndWith("Bye");
    }

    [Theory]
    [InlineData("<div class='Signature'>Grace</div>")]
    [InlineData("<div id='Signature'><p>Grace</p></div>")]
    [InlineData("<div class='moz-signature'>Grace</div>")]
    [InlineData("<div class='gmail_signature' data-smartmail='gmail_signature'>Grace</div>")]
    [InlineData("<div class='gmail_quote'><div class='gmail_attr'>On Mon, Bob wrote:</div>Old text</div>")]
    [InlineData("<div class='AppleOriginalContents'>Old text</div>")]
    [InlineData("<blockquote type='cite'>Old text</blockquote>")]
    [InlineData("<div id='appendonsend'></div><hr><div id='divRplyFwdMsg'><b>From:</b> Bob<br><b>Sent:</b> Monday</div><div>Old text</div><p>More old text</p>")]
    [InlineData("<div id='x_divRplyFwdMsg'><b>From:</b> Bob</div><div>Old text</div>")]
    [InlineData("<div><b>From:</b> Bob<br><b>Sent:</b> Monday<br><b>Subject:</b> Old</div><div>Old text</div>")]
    public void Signatures_and_quoted_replies_in_html_are_dropped(string tail)
    {
        var html = $"<html><body><div><p>{Request}</p>{tail}</div></body></html>";

        var description = EmailBodies.ToDescription(null, html);

        description.Should().Be(Request);
    }

    [Fact]
    public void An_outlook_on_the_web_reply_keeps_only_the_new_text()
    {
        var html = """
            <html><head><style type="text/css" style="display:none;"> P {margin-top:0;margin-bottom:0;} </style></head>
            <body dir="ltr"><div class="elementToProof" style="font-family: Aptos; font-size: 12pt">Hi Erin,</div>
            <div class="elementToProof">&nbsp;</div><div class="elementToProof">Signed, see attached.</div>
            <div id="Signature"><div>Bob Coordinator</div></div><div id="appendonsend"></div>
            <hr style="display:inline-block;width:98%" tabindex="-1">
            <div id="divRplyFwdMsg" dir="ltr"><font face="Calibri, sans-serif" style="font-size:11pt"><b>From:</b> Erin &lt;erin@venue.example&gt;<br>
            <b>Sent:</b> Wednesday, November 18, 2026 10:15<br><b>Subject:</b> Venue contract</font><div>&nbsp;</div></div>
            <div>Hi Bob, could you get the venue contract signed by Friday?</div></body></html>
            """;

        var description = EmailBodies.ToDescription(null, html);

        description.Should().Be("Hi Erin,\n\nSigned, see attached.");
    }

    [Fact]
    public void A_gmail_reply_keeps_only_the_new_text()
    {
        var html = """
            <div dir="ltr">Thanks, will do by Friday.<br clear="all"><div><br></div><span class="gmail_signature_prefix">-- </span><br>
            <div dir="ltr" class="gmail_signature">Bob</div></div><br><div class="gmail_quote gmail_quote_container">
            <div dir="ltr" class="gmail_attr">On Wed, Nov 18, 2026 at 10:15 AM Erin &lt;erin@venue.example&gt; wrote:<br></div>
            <blockquote class="gmail_quote" style="margin:0px 0px 0px 0.8ex">Hi Bob</blockquote></div>
            """;

        var description = EmailBodies.ToDescription(null, html);

        description.Should().Be("Thanks, will do by Friday.");
    }

    [Fact]
    public void A_bare_html_forward_keeps_the_quoted_message_as_the_content()
    {
        var html = "<body><blockquote type='cite'><p>Please sign by Friday.</p></blockquote></body>";

        var description = EmailBodies.ToDescription(null, html);

        description.Should().Be("Please sign by Friday.");
    }

    [Fact]
    public void Block_elements_become_line_breaks_and_inline_elements_do_not()
    {
        var html = "<h1>Plan</h1><div>Line <b>one</b><br>Line <i>two</i></div><ul><li>First</li><li>Second</li></ul>"
            + "<table><tr><td>Venue</td><td>Friday</td></tr><tr><td>Print</td><td>Monday</td></tr></table><hr><p>End&nbsp;here</p>";

        var description = EmailBodies.ToDescription(null, html);

        description.Should().Be("Plan\nLine one\nLine two\nFirst\nSecond\nVenue Friday\nPrint Monday\nEnd here");
    }

    [Fact]
    public void Outlook_style_empty_paragraphs_make_one_blank_line()
    {
        var html = "<p class=MsoNormal>Hi Bob,</p><p class=MsoNormal>&nbsp;</p><p class=MsoNormal>&nbsp;</p><p class=MsoNormal>&nbsp;</p><p class=MsoNormal>Sign it.</p>";

        var description = EmailBodies.ToDescription(null, html);

        description.Should().Be("Hi Bob,\n\nSign it.");
    }

    [Fact]
    public void Preformatted_text_keeps_its_spacing()
    {
        var description = EmailBodies.ToDescription(null, "<p>Table:</p><pre>a   b\n1   2</pre>");

        description.Should().Be("Table:\na   b\n1   2");
    }

    [Theory]
    [InlineData("<a href='https://contoso.example/report'>report</a>", "See report (https://contoso.example/report)")]
    [InlineData("<a href='https://contoso.example/'>https://contoso.example</a>", "See https://contoso.example")]
    [InlineData("<a href='http://contoso.example'>contoso.example</a>", "See contoso.example")]
    [InlineData("<a href='mailto:bob@contoso.com'>Bob</a>", "See Bob")]
    [InlineData("<a href='/relative'>here</a>", "See here")]
    [InlineData("<a href='https://contoso.example/a'><img src='x.png'></a>", "See")]
    public void Links_keep_their_text_and_show_a_web_address_that_differs(string link, string expected)
    {
        var description = EmailBodies.ToDescription(null, $"<p>See {link}</p>");

        description.Should().Be(expected);
    }

    [Fact]
    public void A_link_whose_address_carries_markup_shows_only_its_text()
    {
        var description = EmailBodies.ToDescription(null, "<a href='https://contoso.example/?q=<b>'>report</a>");

        description.Should().Be("report");
    }

    [Fact]
    public void A_long_body_is_bounded_at_a_word_boundary_with_an_ellipsis()
    {
        var body = string.Concat(Enumerable.Repeat("Long body line. ", 20_000));

        var description = EmailBodies.ToDescription(body, null);

        description.Length.Should().BeLessThanOrEqualTo(EmailBodies.MaxDescriptionLength);
        description.Length.Should().BeGreaterThan(EmailBodies.MaxDescriptionLength - 20);
        description.Should().EndWith("…");
        description[..^1].Should().NotEndWith(" ").And.Be(body[..(description.Length - 1)]);
        body[description.Length - 1].Should().Be(' ');
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void A_long_body_of_emoji_is_never_cut_inside_a_surrogate_pair(int leadingAscii)
    {
        var body = new string('a', leadingAscii) + string.Concat(Enumerable.Repeat("🚀", 6_000));

        var description = EmailBodies.ToDescription(body, null);

        description.Length.Should().BeLessThanOrEqualTo(EmailBodies.MaxDescriptionLength);
        description.Should().EndWith("🚀…");
        var act = () => new UTF8Encoding(false, throwOnInvalidBytes: true).GetBytes(description);
        act.Should().NotThrow();
        description.EnumerateRunes().Should().NotContain(Rune.ReplacementChar);
    }

    [Fact]
    public void A_body_exactly_at_the_limit_is_kept_whole()
    {
        var body = new string('x', EmailBodies.MaxDescriptionLength);

        var description = EmailBodies.ToDescription(body, null);

        description.Should().Be(body);
    }

    [Fact]
    public void Deeply_nested_html_does_not_overflow_the_stack()
    {
        var html = string.Concat(Enumerable.Repeat("<div>", 10_000)) + "Deep text" + string.Concat(Enumerable.Repeat("</div>", 10_000));

        var description = EmailBodies.ToDescription(null, html);

        description.Should().Be("Deep text");
    }

    [Fact]
    public void Hostile_nesting_beyond_the_parsed_tag_limit_is_read_by_the_linear_pass_without_markup_or_script()
    {
        var depth = EmailBodies.MaxParsedTags;
        var html = "<html><head><style>p{color:red}</style></head><body><script>alert('x')</script><p>Sign the contract &amp; return it.</p>"
            + string.Concat(Enumerable.Repeat("<div>", depth)) + "Deep text" + string.Concat(Enumerable.Repeat("</div>", depth)) + "</body></html>";

        var description = EmailBodies.ToDescription(null, html);

        description.Should().Be("Sign the contract & return it.\n\nDeep text");
    }
}
