using System.Buffers.Binary;
using System.Text;
using Edge.Runtime.Events;

namespace Edge.Drivers.Tests.Support;

/// <summary>Reads a NumPy v1 file of packed (t i8, x i2, y i2, p u1) records.</summary>
internal static class NpyEvents
{
    public static List<DvsEvent> Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        Assert.True(bytes.AsSpan(0, 6).SequenceEqual(new byte[] { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y' }));
        Assert.Equal(1, bytes[6]);
        int headerLength = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(8));
        var header = Encoding.ASCII.GetString(bytes, 10, headerLength);
        Assert.Contains("('t', '<i8'), ('x', '<i2'), ('y', '<i2'), ('p', '|u1')", header, StringComparison.Ordinal);
        var events = new List<DvsEvent>();
        for (var at = 10 + headerLength; at + 13 <= bytes.Length; at += 13)
        {
            var record = bytes.AsSpan(at, 13);
            events.Add(new DvsEvent(
                BinaryPrimitives.ReadInt64LittleEndian(record),
                (ushort)BinaryPrimitives.ReadInt16LittleEndian(record[8..]),
                (ushort)BinaryPrimitives.ReadInt16LittleEndian(record[10..]),
                record[12]));
        }
        return events;
    }
}
