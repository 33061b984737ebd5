using Edge.Host.Fleet.Board;
using Edge.Host.Fleet.Broker;
using Microsoft.Extensions.Configuration;

namespace Edge.Cli.Settings;

/// <summary>
/// The <c>fleet</c> section of the run configuration (docs/fleet.md):
/// <code>
/// "fleet": { "broker": "mqtts://broker.site:8883", "board_id": "pi-07", "username": "pi-07", "password": "…", "ca": "/etc/edge/ca.pem" }
/// </code>
/// The password may come from <c>EDGE_FLEET_PASSWORD</c> instead.
/// </summary>
internal sealed class FleetSettings
{
    /// <summary>Every key of the section, for the unknown-key check.</summary>
    public static readonly string[] Keys = ["broker", "board_id", "username", "password", "ca", "predictions_per_s", "metrics_queue"];

    /// <summary>mqtt://HOST:PORT or mqtts://HOST:PORT; empty: no fleet.</summary>
    [ConfigurationKeyName("broker")]
    public string? Broker { get; set; }

    /// <summary>The board's id (its topics are edge/ID/…); default: the host name.</summary>
    [ConfigurationKeyName("board_id")]
    public string? BoardId { get; set; }

    /// <summary>The broker user; empty connects anonymously.</summary>
    [ConfigurationKeyName("username")]
    public string? Username { get; set; }

    /// <summary>The password; EDGE_FLEET_PASSWORD when empty.</summary>
    [ConfigurationKeyName("password")]
    public string? Password { get; set; }

    /// <summary>PEM file of the CA that signed the broker's certificate (mqtts://).</summary>
    [ConfigurationKeyName("ca")]
    public string? Ca { get; set; }

    /// <summary>Prediction messages per second at most (default 2).</summary>
    [ConfigurationKeyName("predictions_per_s")]
    public double PredictionsPerS { get; set; } = 2;

    /// <summary>Metrics kept while the broker is away (default 64; the oldest are dropped past it).</summary>
    [ConfigurationKeyName("metrics_queue")]
    public int MetricsQueue { get; set; } = 64;

    /// <summary>The board's fleet options, or null when no broker is set.</summary>
    /// <exception cref="UserInputException">A value is not usable.</exception>
    public FleetBoardOptions? ToOptions(bool takesLabels)
    {
        if (string.IsNullOrWhiteSpace(Broker))
        {
            if (takesLabels)
            {
                throw new UserInputException("--labels fleet needs a broker: give --fleet mqtt://HOST:PORT (or fleet.broker in the configuration)");
            }
            if (!string.IsNullOrWhiteSpace(BoardId))
            {
                throw new UserInputException($"--board-id '{BoardId}' is for a fleet: give --fleet mqtt://HOST:PORT too");
            }
            return null;
        }
        if (!(PredictionsPerS > 0 && double.IsFinite(PredictionsPerS)))
        {
            throw new UserInputException(FormattableString.Invariant($"fleet.predictions_per_s {PredictionsPerS} must be a positive number"));
        }
        if (MetricsQueue < 1)
        {
            throw new UserInputException(FormattableString.Invariant($"fleet.metrics_queue {MetricsQueue} must be at least 1"));
        }
        var address = BrokerAddress.Parse(Broker, "--fleet");
        if (!string.IsNullOrWhiteSpace(Ca) && !address.Tls)
        {
            throw new UserInputException($"fleet.ca '{Ca}': a CA is for mqtts:// brokers, not {address}");
        }
        if (!string.IsNullOrWhiteSpace(Ca) && !File.Exists(Ca))
        {
            throw new UserInputException($"fleet.ca: no file at '{Ca}'");
        }
        return new FleetBoardOptions
        {
            Login = new BrokerLogin
            {
                Address = address,
                Username = string.IsNullOrWhiteSpace(Username) ? null : Username,
                Password = BrokerLogin.PasswordOrEnvironment(Password),
                CaFile = string.IsNullOrWhiteSpace(Ca) ? null : Ca,
            },
            BoardId = FleetTopics.CheckBoardId(string.IsNullOrWhiteSpace(BoardId) ? FleetBoardOptions.DefaultBoardId() : BoardId, "--board-id"),
            TakesLabels = takesLabels,
            PredictionInterval = TimeSpan.FromSeconds(1 / PredictionsPerS),
            MetricsQueue = MetricsQueue,
        };
    }
}
