using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using MQTTnet;
using MQTTnet.Exceptions;
using MQTTnet.Formatter;

namespace Edge.Host.Fleet.Broker;

/// <summary>Connects MQTT 5 clients to the broker of a <see cref="BrokerLogin"/>, mapping failures to one line.</summary>
internal static class BrokerConnection
{
    private static readonly MqttClientFactory Factory = new();

    /// <summary>A new client (not connected).</summary>
    public static IMqttClient CreateClient() => Factory.CreateMqttClient();

    /// <summary>The connect options: MQTT 5, the login, TLS with the CA when mqtts://, a retained will (JSON) when given.</summary>
    /// <exception cref="UserInputException">The CA file cannot be read.</exception>
    public static MqttClientOptions Options(BrokerLogin login, string clientId, (string Topic, byte[] Payload)? will = null, TimeSpan? timeout = null)
    {
        var builder = new MqttClientOptionsBuilder()
            .WithTcpServer(login.Address.Host, login.Address.Port)
            .WithProtocolVersion(MqttProtocolVersion.V500)
            .WithClientId(clientId)
            .WithCleanStart(true)
            .WithKeepAlivePeriod(TimeSpan.FromSeconds(15))
            .WithTimeout(timeout ?? TimeSpan.FromSeconds(5));
        if (login.Username is { Length: > 0 } user)
        {
            builder.WithCredentials(user, login.Password ?? "");
        }
        if (login.Address.Tls)
        {
            var trust = login.CaFile is { } ca ? ReadCa(ca) : null;
            builder.WithTlsOptions(tls =>
            {
                tls.UseTls(true).WithTargetHost(login.Address.Host);
                if (trust is not null)
                {
                    tls.WithTrustChain(trust);
                }
            });
        }
        if (will is { } last)
        {
            builder.WithWillTopic(last.Topic)
                .WithWillPayload(last.Payload)
                .WithWillRetain(true)
                .WithWillQualityOfServiceLevel(MQTTnet.Protocol.MqttQualityOfServiceLevel.AtLeastOnce)
                .WithWillContentType("application/json");
        }
        return builder.Build();
    }

    /// <summary>Connects; a refusal or an unreachable broker is a <see cref="BrokerException"/> with one line.</summary>
    public static async Task ConnectAsync(IMqttClient client, MqttClientOptions options, BrokerAddress address, CancellationToken cancel)
    {
        MqttClientConnectResult result;
        try
        {
            result = await client.ConnectAsync(options, cancel).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is MqttCommunicationException or System.Net.Sockets.SocketException or IOException or OperationCanceledException
                                       or System.Security.Authentication.AuthenticationException)
        {
            if (cancel.IsCancellationRequested)
            {
                throw;
            }
            throw new BrokerException(BrokerFailure.Unreachable, $"broker {address} is unreachable: {Innermost(ex)}", ex);
        }
        if (result.ResultCode != MqttClientConnectResultCode.Success)
        {
            throw Refusal(address, result.ResultCode, result.ReasonString, null);
        }
    }

    private static BrokerException Refusal(BrokerAddress address, MqttClientConnectResultCode code, string? reason, Exception? inner)
    {
        var credentials = code is MqttClientConnectResultCode.BadUserNameOrPassword or MqttClientConnectResultCode.NotAuthorized;
        var text = string.Create(CultureInfo.InvariantCulture,
            $"broker {address} refused the connection: CONNACK 0x{(int)code:x2} ({code}){(string.IsNullOrEmpty(reason) ? "" : ": " + reason)}");
        return new BrokerException(credentials ? BrokerFailure.CredentialsRefused : BrokerFailure.Refused,
            credentials ? text + "; check the user name and EDGE_FLEET_PASSWORD" : text, inner)
        {
            ReasonCode = (int)code,
        };
    }

    private static string Innermost(Exception ex)
    {
        while (ex.InnerException is { } inner)
        {
            ex = inner;
        }
        return ex.Message.ReplaceLineEndings(" ").TrimEnd('.');
    }

    private static X509Certificate2Collection ReadCa(string path)
    {
        try
        {
            var chain = new X509Certificate2Collection();
            chain.ImportFromPemFile(path);
            if (chain.Count == 0)
            {
                throw new UserInputException($"fleet ca '{path}': no certificate in the file (expected PEM)");
            }
            return chain;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
        {
            throw new UserInputException($"fleet ca '{path}': {ex.Message.ReplaceLineEndings(" ").TrimEnd('.')}", ex);
        }
    }
}
