using Edge.Drivers.Datasets;
using Edge.Drivers.Datasets.Mvsec;
using Edge.Runtime.Events;

namespace Edge.Drivers.Tests.Datasets;

/// <summary>
/// The MVSEC loader on a small sequence written here in the dataset's HDF5 layout
/// (<see cref="MvsecSequence"/>).
/// </summary>
public sealed class MvsecTests : IDisposable
{
    private const double Epoch = MvsecSequence.Epoch;
    private const int Width = MvsecSequence.Width;
    private const int Height = MvsecSequence.Height;
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Segments_run_between_flow_times_with_their_events_and_flow()
    {
        var data = MvsecSequence.Write(_folder.Path, flowTimes: [0.10, 0.15, 0.20, 0.25], events: 80);
        using var source = MvsecFlowSource.Open(data, null);
        Assert.Equal(new SensorGeometry(Width, Height), source.Geometry);
        Assert.Equal(3, source.SegmentCount);
        var buffer = new DvsEvent[7];
        var flow = new float[2 * Width * Height];
        for (var k = 0; k < 3; k++)
        {
            Assert.True(source.MoveNext(out var segment));
            Assert.Equal((long)Math.Round((Epoch + 0.10 + (0.05 * k)) * 1e6), segment.StartUs);
            Assert.Equal(segment.StartUs + 50_000, segment.EndUs);
            var events = new List<DvsEvent>();
            int n;
            while ((n = source.Read(buffer)) > 0)
            {
                events.AddRange(buffer.AsSpan(0, n));
            }
            // Events every 5 ms from 0.07 s: ten per 50 ms segment, in time order, with their coordinates and polarity.
            Assert.Equal(10, events.Count);
            Assert.All(events, e => Assert.InRange(e.T, segment.StartUs, segment.EndUs - 1));
            var first = (int)Math.Round((0.10 + (0.05 * k) - 0.07) / 0.005);
            Assert.Equal((ushort)(first % Width), events[0].X);
            Assert.Equal((ushort)(first % Height), events[0].Y);
            Assert.Equal(first % 2 == 0 ? (byte)1 : (byte)0, events[0].P);

            Assert.True(source.TrueFlow(flow));
            Assert.Equal(k + 0.5f, flow[1]);                 // x plane, pixel (1, 0)
            Assert.Equal(-k - 0.25f, flow[(Width * Height) + 1]); // y plane
            Assert.True(float.IsNaN(flow[0]) && float.IsNaN(flow[Width * Height])); // zero in both: no truth (MVSEC's no-depth pixels)
        }
        Assert.False(source.MoveNext(out _));
        Assert.False(source.TrueFlow(flow));
    }

    [Fact]
    public void A_flow_framer_turns_the_sequence_into_frames_and_scaled_truth()
    {
        var data = MvsecSequence.Write(_folder.Path, flowTimes: [0.10, 0.15, 0.20], events: 60);
        var source = MvsecFlowSource.Open(data, _folder.File("seq_gt.hdf5"), maxSamples: 1);
        using var framer = new FlowFramer(source, new EventBinner(source.Geometry, new BinnerOptions
        {
            OutputWidth = 2,
            OutputHeight = 2,
            Crop = new PixelRect(1, 0, 4, 4),
        }), steps: 5);
        Assert.True(framer.MoveNext());
        var frame = new float[framer.FrameLength];
        var events = 0f;
        while (framer.NextFrame(frame))
        {
            events += frame.Sum();
        }
        Assert.Equal(7, events); // the 10 events of the segment (i = 6 … 15), less the three in columns 0 and 5, outside the crop
        var target = framer.Target;
        Assert.True(target.HasTruth);
        // Frame pixel (0, 0) covers sensor columns 1–2, rows 0–1 (the crop leaves out column 0, whose
        // pixel (0, 0) has no truth): flow (0.5, −0.25) there, halved to frame pixels.
        Assert.Equal(0.25f, target.Flow[0], 1e-6);
        Assert.Equal(-0.125f, target.Flow[1], 1e-6);
        Assert.False(framer.MoveNext());
    }

    [Theory]
    [InlineData("events", "'davis/left/events' is not an N x 4 array of floats (x, y, t, p), as MVSEC's _data.hdf5 has it")]
    [InlineData("missing", "has no 'davis/left/events' dataset; expected MVSEC's layout (davis/left/events in NAME_data.hdf5; davis/left/flow_dist and davis/left/flow_dist_ts in NAME_gt.hdf5)")]
    [InlineData("times", "'davis/left/flow_dist_ts' has 2 times for 3 flow maps; MVSEC has one per map")]
    public void A_file_not_laid_out_as_mvsec_is_one_line_naming_it(string damage, string problem)
    {
        var data = MvsecSequence.Write(_folder.Path, flowTimes: [0.10, 0.15, 0.20], events: 10, damage: damage);
        var error = Assert.Throws<DatasetException>(() => MvsecFlowSource.Open(data, null));
        Assert.EndsWith(problem, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Ground_truth_that_cannot_be_found_is_one_line()
    {
        var data = _folder.File("recording.hdf5");
        File.WriteAllBytes(data, []);
        var error = Assert.Throws<DatasetException>(() => MvsecFlowSource.Open(data, null));
        Assert.EndsWith("is not named NAME_data.hdf5, so its ground truth cannot be found beside it: give it with ?gt=PATH_gt.hdf5", error.Message, StringComparison.Ordinal);
        var missing = Assert.Throws<DatasetException>(() => MvsecFlowSource.Open(_folder.File("none_data.hdf5"), null));
        Assert.EndsWith("none_data.hdf5: no such file", missing.Message, StringComparison.Ordinal);
    }
}
