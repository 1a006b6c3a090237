using Xunit.Abstractions;
using Xunit.Sdk;

namespace OfficeCoordinator.Api.Tests.Infrastructure;

// Marks a test class whose tests run against PostgreSQL.
public interface IRunsOnPostgres;

// A fact that runs on the test class's database. On a PostgreSQL class with no OC_TEST_POSTGRES outside CI it is
// reported as skipped with the reason; under CI=true it always runs, so a missing PostgreSQL fails the run.
[XunitTestCaseDiscoverer("OfficeCoordinator.Api.Tests.Infrastructure.DatabaseFactDiscoverer", "OfficeCoordinator.Api.Tests")]
[AttributeUsage(AttributeTargets.Method)]
public sealed class DatabaseFactAttribute : FactAttribute;

public sealed class DatabaseFactDiscoverer(IMessageSink diagnosticMessageSink) : RequirementFactDiscoverer(diagnosticMessageSink)
{
    protected override string? SkipReason(ITestMethod testMethod) =>
        typeof(IRunsOnPostgres).IsAssignableFrom(testMethod.TestClass.Class.ToRuntimeType()) ? TestDatabase.PostgresSkipReason : null;
}

// A fact reported as skipped, with the reason, when what it needs is missing here (each requirement says when;
// under CI=true none of them skips, so a missing dependency fails the run).
public abstract class RequirementFactDiscoverer(IMessageSink diagnosticMessageSink) : FactDiscoverer(diagnosticMessageSink)
{
    protected abstract string? SkipReason(ITestMethod testMethod);

    protected override IXunitTestCase CreateTestCase(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute) =>
        SkipReason(testMethod) is { } reason
            ? new SkippedTestCase(reason, DiagnosticMessageSink, discoveryOptions.MethodDisplayOrDefault(), discoveryOptions.MethodDisplayOptionsOrDefault(), testMethod)
            : base.CreateTestCase(discoveryOptions, testMethod, factAttribute);
}

public sealed class SkippedTestCase : XunitTestCase
{
    private string _reason = "";

    [Obsolete("For deserialization only.")]
    public SkippedTestCase()
    {
    }

    public SkippedTestCase(string reason, IMessageSink sink, TestMethodDisplay display, TestMethodDisplayOptions options, ITestMethod method)
        : base(sink, display, options, method) => _reason = reason;

    protected override string GetSkipReason(IAttributeInfo factAttribute) => _reason;

    public override void Serialize(IXunitSerializationInfo data)
    {
        base.Serialize(data);
        data.AddValue("Reason", _reason);
    }

    public override void Deserialize(IXunitSerializationInfo data)
    {
        _reason = data.GetValue<string>("Reason"); // before the base, which may already ask for the skip reason
        base.Deserialize(data);
    }
}
