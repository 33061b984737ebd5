using Edge.Runtime.Events;
using Edge.Runtime.Learning.Flow;
using Edge.Runtime.Learning.Stllr;
using Edge.Runtime.Online;
using Edge.Runtime.Specs;

namespace Edge.Runtime.Tests.Flow;

/// <summary>The flow framer's frames, target and events, and a flow network learning from it without allocating.</summary>
public class FlowFramerTests
{
    [Fact]
    public void The_target_is_the_truth_averaged_over_each_frame_pixel_and_scaled_to_frame_pixels()
    {
        using var framer = new FlowFramer(new SyntheticFlowSource(new SensorGeometry(8, 8), 2, 300, seed: 1),
            new EventBinner(new SensorGeometry(8, 8), new BinnerOptions { OutputWidth = 4, OutputHeight = 4 }), steps: 5, eventCapacity: 100);
        Assert.True(framer.MoveNext());
        var frame = new float[framer.FrameLength];
        var frames = 0;
        float events = 0;
        while (framer.NextFrame(frame))
        {
            frames++;
            events += frame.Sum();
        }
        Assert.Equal(5, frames);
        Assert.Equal(300, events);
        var target = framer.Target;
        Assert.True(target.HasTruth);
        Assert.Equal(300, target.Events.Sum());
        for (var row = 0; row < 4; row++)
        {
            for (var column = 0; column < 4; column++)
            {
                var p = (row * 4) + column;
                // Sensor columns 2c, 2c+1 average to (4c + 1)/8, halved to frame pixels; rows likewise,
                // except that sensor row 0 has no truth, so frame row 0 averages row 1 alone.
                Assert.Equal((((4 * column) + 1) / 8f) / 2, target.Flow[2 * p], 1e-6);
                var rowMean = row == 0 ? 1 / 8f : ((4 * row) + 1) / 16f;
                Assert.Equal(-rowMean / 2, target.Flow[(2 * p) + 1], 1e-6);
                Assert.Equal(target.Events[p] > 0 ? 1f : 0f, target.Mask[p]);
            }
        }
        // The events: a uniform subsample of the 300, in frame coordinates and time 0 … 1.
        var kept = framer.Events;
        Assert.Equal(100, kept.Count);
        Assert.Equal(200, framer.EventsNotKept);
        for (var i = 0; i < kept.Count; i++)
        {
            Assert.InRange(kept.X[i], -0.25f, 3.25f);
            Assert.InRange(kept.T[i], 0f, 1f);
        }

        Assert.True(framer.MoveNext());
        while (framer.NextFrame(frame))
        {
        }
        Assert.False(framer.Target.HasTruth);
        Assert.Equal(0, framer.Target.MaskedPixels);
        Assert.False(framer.MoveNext());
    }

    /// <summary>
    /// The default flow network learning from a flow source — framer, binner, S-TLLR with the flow
    /// loss (supervised and self-supervised samples alternate), optimizer — allocates nothing over
    /// two thousand steps after a warm-up sample.
    /// </summary>
    [Fact]
    public void Two_thousand_steps_of_flow_learning_allocate_nothing()
    {
        var spec = NetworkCatalog.Load("flow-unet");
        using var framer = new FlowFramer(new SyntheticFlowSource(new SensorGeometry(32, 32), 1000, 2000, seed: 3),
            new EventBinner(new SensorGeometry(32, 32), new BinnerOptions { OutputWidth = 32, OutputHeight = 32 }), spec.TimeSteps);
        var network = Network.Build(spec, new NetworkOptions(1, Learning: true, Seed: 2));
        var learner = new StllrLearner(network, new FlowLoss(framer, 32, 32));
        var loop = PrequentialLoop.For(learner, framer);
        Assert.True(loop.Next(out _));
        Assert.True(loop.Next(out _)); // warm-up: one sample of each loss

        var before = GC.GetAllocatedBytesForCurrentThread();
        var steps = 0L;
        while (steps < 2_000)
        {
            Assert.True(loop.Next(out _));
            steps += spec.TimeSteps;
        }
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated == 0, $"{allocated} bytes allocated over {steps} steps");
    }

    /// <summary>The default flow network learns within the memory of the gesture network (both S-TLLR, batch 1).</summary>
    [Fact]
    public void The_flow_network_learns_within_the_gesture_networks_memory()
    {
        var flow = new StllrLearner(Network.Build(NetworkCatalog.Load("flow-unet"), new NetworkOptions(1, Learning: true)));
        var gesture = new StllrLearner(Network.Build(NetworkCatalog.Load("gesture-vgg"), new NetworkOptions(1, Learning: true)));
        Assert.True(flow.Memory.TotalBytes <= gesture.Memory.TotalBytes,
            $"flow-unet needs {flow.Memory.TotalBytes} B to learn, gesture-vgg {gesture.Memory.TotalBytes} B");
    }
}
