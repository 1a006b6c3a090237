namespace OfficeCoordinator.Api.Idempotency;

// One Idempotency-Key as used by one user on one route: in flight until CompletedAt, then the answer to replay.
public sealed class IdempotentRequest
{
    public long Id { get; init; }

    // SHA-256 of (tenant, user, method, path with its ids, key): the key's scope, unique.
    public required string Scope { get; init; }
    public required string TenantId { get; init; }

    // SHA-256 of the parsed body, so a retry is recognised whatever its formatting or multipart boundary.
    public required string RequestHash { get; set; }
    public DateTime StartedAt { get; set; }
    public DateTime? CompletedAt { get; set; }
    public int? StatusCode { get; set; }
    public string? ContentType { get; set; }
    public string? Location { get; set; }
    public string? ETag { get; set; }
    public byte[]? Body { get; set; }
}
