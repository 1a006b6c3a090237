using Microsoft.AspNetCore.Diagnostics.HealthChecks;

namespace OfficeCoordinator.Api.Http;

public static class HealthEndpoints
{
    // /health: the process answers (liveness). /health/ready: the database answers too (readiness).
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/health", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") }).AllowAnonymous();
        return app;
    }
}
