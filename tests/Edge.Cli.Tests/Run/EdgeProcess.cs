using System.Diagnostics;
using System.Text;

namespace Edge.Cli.Tests.Run;

/// <summary>
/// The edge command as a separate process (the test output holds edge.dll), for what an
/// in-process run cannot show: signals, exit codes of a real process, a second run resuming.
/// </summary>
internal sealed class EdgeProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly Lock _gate = new();

    private EdgeProcess(Process process) => _process = process;

    public static EdgeProcess Start(IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var host = Environment.ProcessPath is { } p && Path.GetFileNameWithoutExtension(p) == "dotnet" ? p : "dotnet";
        var info = new ProcessStartInfo(host)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "edge.dll"));
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }
        foreach (var (k, v) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[k] = v;
        }
        var edge = new EdgeProcess(new Process { StartInfo = info });
        edge._process.OutputDataReceived += (_, e) => edge.Append(edge._stdout, e.Data);
        edge._process.ErrorDataReceived += (_, e) => edge.Append(edge._stderr, e.Data);
        edge._process.Start();
        edge._process.BeginOutputReadLine();
        edge._process.BeginErrorReadLine();
        return edge;
    }

    /// <summary>Runs to the end (hang guard: <paramref name="timeout"/>).</summary>
    public static (int Code, string Stdout, string Stderr) Run(TimeSpan timeout, IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        using var edge = Start(environment, args);
        var code = edge.WaitForExit(timeout);
        return (code, edge.Stdout, edge.Stderr);
    }

    public string Stdout
    {
        get
        {
            lock (_gate)
            {
                return _stdout.ToString();
            }
        }
    }

    public string Stderr
    {
        get
        {
            lock (_gate)
            {
                return _stderr.ToString();
            }
        }
    }

    /// <summary>True once the process has ended.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>Writes one line to the process's standard input.</summary>
    public void Send(string line)
    {
        _process.StandardInput.WriteLine(line);
        _process.StandardInput.Flush();
    }

    /// <summary>Closes the process's standard input (its end of file).</summary>
    public void CloseInput() => _process.StandardInput.Close();

    /// <summary>Waits until stderr contains <paramref name="text"/> (false on timeout or exit).</summary>
    public bool WaitForStderr(string text, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if (Stderr.Contains(text, StringComparison.Ordinal))
            {
                return true;
            }
            if (_process.HasExited)
            {
                return false;
            }
            Thread.Sleep(50);
        }
        return false;
    }

    /// <summary>Sends SIGTERM, as systemd does on stop.</summary>
    public void Terminate()
    {
        using var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) } })!;
        kill.WaitForExit();
    }

    public int WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout))
        {
            _process.Kill(entireProcessTree: true);
            throw new TimeoutException($"edge did not exit within {timeout}; stderr: {Stderr}");
        }
        _process.WaitForExit(); // drains the output handlers
        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
        _process.Dispose();
    }

    private void Append(StringBuilder to, string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_gate)
        {
            to.Append(line).Append('\n');
        }
    }
}
