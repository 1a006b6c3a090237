using Microsoft.AspNetCore.WebUtilities;

namespace OfficeCoordinator.Api.Plans;

// An uploaded file the server will not read as a plan: the status to answer (400 damaged, 413 too large,
// 415 not a workbook, 422 a workbook we refuse) and a sentence that says why and what to do.
public sealed class PlanFileException(int statusCode, string message, Exception? innerException = null) : Exception(message, innerException)
{
    public int StatusCode { get; } = statusCode;

    public string Title => ReasonPhrases.GetReasonPhrase(StatusCode);
}
