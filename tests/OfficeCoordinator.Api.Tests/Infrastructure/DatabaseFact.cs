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

public sealed class DatabaseFactDiscoverer(IMessageSink diagnosticMessageSink) : FactDiscoverer(diagnosticMessageSink)
{
    protected override IXunitTestCase CreateTestCase(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute)
    {
        var testClass = testMethod.TestClass.Class.ToRuntimeType();
        if (typeof(IRunsOnPostgres).IsAssignableFrom(testClass) && TestDatabase.PostgresSkipReason is { } reason)
        {
            return new SkippedTestCase(reason, DiagnosticMessageSink, discoveryOptions.MethodDisplayOrDefault(),
                discoveryOptions.MethodDisplayOptionsOrDefault(), testMethod);
        }

        return base.CreateTestCase(discoveryOptions, testMethod, factAttribute);
    }
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
