using System.Buffers.Binary;
using System.Text.Json;
using Edge.Cli.Tests.Support;

namespace Edge.Cli.Tests;

[Collection("cli")]
public class InspectVerbTests
{
    [Fact]
    public void Events_out_of_order_are_reported_apart_from_wraps()
    {
        uint[] times = [1_000, 2_000, 1_500, 3_000, 0xFFFF_0000, 100];
        var header = "% Version 2\n"u8;
        var bytes = new byte[header.Length + 2 + (8 * times.Length)];
        header.CopyTo(bytes);
        bytes[header.Length + 1] = 8;
        for (var i = 0; i < times.Length; i++)
        {
            var record = bytes.AsSpan(header.Length + 2 + (8 * i), 8);
            BinaryPrimitives.WriteUInt32LittleEndian(record, times[i]);
            BinaryPrimitives.WriteUInt32LittleEndian(record[4..], (uint)i | (1u << 14));
        }
        var file = Path.Combine(Path.GetTempPath(), $"edge-inspect-{Guid.NewGuid():N}.dat");
        File.WriteAllBytes(file, bytes);
        try
        {
            var json = EdgeCli.Run("inspect", file, "--json");
            Assert.Equal(0, json.ExitCode);
            var row = JsonDocument.Parse(Assert.Single(json.StdoutLines)).RootElement;
            Assert.Equal(6, row.GetProperty("events").GetInt64());
            Assert.Equal(1, row.GetProperty("timestamp_wraps").GetInt64());
            Assert.Equal(1, row.GetProperty("events_out_of_order").GetInt64());

            var text = EdgeCli.Run("inspect", file);
            Assert.Contains(text.StdoutLines, l => l.StartsWith("out of order 1 events", StringComparison.Ordinal));
        }
        finally
        {
            File.Delete(file);
        }
    }
}
