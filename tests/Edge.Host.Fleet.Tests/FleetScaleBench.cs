using System.Diagnostics;
using System.Globalization;
using System.Net;
using Edge.Host.Fleet.Broker;
using Edge.Host.Fleet.Fleet;
using Edge.Host.Fleet.Tests.Support;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;
using MQTTnet.Server;
using Xunit.Abstractions;

namespace Edge.Host.Fleet.Tests;

/// <summary>
/// How far one broker goes (docs/fleet.md, "Scale"): 50 simulated boards publish what boards publish —
/// per cycle 20 predictions (QoS 0), one metrics message and one retained status (QoS 1), the
/// ratio of the defaults (2 predictions/s, metrics every 10 s) — as fast as the broker takes them,
/// while one fleet client subscribed to edge/# receives everything; then <c>edge fleet merge</c>'s
/// library merges all 50 boards' weight sets of the demo network's size. Against Debian's Mosquitto
/// and MQTTnet's own server. Prints figures; asserts only that messages arrived and the merge took.
/// CI runs 2 s per broker; EDGE_FLEET_BENCH_SECONDS=20 for the documented figures.
/// </summary>
[Collection("fleet")]
public sealed class FleetScaleBench(ITestOutputHelper output)
{
    private const int Boards = 50;
    private const int DemoFloats = 268_424;

    [Fact]
    public async Task Fifty_boards_against_mosquitto_and_mqttnet_server()
    {
        var seconds = double.Parse(Environment.GetEnvironmentVariable("EDGE_FLEET_BENCH_SECONDS") ?? "2", CultureInfo.InvariantCulture);
        var names = Enumerable.Range(0, Boards).Select(i => $"b{i:00}").ToArray();
        using (var mosquitto = Mosquitto.Start(names))
        {
            await Measure("mosquitto", "127.0.0.1", mosquitto.Port, names, n => Mosquitto.PasswordOf(n), Subscriber.Login(mosquitto, Mosquitto.FleetUser), seconds);
        }
        var port = FreePort();
        using var server = new MqttServerFactory().CreateMqttServer(new MqttServerOptionsBuilder().WithDefaultEndpoint()
            .WithDefaultEndpointBoundIPAddress(IPAddress.Loopback).WithDefaultEndpointPort(port).Build());
        await server.StartAsync();
        try
        {
            await Measure("mqttnet", "127.0.0.1", port, names, _ => null, new BrokerLogin { Address = new BrokerAddress("127.0.0.1", port, false) }, seconds);
        }
        finally
        {
            await server.StopAsync(new MqttServerStopOptions());
        }
    }

    private async Task Measure(string broker, string host, int port, string[] names, Func<string, string?> password, BrokerLogin fleetLogin, double seconds)
    {
        var boards = await Task.WhenAll(names.Select(n => SimulatedBoard.ConnectAsync(host, port, n, password(n), DemoFloats)));
        var delivered = 0L;
        var deliveredBytes = 0L;
        await using (var fleet = await FleetClient.ConnectAsync(fleetLogin))
        {
            using var counting = fleet.Listen((topic, payload) =>
            {
                Interlocked.Increment(ref delivered);
                Interlocked.Add(ref deliveredBytes, payload.Length);
            });
            await fleet.SubscribeAsync("edge/#");
            await Task.Delay(300);
            Interlocked.Exchange(ref delivered, 0);
            Interlocked.Exchange(ref deliveredBytes, 0);
            var published = 0L;
            var clock = Stopwatch.StartNew();
            await Task.WhenAll(boards.Select(b => Task.Run(async () =>
            {
                var prediction = SimulatedBoard.PredictionPayload(b.Id);
                var metrics = SimulatedBoard.MetricsPayload(b.Id);
                var status = b.StatusPayload();
                while (clock.Elapsed.TotalSeconds < seconds)
                {
                    for (var i = 0; i < 20; i++)
                    {
                        await b.Client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(FleetTopics.Predictions(b.Id)).WithPayload(prediction).Build());
                    }
                    await b.Client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(FleetTopics.Metrics(b.Id)).WithPayload(metrics)
                        .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());
                    await b.Client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(FleetTopics.Status(b.Id)).WithPayload(status).WithRetainFlag()
                        .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());
                    Interlocked.Add(ref published, 22);
                }
            })));
            var elapsed = clock.Elapsed.TotalSeconds;
            await Task.Delay(500);
            var got = Interlocked.Read(ref delivered);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{broker}: {Boards} boards published {published / elapsed:0} msg/s; the fleet received {got / elapsed:0} msg/s ({Interlocked.Read(ref deliveredBytes) / elapsed / 1e6:0.00} MB/s) over {elapsed:0.0} s; payloads {SimulatedBoard.PredictionPayload("b00").Length}/{SimulatedBoard.MetricsPayload("b00").Length}/{boards[0].StatusPayload().Length} bytes (prediction/metrics/status)"));
            Assert.True(got > 0, "the fleet received the boards' messages");
        }
        await using (var fleet = await FleetClient.ConnectAsync(fleetLogin))
        {
            await Task.Delay(500);
            var result = await FleetMerge.RunAsync(fleet, names, MergeWeighting.Samples, TimeSpan.FromSeconds(120));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{broker}: merge of {result.Rows.Count(r => r.Outcome == "merged")} boards × {DemoFloats * 4 / 1e6:0.00} MB weight sets in {result.Seconds:0.00} s"));
            Assert.True(result.Merged, string.Join("; ", result.Rows.Where(r => r.Reason is not null).Select(r => r.Reason).Take(3)));
        }
        foreach (var b in boards)
        {
            await b.DisposeAsync();
        }
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
