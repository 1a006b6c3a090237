namespace OfficeCoordinator.Client.Contracts;

/// <summary>A member's role on one project; it decides what the member may change.</summary>
public enum ProjectRole
{
    /// <summary>Owns the plan, budget, baseline and members.</summary>
    Manager,
    /// <summary>Runs the day-to-day: tasks, stakeholders, the log and obstacles.</summary>
    Coordinator,
    /// <summary>Updates status, progress and actual cost of the tasks they own.</summary>
    Contributor,
    /// <summary>Reads.</summary>
    Viewer,
}
