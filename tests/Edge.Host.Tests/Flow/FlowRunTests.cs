using Edge.Host.Flow;
using Edge.Runtime.Learning.Flow;
using Edge.Runtime.Specs;

namespace Edge.Host.Tests.Flow;

/// <summary>The flow job on the simulated flow task: it learns, allocates nothing per step, and refuses bad input in one line.</summary>
public class FlowRunTests
{
    /// <summary>
    /// The CI check of issue 18: online S-TLLR on the default flow network and the simulated task
    /// brings the average endpoint error of the last fifth of the samples (each judged before it
    /// was learned) below the zero-flow prediction's on the same samples. 600 samples, ~10 s on one core.
    /// </summary>
    [Fact]
    public void Stllr_learns_the_simulated_flow_task_below_the_zero_flow_baseline()
    {
        using var run = FlowRun.Open(new FlowOptions { Samples = 600, ReportEvery = 100, Seed = 3 });
        var observer = new Rows();
        var summary = run.Run(observer);
        Assert.Equal(600, summary.All.Samples);
        Assert.Equal("stllr", summary.Rule);
        Assert.Equal(6, summary.Curve.Count);
        Assert.Equal(600, observer.Samples);
        var last = summary.Last20Pct;
        Assert.True(last.SamplesWithTruth > 100, $"{last.SamplesWithTruth} samples had truth on pixels with events");
        Assert.True(last.Aee < 0.9 * last.AeeZeroFlow, $"AEE {last.Aee:0.000} against zero flow {last.AeeZeroFlow:0.000}");
        Assert.True(last.Aee < last.AeeMeanFlow, $"AEE {last.Aee:0.000} against the mean flow {last.AeeMeanFlow:0.000}");
        Assert.True(summary.Curve[^1].Window.Aee < summary.Curve[0].Window.Aee, "the AEE did not fall");
        Assert.Equal(0, last.SelfSupervised);
    }

    /// <summary>Every step of the whole job — simulated camera, framer, network, the loss, the optimizer — allocates nothing, under both losses and both rules.</summary>
    [Theory]
    [InlineData("stllr", FlowLossKind.Auto)]
    [InlineData("stllr", FlowLossKind.EventWarp)]
    [InlineData("bptt", FlowLossKind.Auto)]
    public void A_flow_run_allocates_nothing_per_step(string rule, FlowLossKind loss)
    {
        // The run counts exactly over every sample after the first; as in Allocations.Least, a run
        // whose count jumped once on a busy machine is tried again, up to three runs.
        var least = long.MaxValue;
        for (var attempt = 0; attempt < 3 && least > 0; attempt++)
        {
            using var run = FlowRun.Open(new FlowOptions { Samples = 120, Rule = rule, Loss = loss });
            var summary = run.Run();
            Assert.Equal(119 * run.Spec.TimeSteps, summary.MeasuredSteps);
            Assert.Equal(loss == FlowLossKind.EventWarp ? 120 : 0, summary.All.SelfSupervised);
            least = Math.Min(least, summary.AllocatedBytes);
        }
        Assert.Equal(0, least);
    }

    [Theory]
    [InlineData("demo", null, null, "--network: 'demo' does not end with a readout-flow layer; edge flow learns flow networks (default flow-unet)")]
    [InlineData(null, "sim:motion", null, "--source 'sim:motion': edge flow learns the simulated flow task (sim: or sim:flow), not 'motion'")]
    [InlineData(null, "sim:?kinds=spin", null, "--source 'sim:?kinds=spin': kinds=spin is not valid; expected a comma-separated list of translate, rotate-cw, rotate-ccw, expand, contract")]
    [InlineData(null, "sim:?speed=3", null, "--source 'sim:?speed=3': unknown parameter 'speed' for sim: (accepted: seed, kinds, segment, preset)")]
    [InlineData(null, "file:x.aedat4", null, "--source 'file:x.aedat4': edge flow reads sim: (the simulated flow task) or mvsec:<sequence_data.hdf5>")]
    [InlineData(null, null, "ottt", "--rule: the ottt rule learns class labels only; a loss on the output (flow) is learned with stllr or bptt")]
    public void Bad_input_is_one_line(string? network, string? source, string? rule, string message)
    {
        var error = Record.Exception(() => FlowRun.Open(new FlowOptions { Network = network, Source = source ?? "sim:", Rule = rule, Samples = 5 }));
        Assert.True(error is UserInputException or SpecException, $"{error?.GetType().Name}: {error?.Message}");
        Assert.Equal(message, error!.Message);
    }

    private sealed class Rows : IFlowObserver
    {
        public long Samples { get; private set; }

        public void OnSample(in FlowSampleView sample)
        {
            Assert.Equal(Samples, sample.Index);
            Assert.Equal(2 * sample.Height * sample.Width, sample.Predicted.Length);
            Samples++;
        }

        public void OnProgress(FlowProgress progress) => Assert.Equal(100, progress.Window.Samples);
    }
}
