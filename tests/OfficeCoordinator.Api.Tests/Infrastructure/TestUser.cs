namespace OfficeCoordinator.Api.Tests.Infrastructure;

// A signed-in person as a token describes them; unique per test so tests never see each other's data.
public sealed record TestUser(string TenantId, string ObjectId, string Name, string Email)
{
    public static TestUser Create(string name, string? tenant = null)
    {
        var suffix = Guid.NewGuid().ToString("N")[..10];
        return new TestUser(
            tenant ?? "tenant-" + suffix,
            Guid.NewGuid().ToString(),
            name,
            $"{name.ToLowerInvariant().Replace(' ', '.')}.{suffix}@contoso.example");
    }

    // Another person in the same tenant.
    public TestUser Colleague(string name) => Create(name, TenantId);

    // The same sign-in name in another tenant (a different person).
    public TestUser InAnotherTenant() => this with { TenantId = "tenant-" + Guid.NewGuid().ToString("N")[..10], ObjectId = Guid.NewGuid().ToString() };
}
