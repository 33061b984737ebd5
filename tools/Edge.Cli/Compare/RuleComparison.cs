using System.Diagnostics;
using Edge.Runtime;
using Edge.Runtime.Kernels;
using Edge.Runtime.Learning;
using Edge.Runtime.Learning.Rules;
using Edge.Runtime.Specs;

namespace Edge.Cli.Compare;

/// <summary>
/// Builds one learner per rule and T on the same spec and measures it: bytes from the learner's
/// ledger, MACs counted by the kernels over one sample (or, dry, from the learner's schedule), and
/// the median time of a training sample at batch 1 on seeded Bernoulli input (the bench protocol:
/// density 0.05, 0.02 for vector inputs; inputs made before timing; untimed warm-up samples until
/// the JIT has settled — at least two samples and one second).
/// </summary>
internal sealed class RuleComparison(NetworkSpec spec, int samples, int seed, bool dry, Func<bool>? stopping = null)
{
    private static readonly TimeSpan WarmupTime = TimeSpan.FromSeconds(1);
    private const int MaxWarmupSamples = 50;
    private readonly int[] _label = new int[1];

    /// <summary>Measures <paramref name="rule"/> at <paramref name="steps"/>; <paramref name="bptt"/> is BPTT's row at the same T, if any.</summary>
    public CompareRow Measure(string rule, int steps, CompareRow? bptt)
    {
        var learner = LearnerFactory.Create(spec, new NetworkOptions(1, Learning: true, Seed: (ulong)seed), rule, steps);
        var memory = learner.Memory;
        MacCounts macs;
        double? ms = null;
        if (dry)
        {
            macs = MacSchedule.PerSample(learner);
        }
        else
        {
            (macs, ms) = Run(learner, steps);
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

    private (MacCounts Macs, double Ms) Run(ILearner learner, int steps)
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

        // Warm-up: the event-driven rule calibrates on its first sample, and tiered compilation
        // replaces the first code of every method after ~30 calls and a short delay.
        var warmup = Stopwatch.StartNew();
        for (var w = 0; w < 2 || (warmup.Elapsed < WarmupTime && w < MaxWarmupSamples); w++)
        {
            Sample(learner, inputs[0], labels[0], steps);
        }
        var times = new double[samples];
        MacCounts macs = default;
        for (var s = 0; s < samples; s++)
        {
            if (s == 0)
            {
                MacCounter.Start();
            }
            var start = Stopwatch.GetTimestamp();
            Sample(learner, inputs[s + 1], labels[s + 1], steps);
            times[s] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            if (s == 0)
            {
                macs = MacCounter.Stop();
            }
        }
        Array.Sort(times);
        var median = samples % 2 == 1 ? times[samples / 2] : (times[(samples / 2) - 1] + times[samples / 2]) / 2;
        return (macs, median);
    }

    private void Sample(ILearner learner, float[] x, int label, int steps)
    {
        if (stopping?.Invoke() == true)
        {
            throw new OperationCanceledException("the comparison was interrupted");
        }
        _label[0] = label;
        learner.BeginSample(_label);
        for (var t = 0; t < steps; t++)
        {
            learner.Step(x.AsSpan(t * spec.InputSize, spec.InputSize), t);
        }
        learner.EndSample();
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
