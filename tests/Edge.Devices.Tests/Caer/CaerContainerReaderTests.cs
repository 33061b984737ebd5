using System.Runtime.InteropServices;
using Edge.Devices.Cameras.Caer;
using Edge.Runtime;
using Edge.Runtime.Events;

namespace Edge.Devices.Tests.Caer;

/// <summary>
/// The managed side of the libcaer driver on synthesised packet containers laid out exactly as
/// libcaer leaves them in memory.
/// </summary>
public class CaerContainerReaderTests
{
    [Fact]
    public void Translates_polarity_events_with_libcaer_conventions()
    {
        // libcaer has already flipped DVS128 axes and polarity: x, y upper-left, bit 1 = ON.
        var container = CaerPacketBuilder.Container(
            CaerPacketBuilder.Polarity(tsOverflow: 0,
                (X: 0, Y: 0, On: true, Ts: 100, Valid: true),
                (X: 345, Y: 259, On: false, Ts: 101, Valid: true),
                (X: 7, Y: 8, On: true, Ts: 102, Valid: false),
                (X: 639, Y: 479, On: false, Ts: 103, Valid: true)));
        var reader = new CaerContainerReader();
        reader.Start(container);
        var events = new DvsEvent[8];

        var n = reader.Read(events);

        Assert.True(reader.IsDone);
        reader.FreeContainer();
        Assert.Equal(
            [new DvsEvent(100, 0, 0, 1), new DvsEvent(101, 345, 259, 0), new DvsEvent(103, 639, 479, 0)],
            events[..n]);
    }

    [Fact]
    public void Joins_the_timestamp_overflow_counter_into_64_bit_time()
    {
        var container = CaerPacketBuilder.Container(
            CaerPacketBuilder.Polarity(tsOverflow: 2, (X: 1, Y: 2, On: true, Ts: int.MaxValue, Valid: true)));
        var reader = new CaerContainerReader();
        reader.Start(container);
        var events = new DvsEvent[1];

        Assert.Equal(1, reader.Read(events));
        reader.FreeContainer();

        Assert.Equal((2L << 31) | int.MaxValue, events[0].T);
    }

    [Fact]
    public void Resumes_inside_a_packet_skips_other_packets_and_null_slots()
    {
        var first = CaerPacketBuilder.Polarity(0,
            [.. Enumerable.Range(0, 10).Select(i => (X: i, Y: 1, On: i % 2 == 0, Ts: 1000 + i, Valid: true))]);
        var second = CaerPacketBuilder.Polarity(0,
            [.. Enumerable.Range(0, 5).Select(i => (X: i, Y: 2, On: true, Ts: 2000 + i, Valid: true))]);
        var imu = CaerPacketBuilder.Other(type: 3, eventSize: 36, count: 4);
        var container = CaerPacketBuilder.Container(first, imu, null, second);
        var reader = new CaerContainerReader();
        reader.Start(container);
        var all = new List<DvsEvent>();
        var chunk = new DvsEvent[3];

        while (!reader.IsDone)
        {
            all.AddRange(chunk.AsSpan(0, reader.Read(chunk)));
        }
        reader.FreeContainer();

        Assert.Equal(15, all.Count);
        Assert.Equal(Enumerable.Range(0, 10).Select(i => 1000L + i).Concat(Enumerable.Range(0, 5).Select(i => 2000L + i)), all.Select(e => e.T));
        Assert.Equal(4, reader.EventsSkipped);
    }

    [Fact]
    public void A_timestamp_reset_keeps_time_monotonic()
    {
        var reader = new CaerContainerReader();
        var events = new DvsEvent[4];
        reader.Start(CaerPacketBuilder.Container(CaerPacketBuilder.Polarity(0, (X: 1, Y: 1, On: true, Ts: 50_000, Valid: true))));
        reader.Read(events);
        reader.FreeContainer();

        reader.Start(CaerPacketBuilder.Container(
            CaerPacketBuilder.Special(specialType: 1, ts: 0),
            CaerPacketBuilder.Polarity(0, (X: 2, Y: 2, On: false, Ts: 10, Valid: true))));
        var n = reader.Read(events);
        reader.FreeContainer();

        Assert.Equal(1, n);
        Assert.Equal(50_000 + 1 + 10, events[0].T);
        Assert.Equal(1, reader.TimestampResets);
    }

    [Fact]
    public void Reading_allocates_nothing()
    {
        var packet = CaerPacketBuilder.Polarity(0,
            [.. Enumerable.Range(0, 256).Select(i => (X: i, Y: i % 100, On: true, Ts: i, Valid: true))]);
        var reader = new CaerContainerReader();
        var events = new DvsEvent[64];
        var containers = Enumerable.Range(0, 1000).Select(_ => CaerPacketBuilder.Container(packet)).ToArray();

        var before = GC.GetAllocatedBytesForCurrentThread();
        foreach (var container in containers)
        {
            reader.Start(container);
            while (!reader.IsDone)
            {
                reader.Read(events);
            }
            reader.FreeContainer();
        }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Without_libcaer_or_a_camera_opening_says_what_to_install_or_check()
    {
        var ex = Assert.Throws<DeviceUnavailableException>(() => CaerEventSource.Open(CaerCamera.Davis));

        if (NativeLibrary.TryLoad("libcaer.so.3", out _) || NativeLibrary.TryLoad("libcaer.so", out _))
        {
            Assert.StartsWith("no Davis camera could be opened through libcaer", ex.Message, StringComparison.Ordinal);
        }
        else
        {
            Assert.StartsWith("libcaer is not installed (looked for libcaer.so.3 and libcaer.so): build and install libcaer", ex.Message, StringComparison.Ordinal);
        }
        Assert.DoesNotContain('\n', ex.Message);
    }
}
