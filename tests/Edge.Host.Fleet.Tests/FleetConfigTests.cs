using System.Text.Json;
using Edge.Cli.Tests.Run;
using Edge.Host.Fleet.Broker;

namespace Edge.Host.Fleet.Tests;

/// <summary>The fleet's settings of <c>edge run</c>: checked before anything starts, one line each, the password never printed.</summary>
[Collection("fleet")]
public sealed class FleetConfigTests
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(60);

    [Fact]
    public void Print_config_shows_the_fleet_section_and_the_weight_seed_but_not_the_password()
    {
        var folder = Directory.CreateTempSubdirectory("edge-fleet-config-").FullName;
        try
        {
            var config = Path.Combine(folder, "run.json");
            File.WriteAllText(config, """{ "fleet": { "broker": "mqtt://127.0.0.1:1883", "board_id": "pi-07", "username": "pi-07", "password": "secret" }, "weight_seed": 7 }""");
            var (code, stdout, stderr) = EdgeProcess.Run(HangGuard, null, "run", "--config", config, "--print-config");
            Assert.True(code == 0, stderr);
            Assert.DoesNotContain("secret", stdout, StringComparison.Ordinal);
            var row = JsonDocument.Parse(stdout).RootElement;
            Assert.Equal(7, row.GetProperty("weight_seed").GetInt32());
            var fleet = row.GetProperty("fleet");
            Assert.Equal("mqtt://127.0.0.1:1883", fleet.GetProperty("broker").GetString());
            Assert.Equal("pi-07", fleet.GetProperty("board_id").GetString());
            Assert.True(fleet.GetProperty("password").GetBoolean());

            File.WriteAllText(config, """{ "fleet": { "broker": "mqtt://127.0.0.1:1883", "pasword": "x" } }""");
            var (badKey, _, badKeyErr) = EdgeProcess.Run(HangGuard, null, "run", "--config", config, "--print-config");
            Assert.Equal(2, badKey);
            Assert.EndsWith("unknown setting 'fleet.pasword' (there: broker, board_id, username, password, ca, predictions_per_s, metrics_queue)", badKeyErr.Trim(), StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Theory]
    [InlineData("--labels fleet needs a broker: give --fleet mqtt://HOST:PORT (or fleet.broker in the configuration)", "--labels", "fleet")]
    [InlineData("--fleet 'tcp://x:1': not mqtt://HOST:PORT or mqtts://HOST:PORT", "--fleet", "tcp://x:1")]
    [InlineData("--board-id 'a/b': '/' is not allowed (letters, digits, '-', '_', '.'; it becomes a topic level)", "--fleet", "mqtt://127.0.0.1:1", "--board-id", "a/b")]
    [InlineData("--board-id 'pi' is for a fleet: give --fleet mqtt://HOST:PORT too", "--board-id", "pi")]
    [InlineData("--source 'sim:bar-right@1s,bar-left@1s?show=bar-left': show= picks classes of a simulated task (motion, digits, gestures), not of a scene or schedule", "--source", "sim:bar-right@1s,bar-left@1s?show=bar-left", "--duration", "1s")]
    public void Bad_fleet_settings_are_one_line_and_exit_2(string message, params string[] args)
    {
        var (code, _, stderr) = EdgeProcess.Run(HangGuard, null, ["run", .. args]);
        Assert.Equal(2, code);
        Assert.Equal("edge: " + message, stderr.Trim());
    }

    [Fact]
    public void Broker_addresses_take_default_ports_and_refuse_what_is_not_a_broker()
    {
        Assert.Equal(new BrokerAddress("broker.site", 1883, false), BrokerAddress.Parse("mqtt://broker.site"));
        Assert.Equal(new BrokerAddress("127.0.0.1", 8883, true), BrokerAddress.Parse("mqtts://127.0.0.1"));
        Assert.Equal("mqtts://h:9000", BrokerAddress.Parse("mqtts://h:9000").ToString());
        Assert.Throws<UserInputException>(() => BrokerAddress.Parse("mqtt://user:pw@h:1"));
        Assert.Throws<UserInputException>(() => BrokerAddress.Parse("mqtt://h:1/topic"));
        Assert.Throws<UserInputException>(() => BrokerAddress.Parse(""));
    }
}
