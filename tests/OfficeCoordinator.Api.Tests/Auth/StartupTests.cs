using System.Diagnostics;
using System.Net;
using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using OfficeCoordinator.Api.Tests.Infrastructure;
using OfficeCoordinator.Client;
using OfficeCoordinator.Client.Contracts;
using Xunit.Abstractions;

namespace OfficeCoordinator.Api.Tests.Auth;

// Start-up as a person or a deployment meets it: the real process, configured only as the README says.
[Collection(nameof(StartupTests))]
public sealed class StartupTests(ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private readonly DirectoryInfo _scratch = Directory.CreateTempSubdirectory("oc-start-");

    [Fact]
    public async Task The_run_command_with_no_configuration_answers_health_creates_its_SQLite_database_and_signs_in_locally()
    {
        var data = Path.Combine(_scratch.FullName, "data");
        await using var api = ApiProcess.Run(new Dictionary<string, string>(), "--DataDirectory", data);

        var started = await api.WaitUntilHealthyAsync(StartTimeout);
        output.WriteLine($"/health answered 200 after {started.TotalSeconds:F1} s");

        File.Exists(Path.Combine(data, "officecoordinator.db")).Should().BeTrue();
        File.Exists(Path.Combine(data, "dev-signing-key.txt")).Should().BeTrue();
        using var http = new HttpClient { BaseAddress = api.BaseAddress };
        (await http.GetAsync("/health/ready")).StatusCode.Should().Be(HttpStatusCode.OK);
        var token = await CoordinatorClient.Create(new HttpClient { BaseAddress = api.BaseAddress })
            .CreateDevTokenAsync(new DevTokenRequest("Alice Manager", "alice@contoso.com")).OkAsync();
        var signedIn = CoordinatorClient.Create(new HttpClient { BaseAddress = api.BaseAddress }, token.AccessToken);
        (await signedIn.GetMeAsync().OkAsync()).Email.Should().Be("alice@contoso.com");
        (await signedIn.ListProjectsAsync().OkAsync()).Items.Should().ContainSingle(p => p.Name == "Contoso product launch" && p.MyRole == ProjectRole.Manager);
        var pane = await http.GetAsync("/outlook/");
        pane.StatusCode.Should().Be(HttpStatusCode.OK, "the build puts the task panes beside the API");
        (await pane.Content.ReadAsStringAsync()).Should().Contain("OfficeCoordinator for Outlook");
    }

    [Fact]
    public async Task A_token_signed_with_a_key_given_only_through_environment_variables_is_accepted_and_an_altered_one_is_not()
    {
        var key = RandomNumberGenerator.GetBytes(48);
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["DataDirectory"] = Path.Combine(_scratch.FullName, "data"),
            ["Authentication__Schemes__Bearer__ValidIssuer"] = "https://issuer.contoso.example",
            ["Authentication__Schemes__Bearer__ValidAudiences__0"] = "api://officecoordinator",
            ["Authentication__Schemes__Bearer__SigningKeys__0__Issuer"] = "https://issuer.contoso.example",
            ["Authentication__Schemes__Bearer__SigningKeys__0__Value"] = Convert.ToBase64String(key),
        };
        await using var api = ApiProcess.Exec(environment, Path.GetDirectoryName(ApiProcess.ApiAssembly)!);
        await api.WaitUntilHealthyAsync(StartTimeout);
        var token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "https://issuer.contoso.example",
            Audience = "api://officecoordinator",
            Expires = DateTime.UtcNow.AddMinutes(10),
            Subject = new ClaimsIdentity([new Claim("tid", "contoso"), new Claim("oid", "oid-1"), new Claim("name", "Ines"), new Claim("email", "ines@contoso.example")]),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(key), SecurityAlgorithms.HmacSha256),
        });
        var altered = token[..^3] + (token[^3] == 'Q' ? "R" : "Q") + token[^2..];

        var me = await CoordinatorClient.Create(new HttpClient { BaseAddress = api.BaseAddress }, token).GetMeAsync().OkAsync();
        var refused = await CoordinatorClient.Create(new HttpClient { BaseAddress = api.BaseAddress }, altered).GetMeAsync()
            .ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        var devToken = await CoordinatorClient.Create(new HttpClient { BaseAddress = api.BaseAddress })
            .CreateDevTokenAsync(new DevTokenRequest("Ines", "ines@contoso.example")).ShouldBeProblemAsync(HttpStatusCode.NotFound);

        me.Should().Be(new SignedInUser("contoso", "oid-1", "Ines", "ines@contoso.example"));
        refused.Detail.Should().Contain("signature");
        devToken.Detail.Should().Contain("/api/dev/token");
        api.Output.Should().NotContain(token.Split('.')[2]).And.NotContain(altered.Split('.')[2]);
    }

    [Fact]
    public async Task Outside_Development_without_a_signing_key_the_API_refuses_to_start_and_names_the_setting()
    {
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["DataDirectory"] = Path.Combine(_scratch.FullName, "data"),
        };
        await using var api = ApiProcess.Exec(environment, Path.GetDirectoryName(ApiProcess.ApiAssembly)!);

        var exitCode = await api.WaitForExitAsync(StartTimeout);

        exitCode.Should().NotBe(0);
        api.Output.Should().Contain("Authentication:Schemes:Bearer:SigningKeys:0:Value");
    }

    [Fact]
    public async Task A_token_from_dotnet_user_jwts_create_is_accepted()
    {
        // user-jwts writes the issuer and audiences into the project's appsettings.Development.json and the key into
        // user secrets under HOME: both go to scratch copies so the developer's own setup is untouched.
        var home = Directory.CreateDirectory(Path.Combine(_scratch.FullName, "home")).FullName;
        var project = Directory.CreateDirectory(Path.Combine(_scratch.FullName, "project")).FullName;
        Directory.CreateDirectory(Path.Combine(project, "Properties"));
        foreach (var file in new[] { "OfficeCoordinator.Api.csproj", "appsettings.json", "appsettings.Development.json", Path.Combine("Properties", "launchSettings.json") })
        {
            File.Copy(Path.Combine(ApiProcess.ProjectDirectory, file), Path.Combine(project, file));
        }

        var token = (await RunAsync(home, "user-jwts", "create", "--project", Path.Combine(project, "OfficeCoordinator.Api.csproj"),
            "--name", "alice", "--claim", "email=alice@contoso.com", "--output", "token")).Trim();
        var environment = new Dictionary<string, string>
        {
            ["HOME"] = home,
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["DataDirectory"] = Path.Combine(_scratch.FullName, "data"),
        };
        await using var api = ApiProcess.Exec(environment, project);
        await api.WaitUntilHealthyAsync(StartTimeout);

        var me = await CoordinatorClient.Create(new HttpClient { BaseAddress = api.BaseAddress }, token).GetMeAsync().OkAsync();

        me.Should().Be(new SignedInUser("local", "alice", "alice", "alice@contoso.com"));
    }

    public void Dispose()
    {
        try
        {
            _scratch.Delete(recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static async Task<string> RunAsync(string home, params string[] arguments)
    {
        var info = new ProcessStartInfo(ApiProcess.Dotnet) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["HOME"] = home;
        info.Environment["DOTNET_NOLOGO"] = "1";
        info.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        process.ExitCode.Should().Be(0, "dotnet {0} should succeed: {1}", string.Join(' ', arguments), await stderr);
        return await stdout;
    }
}
