using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Edge.Runtime.Events;

namespace Edge.Devices.Cameras.Caer;

/// <summary>
/// Walks one libcaer packet container in native memory and turns its polarity packets into
/// <see cref="DvsEvent"/>s, as many as the destination holds, resuming where it stopped.
/// Packets of other types (IMU, APS frames, special) are skipped and counted, except
/// TIMESTAMP_RESET, after which time is shifted so that it stays monotonic; a packet whose header
/// contradicts itself is skipped unread (<see cref="PacketsDamaged"/>). Allocates nothing.
/// </summary>
/// <remarks>
/// Container layout (packed): <c>i64 lowestTs; i64 highestTs; i32 eventsNumber; i32 eventsValid;
/// i32 eventPacketsNumber; caerEventPacketHeader eventPackets[]</c> — pointer slots may be null.
/// </remarks>
internal sealed unsafe class CaerContainerReader
{
    private const int PacketsNumberOffset = 24;
    private const int PacketsOffset = 28;
    private nint _container;
    private int _packets;
    private int _packet;
    private int _event;
    private long _shift;
    private long _last = long.MinValue;

    /// <summary>The container being read (0 when none).</summary>
    public nint Container => _container;

    /// <summary>True when every event of the container was handed out.</summary>
    public bool IsDone => _packet >= _packets;

    /// <summary>Events of non-polarity packets skipped.</summary>
    public long EventsSkipped { get; private set; }

    /// <summary>Polarity or special packets skipped unread because their header contradicts itself.</summary>
    public long PacketsDamaged { get; private set; }

    /// <summary>Timestamp resets that were shifted to keep time monotonic.</summary>
    public long TimestampResets { get; private set; }

    /// <summary>Starts reading <paramref name="container"/> (a <c>caerEventPacketContainer</c>).</summary>
    public void Start(nint container)
    {
        _container = container;
        _packets = container == 0 ? 0 : Unsafe.ReadUnaligned<int>((byte*)container + PacketsNumberOffset);
        _packet = 0;
        _event = 0;
    }

    /// <summary>Frees the container and its packets (as libcaer's inline <c>caerEventPacketContainerFree</c>: they come from malloc).</summary>
    public void FreeContainer()
    {
        if (_container != 0)
        {
            var packets = Unsafe.ReadUnaligned<int>((byte*)_container + PacketsNumberOffset);
            for (var i = 0; i < packets; i++)
            {
                NativeMemory.Free((void*)PacketAt(i));
            }
            NativeMemory.Free((void*)_container);
        }
        Start(0);
    }

    /// <summary>Writes the next events into <paramref name="destination"/>; returns how many.</summary>
    public int Read(Span<DvsEvent> destination)
    {
        var n = 0;
        while (n < destination.Length && _packet < _packets)
        {
            var header = PacketAt(_packet);
            if (header == 0)
            {
                NextPacket();
                continue;
            }
            var headerBytes = new ReadOnlySpan<byte>((void*)header, CaerPacket.HeaderSize);
            var type = BinaryPrimitives.ReadInt16LittleEndian(headerBytes);
            if (type is not (CaerPacket.PolarityType or CaerPacket.SpecialType))
            {
                EventsSkipped += Math.Max(0, BinaryPrimitives.ReadInt32LittleEndian(headerBytes[20..]));
                NextPacket();
                continue;
            }
            if (!CaerPacket.IsConsistent(headerBytes))
            {
                // A header that contradicts itself cannot say where its events end: none is read.
                PacketsDamaged++;
                NextPacket();
                continue;
            }
            var packet = new CaerPacket(new ReadOnlySpan<byte>((void*)header, CaerPacket.TotalSize(headerBytes)));
            var count = packet.Number;
            switch (packet.Type)
            {
                case CaerPacket.PolarityType:
                    for (; _event < count && n < destination.Length; _event++)
                    {
                        if (packet.IsValid(_event))
                        {
                            destination[n++] = Monotonic(packet.Polarity(_event));
                        }
                    }
                    break;
                case CaerPacket.SpecialType:
                    for (; _event < count; _event++)
                    {
                        if (packet.IsValid(_event) && packet.IsTimestampReset(_event))
                        {
                            _shift = _last + 1;
                            TimestampResets++;
                        }
                    }
                    break;
                default:
                    EventsSkipped += count;
                    _event = count;
                    break;
            }
            if (_event >= count)
            {
                NextPacket();
            }
        }
        return n;
    }

    private nint PacketAt(int index) => Unsafe.ReadUnaligned<nint>((byte*)_container + PacketsOffset + (index * sizeof(nint)));

    private void NextPacket()
    {
        _packet++;
        _event = 0;
    }

    private DvsEvent Monotonic(DvsEvent e)
    {
        var t = Math.Max(e.T + _shift, _last);
        _last = t;
        return t == e.T ? e : new DvsEvent(t, e.X, e.Y, e.P);
    }
}
