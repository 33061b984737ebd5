using Edge.Runtime;
using Edge.Runtime.Events;
using Edge.Sim.Scenes;
using Edge.Sim.Tasks;

namespace Edge.Sim.Tests.Tasks;

/// <summary>The flow task's truth: the flow maps move the rendered texture onto itself; streams repeat from a seed; the mean flow is zero.</summary>
public class FlowTaskTests
{
    /// <summary>
    /// Brightness constancy: the intensity a pixel sees at t0 is what the scene shows at t1 where
    /// the flow map says that point went (bilinear read), for every motion kind.
    /// </summary>
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void The_flow_map_carries_each_pixel_to_where_its_texture_point_is(int kind)
    {
        var stimuli = new FlowStimuli();
        var scene = (IFlowScene)stimuli.Prepare(kind, new Rng(7));
        var geometry = new SensorGeometry(160, 160);
        var before = new float[geometry.Pixels];
        var after = new float[geometry.Pixels];
        var flow = new float[2 * geometry.Pixels];
        scene.Render(20_000, geometry, before);
        scene.Render(70_000, geometry, after);
        scene.Flow(20_000, 70_000, geometry, flow);
        double moved = 0, stayed = 0, length = 0;
        var n = 0;
        for (var y = 20; y < 140; y++)
        {
            for (var x = 20; x < 140; x++)
            {
                var p = (y * 160) + x;
                var i0 = before[p];
                moved += Math.Abs(i0 - Bilinear(after, 160, x + flow[p], y + flow[geometry.Pixels + p]));
                stayed += Math.Abs(i0 - after[p]);
                length += Math.Sqrt((flow[p] * flow[p]) + (flow[geometry.Pixels + p] * flow[geometry.Pixels + p]));
                n++;
            }
        }
        Assert.True(length / n > 1, $"the texture hardly moved ({length / n:0.00} px)");
        // Following the flow explains the change: the residue is a small fraction of the change where
        // pixels stay (bilinear reads of a smooth texture leave a little).
        Assert.True(moved < 0.1 * stayed, $"kind {kind}: intensity error {moved / n:0.00} following the flow, {stayed / n:0.00} staying put");
    }

    [Fact]
    public void A_seed_gives_the_same_stream_and_flows_and_the_mean_flow_is_zero()
    {
        var first = Run(11);
        Assert.Equal(first.Events, Run(11).Events);
        Assert.NotEqual(first.Events, Run(12).Events);
        Assert.All(first.Kinds, k => Assert.Equal(40, k)); // balanced motion kinds
        var meanLength = first.Length;
        Assert.InRange(meanLength, 0.5, 3); // pixels over a 50 ms segment on the 32×32 sensor
        Assert.True(Math.Abs(first.MeanX) < 0.15 * meanLength && Math.Abs(first.MeanY) < 0.15 * meanLength,
            $"mean flow ({first.MeanX:0.000}, {first.MeanY:0.000}) against a mean length {meanLength:0.000}");
        Assert.InRange(first.Events.Count / 200.0, 300, 5000);
    }

    private static (List<DvsEvent> Events, int[] Kinds, double MeanX, double MeanY, double Length) Run(ulong seed)
    {
        using var task = new FlowTask(new TaskOptions { Samples = 200, Seed = seed });
        var buffer = new DvsEvent[4096];
        var events = new List<DvsEvent>();
        var flow = new float[2 * task.Geometry.Pixels];
        var kinds = new int[task.ClassCount];
        double sumX = 0, sumY = 0, sumLength = 0;
        long pixels = 0;
        while (task.MoveNext(out var segment))
        {
            kinds[segment.Label]++;
            int n;
            while ((n = task.Read(buffer)) > 0)
            {
                events.AddRange(buffer.AsSpan(0, n));
            }
            Assert.True(task.TrueFlow(flow));
            var plane = task.Geometry.Pixels;
            for (var p = 0; p < plane; p++)
            {
                sumX += flow[p];
                sumY += flow[plane + p];
                sumLength += Math.Sqrt((flow[p] * flow[p]) + (flow[plane + p] * flow[plane + p]));
                pixels++;
            }
        }
        return (events, kinds, sumX / pixels, sumY / pixels, sumLength / pixels);
    }

    private static double Bilinear(float[] image, int width, double x, double y)
    {
        var x0 = (int)Math.Floor(x);
        var y0 = (int)Math.Floor(y);
        double fx = x - x0, fy = y - y0;
        double At(int xx, int yy) => image[(yy * width) + xx];
        return ((1 - fy) * (((1 - fx) * At(x0, y0)) + (fx * At(x0 + 1, y0)))) + (fy * (((1 - fx) * At(x0, y0 + 1)) + (fx * At(x0 + 1, y0 + 1))));
    }
}
