namespace OfficeCoordinator.Api.Schedule;

// A plan the engine cannot schedule (a dependency cycle, dates beyond the calendar); the message says what to fix.
public sealed class ScheduleException(string message) : Exception(message);
