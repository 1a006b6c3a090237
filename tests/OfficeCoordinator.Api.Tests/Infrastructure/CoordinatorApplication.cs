using System.Collections.Concurrent;
using System.Net;
using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using OfficeCoordinator.Client;

namespace OfficeCoordinator.Api.Tests.Infrastructure;

// The API as a caller meets it: a real Kestrel on loopback, a fresh database, Local sign-in with a key only
// this host knows, and tokens minted for any test user.
public abstract class CoordinatorApplication : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string Issuer = "https://tests.officecoordinator.example";
    public const string Audience = "officecoordinator-tests";

    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("oc-data-").FullName;
    private TestDatabase? _database;
    private bool _disposed;

    public byte[] SigningKey { get; } = RandomNumberGenerator.GetBytes(32);
    public LogCapture Logs { get; } = new();
    public Uri BaseAddress { get; private set; } = null!;
    public TestDatabase Database => _database ?? throw new InvalidOperationException("The host has not started.");

    // The host's data directory (Local mode keeps each project's document folder under it).
    public string DataDirectory => _dataDirectory;

    protected virtual string EnvironmentName => "Testing";

    protected virtual IReadOnlyDictionary<string, int> RateLimits { get; } = new Dictionary<string, int>
    {
        ["Reads"] = 1_000_000, ["Writes"] = 1_000_000, ["Anonymous"] = 1_000_000, ["SignIn"] = 1_000_000,
    };
    protected virtual bool CaptureAllLogs => false;

    protected abstract Task<TestDatabase?> CreateDatabaseAsync();

    public async Task InitializeAsync()
    {
        _database = await CreateDatabaseAsync();
        if (_database is null)
        {
            return; // this database's tests are reported as skipped (DatabaseFact)
        }

        UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!;
        BaseAddress = new Uri(addresses.Addresses.First());
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(EnvironmentName);
        builder.UseSetting("DataDirectory", _dataDirectory);
        builder.UseSetting("Database:Provider", Database.Provider);
        builder.UseSetting("ConnectionStrings:Coordinator", Database.ConnectionString);
        builder.UseSetting("Authentication:Schemes:Bearer:ValidIssuer", Issuer);
        builder.UseSetting("Authentication:Schemes:Bearer:ValidAudiences:0", Audience);
        builder.UseSetting("Authentication:Schemes:Bearer:SigningKeys:0:Issuer", Issuer);
        builder.UseSetting("Authentication:Schemes:Bearer:SigningKeys:0:Value", Convert.ToBase64String(SigningKey));
        // Suites never meet the rate limits, except the tests that prove the 429 (they set their own).
        foreach (var (name, limit) in RateLimits)
        {
            builder.UseSetting($"RateLimits:{name}:PerMinute", limit.ToString(System.Globalization.CultureInfo.InvariantCulture));
            builder.UseSetting($"RateLimits:{name}:Burst", limit.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        builder.ConfigureLogging(logging =>
        {
            logging.AddProvider(Logs);
            if (CaptureAllLogs)
            {
                logging.AddFilter<LogCapture>(null, LogLevel.Trace);
            }
        });
    }

    public string TokenFor(TestUser user, Action<SecurityTokenDescriptor>? adjust = null)
    {
        var now = DateTime.UtcNow;
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Audience,
            IssuedAt = now,
            NotBefore = now.AddMinutes(-1),
            Expires = now.AddHours(1),
            Subject = new ClaimsIdentity(
            [
                new Claim("tid", user.TenantId),
                new Claim("oid", user.ObjectId),
                new Claim("sub", user.ObjectId),
                new Claim("name", user.Name),
                new Claim("email", user.Email),
                new Claim("preferred_username", user.Email),
            ]),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(SigningKey), SecurityAlgorithms.HmacSha256),
        };
        adjust?.Invoke(descriptor);
        return new JsonWebTokenHandler().CreateToken(descriptor);
    }

    public HttpClient CreateHttpClient() => new() { BaseAddress = BaseAddress };

    // As a .NET caller would use it: every POST carries an Idempotency-Key.
    public ICoordinatorApi ClientFor(TestUser user) => CoordinatorClient.Create(BaseAddress, TokenFor(user));

    public ICoordinatorApi ClientWithToken(string? token) => CoordinatorClient.Create(BaseAddress, token);

    public ICoordinatorApi AnonymousClient() => CoordinatorClient.Create(BaseAddress, null);

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();

    public override async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        await base.DisposeAsync();
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }

        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }

        GC.SuppressFinalize(this);
    }
}

public sealed class SqliteApplication : CoordinatorApplication
{
    protected override Task<TestDatabase?> CreateDatabaseAsync() => Task.FromResult<TestDatabase?>(new SqliteTestDatabase());
}

public sealed class PostgresApplication : CoordinatorApplication
{
    protected override async Task<TestDatabase?> CreateDatabaseAsync() =>
        TestDatabase.PostgresSkipReason is null ? await PostgresTestDatabase.CreateAsync() : null;
}

// Every log line the host writes, as text, to prove what never reaches a log.
public sealed class LogCapture : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyCollection<string> Lines => _lines;

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _lines);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull
        {
            lines.Enqueue($"{category} scope: {state}");
            return null;
        }

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join("; ", pairs.Select(p => $"{p.Key}={p.Value}")) : "";
            lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)} [{values}] {exception}");
        }
    }
}
