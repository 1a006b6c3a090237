using OfficeCoordinator.Api.Http;
using OfficeCoordinator.Client.Contracts;

namespace OfficeCoordinator.Api.Reports;

// The report thresholds as a manager patches them: each member as given, then the whole checked for order, since a
// Red line below its Amber line would make no sense (DESIGN.md: out of order gets 400).
public static class ReportThresholds
{
    public static ReportSettings Patched(ReportSettings current, MergePatch patch, Validation errors)
    {
        var defaults = new ReportSettings();
        var s = current;
        patch.Set<int?>("greenAmberSlipDays", v => s = s with { GreenAmberSlipDays = v ?? defaults.GreenAmberSlipDays });
        patch.Set<int?>("amberRedSlipDays", v => s = s with { AmberRedSlipDays = v ?? defaults.AmberRedSlipDays });
        patch.Set<int?>("milestoneRedDays", v => s = s with { MilestoneRedDays = v ?? defaults.MilestoneRedDays });
        patch.Set<decimal?>("spiAmber", v => s = s with { SpiAmber = v ?? defaults.SpiAmber });
        patch.Set<decimal?>("cpiAmber", v => s = s with { CpiAmber = v ?? defaults.CpiAmber });
        patch.Set<decimal?>("cpiRed", v => s = s with { CpiRed = v ?? defaults.CpiRed });
        patch.Set<decimal?>("eacAmber", v => s = s with { EacAmber = v ?? defaults.EacAmber });
        patch.Set<decimal?>("eacRed", v => s = s with { EacRed = v ?? defaults.EacRed });
        patch.Set<int?>("blockedRedDays", v => s = s with { BlockedRedDays = v ?? defaults.BlockedRedDays });
        patch.Set<int?>("decisionWaitAmberDays", v => s = s with { DecisionWaitAmberDays = v ?? defaults.DecisionWaitAmberDays });
        Check(s, errors, patch.Has);
        return s;
    }

    // An out-of-order pair names the member the patch changed (the other one when it changed both or neither).
    public static void Check(ReportSettings s, Validation errors, Func<string, bool> changed)
    {
        string Named(string low, string high) => changed(low) && !changed(high) ? low : high;

        void Days(string name, int value)
        {
            if (value is < 0 or > 250)
            {
                errors.Add($"reportSettings.{name}", $"{name} is a number of working days from 0 to 250.");
            }
        }

        void Ratio(string name, decimal value)
        {
            if (value is <= 0 or > 10)
            {
                errors.Add($"reportSettings.{name}", $"{name} is a ratio above 0 and at most 10.");
            }
        }

        Days("greenAmberSlipDays", s.GreenAmberSlipDays);
        if (s.GreenAmberSlipDays == 0)
        {
            errors.Add("reportSettings.greenAmberSlipDays", "greenAmberSlipDays is at least 1: a plan on time is not a slip.");
        }

        Days("amberRedSlipDays", s.AmberRedSlipDays);
        Days("milestoneRedDays", s.MilestoneRedDays);
        Days("blockedRedDays", s.BlockedRedDays);
        Days("decisionWaitAmberDays", s.DecisionWaitAmberDays);
        Ratio("spiAmber", s.SpiAmber);
        Ratio("cpiAmber", s.CpiAmber);
        Ratio("cpiRed", s.CpiRed);
        Ratio("eacAmber", s.EacAmber);
        Ratio("eacRed", s.EacRed);
        if (s.AmberRedSlipDays < s.GreenAmberSlipDays)
        {
            errors.Add($"reportSettings.{Named("greenAmberSlipDays", "amberRedSlipDays")}", "amberRedSlipDays may not be below greenAmberSlipDays: Red starts where Amber ends.");
        }

        if (s.CpiRed > s.CpiAmber)
        {
            errors.Add($"reportSettings.{Named("cpiAmber", "cpiRed")}", "cpiRed may not be above cpiAmber: a CPI is Red only below the Amber line.");
        }

        if (s.EacRed < s.EacAmber)
        {
            errors.Add($"reportSettings.{Named("eacAmber", "eacRed")}", "eacRed may not be below eacAmber.");
        }
    }
}
