using Edge.Runtime.Events;

namespace Edge.Runtime.Tests.Events;

public class EventBinnerTests
{
    [Fact]
    public void Downscale_sums_blocks_per_polarity_channel()
    {
        var binner = new EventBinner(new SensorGeometry(128, 128), new BinnerOptions { OutputWidth = 32, OutputHeight = 32, BinDurationUs = 1000 });
        binner.Reset(0);
        ReadOnlySpan<DvsEvent> events =
        [
            new(10, 0, 0, 1), new(11, 3, 3, 1), new(12, 4, 0, 0), new(13, 127, 127, 1),
        ];
        var consumed = binner.Add(events, out var complete);
        Assert.Equal(4, consumed);
        Assert.False(complete);
        var plane = 32 * 32;
        Assert.Equal(2f, binner.Frame[plane + 0]);          // ON, block (0,0): two events
        Assert.Equal(1f, binner.Frame[1]);                  // OFF, block (0,1)
        Assert.Equal(1f, binner.Frame[plane + (31 * 32) + 31]);
    }

    [Fact]
    public void Time_bin_closes_at_the_first_event_past_its_end()
    {
        var binner = new EventBinner(new SensorGeometry(4, 4), new BinnerOptions { OutputWidth = 4, OutputHeight = 4, BinDurationUs = 100 });
        binner.Reset(1000);
        ReadOnlySpan<DvsEvent> events = [new(1000, 0, 0, 1), new(1099, 1, 0, 1), new(1100, 2, 0, 1)];
        var consumed = binner.Add(events, out var complete);
        Assert.Equal(2, consumed);
        Assert.True(complete);
        binner.NextBin();
        Assert.Equal(1100, binner.BinStartUs);
        Assert.Equal(0f, binner.Frame[16 + 0]);
        consumed = binner.Add(events[2..], out complete);
        Assert.Equal(1, consumed);
        Assert.False(complete);
    }

    [Fact]
    public void Count_bin_closes_after_its_quota_and_crop_drops_outside_events()
    {
        var binner = new EventBinner(new SensorGeometry(10, 10), new BinnerOptions
        {
            OutputWidth = 2, OutputHeight = 2, Mode = BinMode.EventCount, EventsPerBin = 2, Crop = new PixelRect(2, 2, 4, 4),
        });
        binner.Reset(0);
        ReadOnlySpan<DvsEvent> events = [new(0, 0, 0, 1), new(1, 2, 2, 1), new(2, 5, 5, 0), new(3, 3, 3, 1)];
        var consumed = binner.Add(events, out var complete);
        Assert.Equal(3, consumed);
        Assert.True(complete);
        Assert.Equal(1, binner.EventsOutsideCrop);
        Assert.Equal(1f, binner.Frame[4 + 0]);
        Assert.Equal(1f, binner.Frame[3]);
    }

    [Fact]
    public void Binning_allocates_nothing()
    {
        var binner = new EventBinner(new SensorGeometry(128, 128), new BinnerOptions { OutputWidth = 32, OutputHeight = 32, BinDurationUs = 1000 });
        var events = new DvsEvent[256];
        for (var i = 0; i < events.Length; i++)
        {
            events[i] = new DvsEvent(i * 10, (ushort)(i % 128), (ushort)((i * 7) % 128), (byte)(i & 1));
        }
        binner.Reset(0);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var round = 0; round < 1000; round++)
        {
            var offset = 0;
            while (offset < events.Length)
            {
                offset += binner.Add(events.AsSpan(offset), out var complete);
                if (complete)
                {
                    binner.NextBin();
                }
            }
            binner.Reset(0);
        }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
