using System.IO.Pipes;
using System.Net;
using System.Net.Sockets;
using Edge.Devices.Cameras.Prophesee;
using Edge.Drivers.Formats;
using Edge.Runtime.Events;
using Edge.TestSupport;

namespace Edge.Devices.Tests.Prophesee;

/// <summary>
/// Prophesee raw streams as OpenEB's tools hand them over, played from the real sample
/// recordings through a pipe and a loopback socket; the reference is the drivers' file reader.
/// </summary>
public class EvtStreamSourceTests
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task An_EVT3_recording_through_a_pipe_decodes_like_the_file()
    {
        var path = SharedData.Resolve("data", "samples", "evt3", "evt3_sample_small.raw");
        var expected = ReadAll(EventFile.OpenRead(path));
        using var server = new AnonymousPipeServerStream(PipeDirection.Out);
        using var client = new AnonymousPipeClientStream(PipeDirection.In, server.ClientSafePipeHandle);
        var writer = WriteInChunksAsync(server, await File.ReadAllBytesAsync(path), chunk: 333);

        using var source = new EvtStreamSource(client, "pipe");
        var received = ReadAll(source);
        await writer.WaitAsync(Guard);

        Assert.Equal(EventFormat.Evt3, source.Format);
        Assert.Equal(expected.Count, received.Count);
        Assert.Equal(expected, received);
    }

    [Fact]
    public async Task Headerless_EVT2_over_tcp_needs_the_format_and_then_decodes_like_the_file()
    {
        var path = SharedData.Resolve("data", "samples", "evt2", "evt2_sample.raw");
        using var file = (PropheseeRawReader)EventFile.OpenRead(path);
        var headerBytes = file.Header.ByteLength;
        var expected = ReadAll(file);
        var bytes = await File.ReadAllBytesAsync(path);
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var serve = Task.Run(async () =>
        {
            using var peer = await listener.AcceptSocketAsync();
            using var stream = new NetworkStream(peer);
            await WriteInChunksAsync(stream, bytes.AsMemory((int)headerBytes), chunk: 4000);
        });

        using var source = EvtStreamSource.OpenTcp("127.0.0.1", port, new EvtStreamOptions { Format = EventFormat.Evt2 });
        var received = ReadAll(source);
        await serve.WaitAsync(Guard);

        Assert.Equal(539_481, expected.Count);
        Assert.Equal(expected, received);
    }

    [Fact]
    public async Task Read_returns_what_has_arrived_without_waiting_to_fill_the_destination()
    {
        var path = SharedData.Resolve("data", "samples", "evt3", "evt3_sample_small.raw");
        var bytes = File.ReadAllBytes(path);
        using var server = new AnonymousPipeServerStream(PipeDirection.Out);
        using var client = new AnonymousPipeClientStream(PipeDirection.In, server.ClientSafePipeHandle);
        server.Write(bytes, 0, 4096); // header and the first words only; the writer then pauses

        using var source = new EvtStreamSource(client, "pipe");
        var events = new DvsEvent[100_000];
        var read = Task.Run(() => source.Read(events));

        // A file reader would block here until 100 000 events arrived; the live source must not.
        var n = await read.WaitAsync(Guard);
        Assert.InRange(n, 1, 4096);
    }

    [Fact]
    public void A_stream_without_header_or_format_is_refused_with_one_line()
    {
        using var data = new MemoryStream([0x00, 0x80, 0x12, 0x34]);

        var ex = Assert.Throws<EventStreamException>(() => new EvtStreamSource(data, "stdin"));

        Assert.Equal("stdin: byte 0: the stream has no '%' header naming its encoding; say which it is (format=evt2 or format=evt3)", ex.Message);
    }

    [Fact]
    public void Reading_allocates_nothing()
    {
        var path = SharedData.Resolve("data", "samples", "evt3", "evt3_sample.raw");
        using var source = new EvtStreamSource(File.OpenRead(path), "file");
        var events = new DvsEvent[128];
        source.Read(events);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var calls = 0;
        while (source.Read(events) > 0)
        {
            calls++;
        }
        Assert.True(calls > 1000);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private static async Task WriteInChunksAsync(Stream stream, ReadOnlyMemory<byte> bytes, int chunk)
    {
        for (var offset = 0; offset < bytes.Length; offset += chunk)
        {
            await stream.WriteAsync(bytes.Slice(offset, Math.Min(chunk, bytes.Length - offset)));
        }
        stream.Close();
    }

    private static Task WriteInChunksAsync(Stream stream, byte[] bytes, int chunk) => WriteInChunksAsync(stream, bytes.AsMemory(), chunk);

    private static List<DvsEvent> ReadAll(IEventSource source)
    {
        var all = new List<DvsEvent>();
        var buffer = new DvsEvent[4096];
        for (int n; (n = source.Read(buffer)) > 0;)
        {
            all.AddRange(buffer.AsSpan(0, n));
        }
        return all;
    }
}
