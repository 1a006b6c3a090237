using OfficeCoordinator.Api.Stakeholders;
using OfficeCoordinator.Client.Contracts;
using Stakeholder = OfficeCoordinator.Api.Stakeholders.Stakeholder;

namespace OfficeCoordinator.Api.Reports;

// The stakeholder register's influence/interest grid (high = 4 or 5) as report audiences, and their renderings: one
// internal per audience, plus one external when the audience has external recipients (never one mixed message).
// Unreviewed stakeholders join no audience; those who prefer another channel than email are listed to be told that way.
public static class Audiences
{
    public static Audience Of(Stakeholder stakeholder) => (stakeholder.Influence >= 4, stakeholder.Interest >= 4) switch
    {
        (true, true) => Audience.ManageClosely,
        (true, false) => Audience.KeepSatisfied,
        (false, true) => Audience.KeepInformed,
        _ => Audience.Monitor,
    };

    public sealed record Rendered(IReadOnlyList<ReportRendering> Renderings, IReadOnlyList<OtherChannel> OtherChannels, IReadOnlyList<ReportRecipient> Unreviewed);

    public static Rendered Render(StatusReportModel model, ProjectStatus status, ReportOverride? statusOverride, IReadOnlyList<Stakeholder> register,
        Audience? only, bool allowMoneyForExternal)
    {
        var reviewed = register.Where(s => s.Reviewed).ToList();
        var byEmail = reviewed.Where(s => s.PreferredChannel == Channel.Email && !string.IsNullOrWhiteSpace(s.Email)).ToList();
        var subject = ReportRenderer.SubjectOf(model, status);
        var renderings = new List<ReportRendering>();
        foreach (var audience in Enum.GetValues<Audience>().Where(a => only is null || a == only))
        {
            var people = byEmail.Where(s => Of(s) == audience).OrderBy(s => s.Name, StringComparer.Ordinal).ToList();
            foreach (var external in new[] { false, true })
            {
                var recipients = people.Where(s => s.Internal != external).Select(s => new ReportRecipient(s.Name, s.Email!)).ToList();
                if (external && recipients.Count == 0)
                {
                    continue;
                }

                var (html, text) = new ReportRenderer(model, status, statusOverride, external, allowMoneyForExternal).Render(audience);
                renderings.Add(new ReportRendering(audience, external, subject, html, text, recipients));
            }
        }

        var otherChannels = reviewed.Where(s => s.PreferredChannel != Channel.Email || string.IsNullOrWhiteSpace(s.Email))
            .Where(s => only is null || Of(s) == only)
            .OrderBy(s => s.Name, StringComparer.Ordinal).Select(s => new OtherChannel(s.Name, Of(s), s.PreferredChannel)).ToList();
        var unreviewed = register.Where(s => !s.Reviewed).OrderBy(s => s.Name, StringComparer.Ordinal)
            .Select(s => new ReportRecipient(s.Name, s.Email ?? "")).ToList();
        return new Rendered(renderings, otherChannels, unreviewed);
    }
}
