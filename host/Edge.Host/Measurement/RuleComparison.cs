using System.Diagnostics;
using Edge.Runtime;
using Edge.Runtime.Events;
using Edge.Runtime.Kernels;
using Edge.Runtime.Learning;
using Edge.Runtime.Learning.Rules;
using Edge.Runtime.Online;
using Edge.Runtime.Specs;

namespace Edge.Host.Measurement;

/// <summary>
/// Builds one learner per rule and T on the same spec and measures it: bytes from the learner's
/// ledger, MACs counted by the kernels over one sample (or, dry, from the learner's schedule), and
/// the median time of a test-then-train sample through the sample loop at batch 1 on seeded Bernoulli
/// input — for a rule that updates inside a sample this includes the inference pass that judges it,
/// reported on its own too — (the bench protocol:
/// density 0.05, 0.02 for vector inputs; inputs made before timing; untimed warm-up samples until
/// the JIT has settled — at least two samples and one second).
/// </summary>
internal sealed class RuleComparison(NetworkSpec spec, int samples, int seed, bool dry, Func<bool>? stopping = null)
{
    private static readonly TimeSpan WarmupTime = TimeSpan.FromSeconds(1);
    private const int MaxWarmupSamples = 50;

    /// <summary>Measures <paramref name="rule"/> at <paramref name="steps"/>; <paramref name="bptt"/> is BPTT's row at the same T, if any.</summary>
    public CompareRow Measure(string rule, int steps, CompareRow? bptt)
    {
        var learner = LearnerFactory.Create(spec, new NetworkOptions(1, Learning: true, Seed: (ulong)seed), rule, steps);
        var memory = learner.Memory;
        MacCounts macs;
        double? ms = null;
        double? passMs = null;
        if (dry)
        {
            macs = MacSchedule.PerSample(learner);
        }
        else
        {
            (macs, ms, passMs) = Run(learner, steps);
        }
        var row = new CompareRow
        {
            Rule = rule,
            Network = spec.Name,
            Neuron = NeuronName(learner.Network.Spec),
            T = steps,
            TL = learner.LearnSteps,
            LearningStateBytes = memory.LearningStateBytes,
            TotalBytes = memory.TotalBytes,
            MacsForward = macs.Forward,
            MacsLearningSignal = macs.LearningSignal,
            MacsWeightUpdate = macs.WeightUpdate,
            MacsSource = dry ? "schedule" : "counted",
            MsPerSample = ms is double m ? Math.Round(m, 3) : null,
            MsInferencePass = passMs is double p ? Math.Round(p, 3) : null,
        };
        if (rule == "stllr")
        {
            row = row with
            {
                PaperTL = steps - row.TL,
                PaperMemoryRatio = steps / 2.0,
                PaperMacRatio = row.TL == 0 ? null : Math.Round(2.0 * steps / (3.0 * row.TL), 3),
            };
        }
        if (bptt is not null)
        {
            row = row with
            {
                MemoryRatioVsBptt = Math.Round(bptt.LearningStateBytes / (double)row.LearningStateBytes, 3),
                MacRatioVsBptt = row.LearningMacs == 0 ? null : Math.Round(bptt.LearningMacs / (double)row.LearningMacs, 3),
            };
        }
        return row;
    }

    private (MacCounts Macs, double Ms, double? InferencePassMs) Run(ILearner learner, int steps)
    {
        var size = spec.InputSize;
        var density = spec.InputShape.Count == 1 ? 0.02 : 0.05;
        var rng = new Rng((ulong)seed + 1);
        var inputs = new float[samples + 1][];
        var labels = new int[samples + 1];
        for (var s = 0; s < inputs.Length; s++)
        {
            inputs[s] = new float[steps * size];
            for (var i = 0; i < inputs[s].Length; i++)
            {
                inputs[s][i] = rng.NextDouble() < density ? 1f : 0f;
            }
            labels[s] = rng.NextInt(spec.Classes);
        }
        var warmupSample = new FrameArraySource([inputs[0]], [labels[0]], size);
        var timedSamples = new FrameArraySource(inputs[1..], labels[1..], size);

        // Warm-up: the event-driven rule calibrates on its first sample, and tiered compilation
        // replaces the first code of every method after ~30 calls and a short delay.
        var warmupLoop = PrequentialLoop.For(learner, warmupSample);
        var warmup = Stopwatch.StartNew();
        for (var w = 0; w < 2 || (warmup.Elapsed < WarmupTime && w < MaxWarmupSamples); w++)
        {
            warmupSample.Rewind();
            Next(warmupLoop);
        }

        // MACs of the learning itself: a test-then-train sample, less the inference pass that judges a
        // rule updating inside a sample (counted on its own, as an inference-only run of the same frames).
        var loop = PrequentialLoop.For(learner, timedSamples);
        var judged = learner.StepsBeforeUpdate < steps;
        MacCounts judging = default;
        if (judged)
        {
            loop.Learn = false;
            MacCounter.Start();
            Next(loop);
            judging = MacCounter.Stop();
            timedSamples.Rewind();
            loop.Learn = true;
        }
        MacCounts macs = default;
        MacCounter.Start();
        var times = new double[samples];
        var passes = new double[samples];
        for (var s = 0; s < samples; s++)
        {
            var passBefore = loop.InferencePassSeconds;
            var start = Stopwatch.GetTimestamp();
            Next(loop);
            times[s] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            passes[s] = (loop.InferencePassSeconds - passBefore) * 1000;
            if (s == 0)
            {
                var all = MacCounter.Stop();
                var forward = all.Forward - judging.Forward;
                macs = new MacCounts(forward, all.LearningSignal - judging.LearningSignal, all.WeightUpdate - judging.WeightUpdate);
            }
        }
        return (macs, Median(times), judged ? Median(passes) : null);
    }

    private static double Median(double[] values)
    {
        Array.Sort(values);
        var n = values.Length;
        return n % 2 == 1 ? values[n / 2] : (values[(n / 2) - 1] + values[n / 2]) / 2;
    }

    /// <summary>One test-then-train sample through the sample loop.</summary>
    private void Next(PrequentialLoop loop)
    {
        if (stopping?.Invoke() == true)
        {
            throw new OperationCanceledException("the comparison was interrupted");
        }
        loop.Next();
    }

    private static string NeuronName(NetworkSpec spec)
    {
        foreach (var layer in spec.Layers)
        {
            if (layer.IsSpiking)
            {
                return layer.Neuron switch
                {
                    NeuronModel.Htglif => "htglif",
                    NeuronModel.DualExp => "dual-exp",
                    _ => "lif",
                };
            }
        }
        return "-";
    }
}
