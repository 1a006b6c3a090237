using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace OfficeCoordinator.Api.Tests.Infrastructure;

// The API as its own process, started the way the README says, for what only a real start-up shows
// (configuration from the environment, the embedded defaults, start-up validation).
public sealed class ApiProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private ApiProcess(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }
    public string Output { get { lock (_output) { return _output.ToString(); } } }
    public bool HasExited => _process.HasExited;

    public static string RepositoryRoot { get; } = FindRepositoryRoot();
    public static string ProjectDirectory => Path.Combine(RepositoryRoot, "api", "OfficeCoordinator.Api");

    // The build configuration the tests were built with, so `dotnet run --no-build` finds the same binaries.
    public static string Configuration => new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name;

    public static string ApiAssembly => Path.Combine(ProjectDirectory, "bin", Configuration, "net10.0", "OfficeCoordinator.Api.dll");

    public static string Dotnet => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";

    // `dotnet run --project api/OfficeCoordinator.Api`, with its launch profile, on a free port.
    public static ApiProcess Run(IReadOnlyDictionary<string, string> environment, params string[] appArguments)
    {
        var port = FreePort();
        var arguments = new List<string> { "run", "--no-build", "-c", Configuration, "--project", ProjectDirectory, "--" };
        arguments.AddRange(appArguments);
        arguments.AddRange(["--urls", $"http://127.0.0.1:{port}"]);
        return Start(arguments, environment, port, workingDirectory: RepositoryRoot);
    }

    // The built API assembly with the given content root and environment only.
    public static ApiProcess Exec(IReadOnlyDictionary<string, string> environment, string contentRoot)
    {
        var port = FreePort();
        var variables = new Dictionary<string, string>(environment) { ["ASPNETCORE_CONTENTROOT"] = contentRoot };
        return Start([ApiAssembly, "--urls", $"http://127.0.0.1:{port}"], variables, port, workingDirectory: contentRoot);
    }

    private static ApiProcess Start(IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment, int port, string workingDirectory)
    {
        var info = new ProcessStartInfo(Dotnet)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        // Nothing of the developer's own configuration leaks in.
        foreach (var key in info.Environment.Keys.ToList())
        {
            if (key.StartsWith("ASPNETCORE_", StringComparison.Ordinal) || key.StartsWith("DOTNET_ENVIRONMENT", StringComparison.Ordinal)
                || key.Contains("__", StringComparison.Ordinal) || key is "DataDirectory")
            {
                info.Environment.Remove(key);
            }
        }

        info.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start.");
        var api = new ApiProcess(process, new Uri($"http://127.0.0.1:{port}"));
        process.OutputDataReceived += (_, e) => api.Append(e.Data);
        process.ErrorDataReceived += (_, e) => api.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return api;
    }

    // Polls /health until it answers 200; returns how long that took.
    public async Task<TimeSpan> WaitUntilHealthyAsync(TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
        while (clock.Elapsed < timeout)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The API exited with code {_process.ExitCode}:\n{Output}");
            }

            try
            {
                using var response = await http.GetAsync("/health");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return clock.Elapsed;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"/health did not answer 200 within {timeout}:\n{Output}");
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cancellation.Token);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string FindRepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "OfficeCoordinator.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("OfficeCoordinator.sln not found above " + AppContext.BaseDirectory);
    }
}
