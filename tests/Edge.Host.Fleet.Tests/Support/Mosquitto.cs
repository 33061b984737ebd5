using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Edge.Host.Fleet.Tests.Support;

/// <summary>
/// Debian's Mosquitto (/usr/sbin/mosquitto, installed by scripts/install-test-deps.sh), started on a
/// free port of 127.0.0.1 with a generated configuration: no anonymous login, a password file made
/// with mosquitto_passwd, and the fleet's ACL — each board user writes only its own status, metrics,
/// predictions and weights/out and reads its own cmd and weights/in; the <c>fleet</c> user reads
/// everything and writes every board's cmd and weights/in; the <c>watch</c> user reads everything.
/// With TLS, a second listener speaks mqtts:// with a certificate signed by a CA generated here.
/// Stopped (and its folder deleted) on dispose.
/// </summary>
internal sealed class Mosquitto : IDisposable
{
    public const string FleetUser = "fleet";
    public const string WatchUser = "watch";

    private readonly string _folder;
    private Process? _process;

    private Mosquitto(string folder, int port, int? tlsPort)
    {
        _folder = folder;
        Port = port;
        TlsPort = tlsPort;
    }

    public int Port { get; }

    public int? TlsPort { get; }

    public string Url => string.Create(CultureInfo.InvariantCulture, $"mqtt://127.0.0.1:{Port}");

    public string TlsUrl => string.Create(CultureInfo.InvariantCulture, $"mqtts://127.0.0.1:{TlsPort}");

    /// <summary>The CA's certificate (PEM) of the TLS listener.</summary>
    public string CaFile => Path.Combine(_folder, "ca.pem");

    public string Log => File.Exists(Path.Combine(_folder, "log")) ? File.ReadAllText(Path.Combine(_folder, "log")) : "";

    /// <summary>The password of a user (its name and "-pw").</summary>
    public static string PasswordOf(string user) => user + "-pw";

    public static Mosquitto Start(IEnumerable<string> boards, bool tls = false)
    {
        var folder = Directory.CreateTempSubdirectory("edge-mosquitto-").FullName;
        var broker = new Mosquitto(folder, FreePort(), tls ? FreePort() : null);
        var users = new List<string> { FleetUser, WatchUser };
        users.AddRange(boards);
        var passwords = Path.Combine(folder, "passwd");
        File.WriteAllText(passwords, "");
        foreach (var user in users)
        {
            Run("mosquitto_passwd", "-b", passwords, user, PasswordOf(user));
        }
        File.WriteAllText(Path.Combine(folder, "acl"), string.Join('\n',
            $"user {FleetUser}", "topic read edge/#", "topic write edge/+/cmd", "topic write edge/+/weights/in", "",
            $"user {WatchUser}", "topic read edge/#", "",
            "pattern write edge/%u/status", "pattern write edge/%u/metrics", "pattern write edge/%u/predictions", "pattern write edge/%u/weights/out",
            "pattern read edge/%u/cmd", "pattern read edge/%u/weights/in", ""));
        var config = new StringBuilder()
            .AppendLine("per_listener_settings false")
            .AppendLine("allow_anonymous false")
            .AppendLine("persistence false")
            .AppendLine(CultureInfo.InvariantCulture, $"user {Environment.UserName}")
            .AppendLine(CultureInfo.InvariantCulture, $"password_file {passwords}")
            .AppendLine(CultureInfo.InvariantCulture, $"acl_file {Path.Combine(folder, "acl")}")
            .AppendLine("log_dest stderr")
            .AppendLine("log_type error").AppendLine("log_type warning").AppendLine("log_type notice").AppendLine("log_type information")
            .AppendLine(CultureInfo.InvariantCulture, $"listener {broker.Port} 127.0.0.1");
        if (tls)
        {
            MakeCertificates(folder);
            config.AppendLine(CultureInfo.InvariantCulture, $"listener {broker.TlsPort} 127.0.0.1")
                .AppendLine(CultureInfo.InvariantCulture, $"cafile {Path.Combine(folder, "ca.pem")}")
                .AppendLine(CultureInfo.InvariantCulture, $"certfile {Path.Combine(folder, "server.pem")}")
                .AppendLine(CultureInfo.InvariantCulture, $"keyfile {Path.Combine(folder, "server.key")}");
        }
        File.WriteAllText(Path.Combine(folder, "mosquitto.conf"), config.ToString());
        broker.Resume();
        return broker;
    }

    /// <summary>Stops the broker process (its port stays ours for <see cref="Resume"/>).</summary>
    public void Pause()
    {
        if (_process is { HasExited: false } p)
        {
            p.Kill();
            p.WaitForExit();
        }
        _process?.Dispose();
        _process = null;
    }

    /// <summary>Starts (or restarts) the broker and waits until it accepts connections.</summary>
    public void Resume()
    {
        var info = new ProcessStartInfo(Executable, ["-c", Path.Combine(_folder, "mosquitto.conf")])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        var process = Process.Start(info) ?? throw new InvalidOperationException("mosquitto did not start");
        var log = Path.Combine(_folder, "log");
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { } line)
            {
                lock (_folder)
                {
                    File.AppendAllText(log, line + "\n");
                }
            }
        };
        process.BeginErrorReadLine();
        _process = process;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(10))
        {
            Assert.False(process.HasExited, "mosquitto exited: " + Log);
            if (Accepts(Port) && (TlsPort is not { } t || Accepts(t)))
            {
                return;
            }
            Thread.Sleep(20);
        }
        Assert.Fail("mosquitto did not listen within 10 s: " + Log);
    }

    public void Dispose()
    {
        Pause();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still open: the temporary folder is left.
        }
    }

    private static string Executable => File.Exists("/usr/sbin/mosquitto") ? "/usr/sbin/mosquitto"
        : throw new InvalidOperationException("Mosquitto is not installed: run scripts/install-test-deps.sh (Debian's mosquitto package)");

    private static bool Accepts(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>A CA and a server certificate for 127.0.0.1 and localhost signed by it (openssl).</summary>
    private static void MakeCertificates(string folder)
    {
        string In(string name) => Path.Combine(folder, name);
        Run("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=Edge test CA", "-keyout", In("ca.key"), "-out", In("ca.pem"));
        Run("openssl", "req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=127.0.0.1", "-keyout", In("server.key"), "-out", In("server.csr"));
        File.WriteAllText(In("san.ext"), "subjectAltName=IP:127.0.0.1,DNS:localhost\n");
        Run("openssl", "x509", "-req", "-in", In("server.csr"), "-CA", In("ca.pem"), "-CAkey", In("ca.key"), "-CAcreateserial", "-days", "2",
            "-extfile", In("san.ext"), "-out", In("server.pem"));
    }

    private static void Run(string program, params string[] args)
    {
        using var process = Process.Start(new ProcessStartInfo(program, args) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false })!;
        var error = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{program} {string.Join(' ', args)}: {error.Result}");
    }
}

[CollectionDefinition("fleet", DisableParallelization = true)]
public sealed class SerialFleetTests;
