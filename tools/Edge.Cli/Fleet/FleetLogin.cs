using System.CommandLine;
using Edge.Host.Fleet.Broker;

namespace Edge.Cli.Fleet;

/// <summary>The options every <c>edge fleet</c> verb shares: the broker and the fleet's login.</summary>
internal sealed class FleetLogin
{
    public Option<string> Broker { get; } = new("--broker", "-b")
    {
        Description = "The broker: mqtt://HOST:PORT or mqtts://HOST:PORT.",
        Required = true,
    };

    public Option<string?> Username { get; } = new("--username", "-u")
    {
        Description = "Broker user (one allowed to write edge/+/cmd and edge/+/weights/in); the password is read from EDGE_FLEET_PASSWORD.",
    };

    public Option<string?> Ca { get; } = new("--ca") { Description = "PEM file of the CA that signed the broker's certificate (mqtts://)." };

    public void AddTo(Command command)
    {
        command.Options.Add(Broker);
        command.Options.Add(Username);
        command.Options.Add(Ca);
    }

    /// <exception cref="UserInputException">The URL or the CA file is not usable.</exception>
    public BrokerLogin Read(ParseResult parse)
    {
        var address = BrokerAddress.Parse(parse.GetValue(Broker), "--broker");
        var ca = parse.GetValue(Ca);
        if (ca is not null && !File.Exists(ca))
        {
            throw new UserInputException($"--ca: no file at '{ca}'");
        }
        if (ca is not null && !address.Tls)
        {
            throw new UserInputException($"--ca '{ca}': a CA is for mqtts:// brokers, not {address}");
        }
        return new BrokerLogin
        {
            Address = address,
            Username = parse.GetValue(Username),
            Password = BrokerLogin.PasswordOrEnvironment(null),
            CaFile = ca,
        };
    }
}
