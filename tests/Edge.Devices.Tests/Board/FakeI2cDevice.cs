using System.Device.I2c;

namespace Edge.Devices.Tests.Board;

/// <summary>An I2C device that records every write (one entry per transaction).</summary>
internal sealed class FakeI2cDevice(int bus, int address, bool answers = true) : I2cDevice
{
    public override I2cConnectionSettings ConnectionSettings { get; } = new(bus, address);

    public List<byte[]> Writes { get; } = [];

    public override byte ReadByte() => 0;

    public override void Read(Span<byte> buffer) => buffer.Clear();

    public override void WriteByte(byte value) => Write([value]);

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        if (!answers)
        {
            throw new IOException("Error 6 performing I2C data transfer."); // what UnixI2cDevice throws on a NACK
        }
        lock (Writes)
        {
            Writes.Add(buffer.ToArray());
        }
    }

    public override void WriteRead(ReadOnlySpan<byte> writeBuffer, Span<byte> readBuffer)
    {
        Write(writeBuffer);
        Read(readBuffer);
    }
}
