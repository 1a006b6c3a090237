namespace OfficeCoordinator.Client.Contracts;

/// <summary>The lengths the API accepts, in characters: the API validates with these, and the OpenAPI document states
/// them (as <c>maxLength</c>) from the contracts' <c>[MaxLength]</c>.</summary>
public static class WireLimits
{
    /// <summary>A name: a project's, a person's, an organisation, a job title.</summary>
    public const int Name = 200;

    /// <summary>A task's title.</summary>
    public const int Title = 300;

    /// <summary>Free text: a description, notes, a communication's summary, a decision and its rationale.</summary>
    public const int Text = 10_000;

    /// <summary>An obstacle's statement.</summary>
    public const int Statement = 2_000;

    /// <summary>An email address (RFC 5321).</summary>
    public const int Email = 320;

    /// <summary>A message's ids and subject.</summary>
    public const int MessageId = 1_000;

    /// <summary>A web link.</summary>
    public const int Link = 2_048;

    /// <summary>Recipients read from one message's To or Cc.</summary>
    public const int Recipients = 500;

    /// <summary>People named on one communication or obstacle.</summary>
    public const int People = 1_000;

    /// <summary>Holidays listed on a project.</summary>
    public const int Holidays = 1_000;

    /// <summary>Attachments copied to a task at once.</summary>
    public const int Attachments = 50;

    /// <summary>A status report's override note.</summary>
    public const int Note = 2_000;

    /// <summary>Money (budget, costs) in the project's currency.</summary>
    public const string MaxMoney = "1000000000000";

    /// <summary>Working days of lag on a dependency, either way.</summary>
    public const int LagDays = 365;

    /// <summary>Working days a shift may move a task, either way.</summary>
    public const int ShiftDays = 2_500;
}
