using System.Diagnostics;
using Edge.Host.Sources;
using Edge.Runtime;
using Edge.Runtime.Events;
using Edge.Runtime.Learning;
using Edge.Runtime.Learning.Flow;
using Edge.Runtime.Online;
using Edge.Runtime.Specs;

namespace Edge.Host.Flow;

/// <summary>
/// The job of <c>edge flow</c>: a flow network learns optical flow online from a flow source (the
/// simulated flow task, or an MVSEC recording), test-then-train through the one sample loop
/// (<see cref="PrequentialLoop"/>): each segment's T frames are predicted with the weights it
/// found — the prediction is the flow map of the last step — and judged against the truth
/// (average endpoint error on the pixels with events and truth, beside a zero and a mean-flow
/// prediction), then learned: with the endpoint error where there is truth, self-supervised from
/// the events where there is none (<see cref="FlowLoss"/>).
/// </summary>
public sealed class FlowRun : IDisposable
{
    private readonly FlowOptions _options;
    private readonly FlowFramer _framer;
    private readonly FlowLoss _loss;
    private readonly PrequentialLoop _loop;
    private readonly float[] _meanFlow;
    private readonly int[] _meanCount;
    private readonly SampleRecord[] _records;

    private FlowRun(FlowOptions options, NetworkSpec spec, FlowFramer framer, FlowLoss loss, ILearner learner)
    {
        _options = options;
        Spec = spec;
        _framer = framer;
        _loss = loss;
        Learner = learner;
        _loop = PrequentialLoop.For(learner, framer);
        _meanFlow = new float[2 * framer.Target.Pixels];
        _meanCount = new int[framer.Target.Pixels];
        _records = new SampleRecord[options.Samples];
    }

    /// <summary>The network spec being learned (its prediction rule set to the last step).</summary>
    public NetworkSpec Spec { get; }

    /// <summary>The learner (its network, memory and optimizer).</summary>
    public ILearner Learner { get; }

    /// <summary>The frames and the truth of the current sample.</summary>
    public FlowFramer Frames => _framer;

    /// <summary>Opens the source, builds the network and its learner.</summary>
    /// <exception cref="UserInputException">Bad options, source or network.</exception>
    /// <exception cref="SpecException">The spec or the rule does not fit.</exception>
    public static FlowRun Open(FlowOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Samples < 1)
        {
            throw new UserInputException("--samples must be at least 1");
        }
        if (options.ReportEvery < 1)
        {
            throw new UserInputException("--every must be at least 1");
        }
        if (options.Threads < 1)
        {
            throw new UserInputException("--threads must be at least 1");
        }
        var uri = SourceUri.Parse(options.Source);
        var spec = NetworkCatalog.Resolve(options.Network ?? FlowOptions.DefaultNetwork);
        if (!spec.IsFlow)
        {
            throw new UserInputException($"--network: '{spec.Name}' does not end with a readout-flow layer; edge flow learns flow networks (default {FlowOptions.DefaultNetwork})");
        }
        if (spec.InputShape.Count != 3 || spec.InputShape[0] is not (1 or 2))
        {
            throw new UserInputException($"--network: '{spec.Name}' takes [{string.Join(", ", spec.InputShape)}]; a flow network takes event frames [2, H, W] (or [1, H, W], polarities merged)");
        }
        if (spec.Shapes[^1].H != spec.InputShape[1] || spec.Shapes[^1].W != spec.InputShape[2])
        {
            throw new UserInputException($"--network: '{spec.Name}' maps {spec.InputShape[1]}x{spec.InputShape[2]} frames to a {spec.Shapes[^1].H}x{spec.Shapes[^1].W} flow map; edge flow needs the flow map at the frames' size");
        }
        // A flow prediction is the flow map of the sample's last step, whatever the spec says.
        spec = spec with { Prediction = PredictionRule.Last };
        int height = spec.InputShape[1], width = spec.InputShape[2];
        var source = FlowSources.Open(uri, options, new SensorGeometry(width, height));
        FlowFramer? framer = null;
        try
        {
            var binner = new EventBinner(source.Geometry, new BinnerOptions
            {
                OutputWidth = width,
                OutputHeight = height,
                SplitPolarity = spec.InputShape[0] == 2,
                Crop = CentredCrop(source.Geometry, width, height),
            });
            framer = new FlowFramer(source, binner, spec.TimeSteps, seed: options.Seed);
            var loss = new FlowLoss(framer, height, width, options.Loss);
            var learner = LearnerFactory.Create(spec, new NetworkOptions(1, Learning: true, Seed: options.Seed) { Threads = options.Threads }, options.Rule, loss: loss);
            return new FlowRun(options, spec, framer, loss, learner);
        }
        catch
        {
            if (framer is null)
            {
                source.Dispose();
            }
            framer?.Dispose();
            throw;
        }
    }

    /// <summary>Asks the run to stop (from any thread): the sample in progress is abandoned.</summary>
    public void Stop() => _loop.StopRequested = true;

    /// <summary>Learns until the source ends, <see cref="FlowOptions.Samples"/> are learned or <see cref="Stop"/>; reports to <paramref name="observer"/>.</summary>
    public FlowSummary Run(IFlowObserver? observer = null)
    {
        var clock = Stopwatch.StartNew();
        var window = new FlowTally();
        var curve = new List<FlowProgress>();
        long count = 0, allocated = 0, measuredSteps = 0;
        while (count < _options.Samples)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            var steps = _loop.Steps;
            if (!_loop.Next(out var outcome))
            {
                break;
            }
            if (count > 0)
            {
                // Steady state only: the first sample warms up the JIT.
                allocated += GC.GetAllocatedBytesForCurrentThread() - before;
                measuredSteps += _loop.Steps - steps;
            }
            var predicted = _loop.Scores(0);
            var target = _framer.Target;
            var errors = EndpointErrors.Measure(predicted, target);
            var zero = EndpointErrors.Measure([], target);
            var mean = EndpointErrors.Measure(_meanFlow, target);
            LearnMean(target);
            var selfSupervised = _loss.SelfSupervised;
            _records[count] = new SampleRecord(errors, zero, mean, outcome.Loss, selfSupervised);
            window.Add(errors, zero, mean, outcome.Loss, selfSupervised);
            observer?.OnSample(new FlowSampleView(count, outcome.Label, predicted, target.Flow, target.Mask, target.Height, target.Width,
                target.HasTruth, errors.Average));
            count++;
            if (window.Samples == _options.ReportEvery)
            {
                Report(window, count, clock, curve, observer);
            }
        }
        if (window.Samples > 0)
        {
            Report(window, count, clock, curve, observer);
        }
        clock.Stop();
        var memory = Learner.Memory;
        return new FlowSummary
        {
            Source = _options.Source,
            Network = Spec.Name,
            Rule = Learner.Rule,
            Loss = LossName(_options.Loss),
            All = Tally(0, count),
            Last20Pct = Tally(count - Math.Max(1, count / 5), count),
            Curve = curve,
            StepsPerSecond = _loop.Steps / Math.Max(1e-9, clock.Elapsed.TotalSeconds),
            AllocatedBytes = allocated,
            MeasuredSteps = measuredSteps,
            MemoryBytes = memory.TotalBytes,
            LearningStateBytes = memory.LearningStateBytes,
            Seconds = clock.Elapsed.TotalSeconds,
            Interrupted = _loop.StopRequested,
        };
    }

    /// <summary>The name of a loss setting as the CLI writes it.</summary>
    public static string LossName(FlowLossKind kind) => kind switch
    {
        FlowLossKind.EndpointError => "aee",
        FlowLossKind.EventWarp => "self",
        _ => "auto",
    };

    /// <summary>Disposes the network's worker threads and the source.</summary>
    public void Dispose()
    {
        Learner.Network.Dispose();
        _framer.Dispose();
    }

    private static void Report(FlowTally window, long count, Stopwatch clock, List<FlowProgress> curve, IFlowObserver? observer)
    {
        var progress = new FlowProgress(count, window.Metrics, clock.Elapsed.TotalSeconds);
        curve.Add(progress);
        observer?.OnProgress(progress);
        window.Clear();
    }

    /// <summary>The running per-pixel mean of the truth on masked pixels (the mean-flow baseline predicts it).</summary>
    private void LearnMean(FlowTarget target)
    {
        for (var p = 0; p < target.Pixels; p++)
        {
            if (target.Mask[p] == 0f)
            {
                continue;
            }
            var n = ++_meanCount[p];
            _meanFlow[2 * p] += (target.Flow[2 * p] - _meanFlow[2 * p]) / n;
            _meanFlow[(2 * p) + 1] += (target.Flow[(2 * p) + 1] - _meanFlow[(2 * p) + 1]) / n;
        }
    }

    private FlowMetrics Tally(long from, long to)
    {
        var tally = new FlowTally();
        for (var i = Math.Max(0, from); i < to; i++)
        {
            var r = _records[i];
            tally.Add(r.Predicted, r.Zero, r.Mean, r.Loss, r.SelfSupervised);
        }
        return tally.Metrics;
    }

    private static PixelRect? CentredCrop(SensorGeometry sensor, int width, int height)
    {
        // The largest centred region with the flow map's aspect ratio.
        var cropWidth = Math.Min(sensor.Width, (int)((long)sensor.Height * width / height));
        var cropHeight = Math.Min(sensor.Height, (int)((long)sensor.Width * height / width));
        if (cropWidth == sensor.Width && cropHeight == sensor.Height)
        {
            return null;
        }
        return new PixelRect((sensor.Width - cropWidth) / 2, (sensor.Height - cropHeight) / 2, cropWidth, cropHeight);
    }

    private readonly record struct SampleRecord(EndpointErrors Predicted, EndpointErrors Zero, EndpointErrors Mean, double Loss, bool SelfSupervised);
}
