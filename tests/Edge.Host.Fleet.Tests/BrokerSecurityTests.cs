using System.Text;
using Edge.Host.Fleet.Broker;
using Edge.Host.Fleet.Fleet;
using Edge.Host.Fleet.Tests.Support;
using Edge.Cli.Tests.Run;
using MQTTnet;

namespace Edge.Host.Fleet.Tests;

/// <summary>The broker's side of security, as the fleet relies on it: passwords, the ACL, TLS; and the exit codes of edge fleet.</summary>
[Collection("fleet")]
public sealed class BrokerSecurityTests
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_wrong_password_or_an_unknown_user_is_refused_with_connack_0x86_or_0x87()
    {
        using var broker = Mosquitto.Start(["a"]);
        var (wrong, code) = await Subscriber.ConnectAsync(broker, "a", "not-the-password");
        await wrong.DisposeAsync();
        Assert.Contains((int)code, new[] { 0x86, 0x87 });
        var (stranger, strangerCode) = await Subscriber.ConnectAsync(broker, "nobody");
        await stranger.DisposeAsync();
        Assert.Contains((int)strangerCode, new[] { 0x86, 0x87 });

        var refused = await Assert.ThrowsAsync<BrokerException>(() => FleetClient.ConnectAsync(Subscriber.Login(broker, Mosquitto.FleetUser, password: "wrong")));
        Assert.Equal(BrokerFailure.CredentialsRefused, refused.Failure);
        Assert.Contains(refused.ReasonCode, new int?[] { 0x86, 0x87 });
    }

    [Fact]
    public async Task A_board_that_publishes_on_another_boards_topic_gets_puback_0x87_and_nobody_receives_it()
    {
        using var broker = Mosquitto.Start(["a", "b"]);
        var (watcher, _) = await Subscriber.ConnectAsync(broker, Mosquitto.WatchUser);
        await using var _w = watcher;
        await watcher.SubscribeAsync("edge/#");
        var (a, code) = await Subscriber.ConnectAsync(broker, "a");
        await using var _a = a;
        Assert.Equal(MqttClientConnectResultCode.Success, code);

        var forged = await a.PublishAsync("edge/b/status", Encoding.UTF8.GetBytes("{\"v\":1,\"board\":\"b\",\"status\":\"offline\"}"));
        var forgedIn = await a.PublishAsync("edge/b/weights/in", [1, 2, 3]);
        var forgedCmd = await a.PublishAsync("edge/a/cmd", Encoding.UTF8.GetBytes("mode infer"));
        var own = await a.PublishAsync("edge/a/metrics", Encoding.UTF8.GetBytes("{}"));
        await Task.Delay(500);

        Assert.Equal(0x87, (int)forged.ReasonCode);
        Assert.Equal(0x87, (int)forgedIn.ReasonCode);
        Assert.Equal(0x87, (int)forgedCmd.ReasonCode);
        Assert.True(own.IsSuccess, own.ReasonCode.ToString());
        var topics = watcher.Messages.Select(m => m.Topic).ToList();
        Assert.Equal(["edge/a/metrics"], topics);
    }

    [Fact]
    public async Task The_fleet_lists_boards_over_mqtts_with_the_ca_it_is_given_and_not_without()
    {
        using var broker = Mosquitto.Start(["a"], tls: true);
        await using (var fleet = await FleetClient.ConnectAsync(Subscriber.Login(broker, Mosquitto.FleetUser, tls: true)))
        {
            await Task.Delay(200);
            Assert.Empty(fleet.Boards);
        }
        var untrusted = await Assert.ThrowsAsync<BrokerException>(() => FleetClient.ConnectAsync(Subscriber.Login(broker, Mosquitto.FleetUser, tls: true) with { CaFile = null }));
        Assert.Equal(BrokerFailure.Unreachable, untrusted.Failure);

        var env = new Dictionary<string, string> { ["EDGE_FLEET_PASSWORD"] = Mosquitto.PasswordOf(Mosquitto.FleetUser) };
        var (ok, stdout, stderr) = EdgeProcess.Run(HangGuard, env, "fleet", "list", "--broker", broker.TlsUrl, "--username", Mosquitto.FleetUser, "--ca", broker.CaFile, "--wait", "200ms", "--json");
        Assert.True(ok == 0, stderr);
        Assert.Equal("", stdout);
    }

    [Fact]
    public void Edge_fleet_exits_3_when_the_broker_is_unreachable_and_2_when_the_login_is_refused()
    {
        using var broker = Mosquitto.Start([]);
        var (refused, _, refusedErr) = EdgeProcess.Run(HangGuard, new Dictionary<string, string> { ["EDGE_FLEET_PASSWORD"] = "wrong" },
            "fleet", "list", "--broker", broker.Url, "--username", Mosquitto.FleetUser);
        Assert.Equal(2, refused);
        Assert.Single(refusedErr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("CONNACK 0x8", refusedErr, StringComparison.Ordinal);
        var port = broker.Port;
        broker.Pause();
        var (unreachable, _, unreachableErr) = EdgeProcess.Run(HangGuard, null, "fleet", "send", "a", "save", "--broker", $"mqtt://127.0.0.1:{port}");
        Assert.Equal(3, unreachable);
        Assert.StartsWith($"edge: broker mqtt://127.0.0.1:{port} is unreachable", unreachableErr, StringComparison.Ordinal);
        var (bad, _, badErr) = EdgeProcess.Run(HangGuard, null, "fleet", "list", "--broker", "http://127.0.0.1:1");
        Assert.Equal(2, bad);
        Assert.Contains("not mqtt://HOST:PORT", badErr, StringComparison.Ordinal);
    }
}
