using Edge.Accelerator.Execution;
using Edge.Accelerator.Mapping;
using Edge.Runtime.Learning.Stllr;
using Edge.Runtime;
using Edge.Runtime.Events;
using Edge.Runtime.Learning;
using Edge.Runtime.Online;

namespace Edge.Accelerator.Agreement;

/// <summary>
/// Runs the CPU runtime and the chip model side by side on the same frames, with the same weights
/// (the chip's quantised from the CPU's), and compares every spiking layer's spikes step by step and
/// the predictions (the spec's prediction rule). Two chip models run: one end to end
/// on its own spikes, and one whose spiking layers are each fed the CPU runtime's input to that layer,
/// which shows each layer's own quantisation error without the differences inherited from below.
/// </summary>
public static class AgreementRun
{
    /// <summary>Compares <paramref name="samples"/> samples of <paramref name="framer"/>.</summary>
    public static AgreementResult Compare(NetworkMapping mapping, Network reference, SegmentFramer framer, int samples, Action<int>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(mapping);
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(framer);
        var chip = ChipNetwork.Create(mapping, reference, learning: false);
        var isolated = ChipNetwork.Create(mapping, reference, learning: false);
        var spec = mapping.Spec;
        var layers = new List<int>();
        for (var i = 0; i < spec.Layers.Count; i++)
        {
            if (chip.IsSpiking(i))
            {
                layers.Add(i);
            }
        }
        var endToEnd = Scores(layers.Count);
        var alone = Scores(layers.Count);
        var inputs = new int[layers.Count][];
        for (var k = 0; k < layers.Count; k++)
        {
            inputs[k] = new int[isolated.Stages[layers[k]].InputShape.Size];
        }
        var referencePrediction = new PredictionAccumulator(spec.Prediction, 1, spec.Classes, spec.EffectiveLearnSteps);
        var chipPrediction = new PredictionAccumulator(spec.Prediction, 1, spec.Classes, spec.EffectiveLearnSteps);
        int seen = 0, referenceHits = 0, chipHits = 0, same = 0;
        while (seen < samples && framer.MoveNext())
        {
            reference.ResetState(training: false);
            chip.ResetState(training: false);
            isolated.ResetState(training: false);
            referencePrediction.Begin();
            chipPrediction.Begin();
            for (var t = 0; t < spec.TimeSteps; t++)
            {
                framer.NextFrame();
                referencePrediction.Add(reference.Step(framer.Frame, training: false));
                chipPrediction.Add(chip.Step(framer.Frame));
                isolated.LoadInput(framer.Frame);
                for (int i = 0, k = 0; i < spec.Layers.Count; i++)
                {
                    if (k < layers.Count && layers[k] == i && i > 0)
                    {
                        // The CPU's input to this layer (pooled sums for a folded pool).
                        ToCounts(reference.InputOf(i), isolated.Stages[i].Mapping.FoldDivisor, inputs[k]);
                        isolated.StepStage(i, inputs[k]);
                    }
                    else
                    {
                        isolated.StepStage(i, isolated.InputOf(i));
                    }
                    if (k < layers.Count && layers[k] == i)
                    {
                        endToEnd[k].Add(reference.Layers[i].Output, chip.OutputOf(i));
                        alone[k].Add(reference.Layers[i].Output, isolated.OutputOf(i));
                        k++;
                    }
                }
                chip.Counters.EndStep();
                isolated.Counters.EndStep();
            }
            var label = framer.Current.Label;
            referencePrediction.Finish();
            chipPrediction.Finish();
            var a = referencePrediction.ClassOf(0);
            var b = chipPrediction.ClassOf(0);
            referenceHits += a == label ? 1 : 0;
            chipHits += b == label ? 1 : 0;
            same += a == b ? 1 : 0;
            seen++;
            progress?.Invoke(seen);
        }
        var n = Math.Max(1, seen);
        return new AgreementResult
        {
            Samples = seen,
            Layers = Results(spec, layers, endToEnd),
            IsolatedLayers = Results(spec, layers, alone),
            ReferenceAccuracy = referenceHits / (double)n,
            ChipAccuracy = chipHits / (double)n,
            PredictionAgreement = same / (double)n,
        };
    }

    /// <summary>
    /// Learns the same stream online with S-TLLR on the CPU runtime and on the chip model, from the
    /// same initial weights, and compares their prequential accuracy. The two framers must deliver the
    /// same samples (two sources built alike).
    /// </summary>
    public static LearningAgreement CompareLearning(NetworkMapping mapping, ulong seed, SegmentFramer referenceStream, SegmentFramer chipStream, int samples,
        Action<int>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(mapping);
        var spec = mapping.Spec;
        var reference = Network.Build(spec, new NetworkOptions(1, Learning: true, Seed: seed));
        var trainer = PrequentialLoop.For(new StllrLearner(reference), referenceStream);
        var chipTrainer = ChipLoop.For(ChipNetwork.Create(mapping, reference, learning: true), chipStream);
        var referenceHits = new List<bool>(samples);
        var chipHits = new List<bool>(samples);
        while (referenceHits.Count < samples && trainer.Next(out var a) && chipTrainer.Next(out var b))
        {
            referenceHits.Add(a.Correct);
            chipHits.Add(b.Correct);
            progress?.Invoke(referenceHits.Count);
        }
        return new LearningAgreement(referenceHits.Count, Fraction(referenceHits, 0), Fraction(chipHits, 0),
            Fraction(referenceHits, 0.8), Fraction(chipHits, 0.8));
    }

    /// <summary>Share of true values after the first <paramref name="skip"/> part of the list.</summary>
    private static double Fraction(List<bool> hits, double skip)
    {
        var from = (int)(hits.Count * skip);
        var n = 0;
        for (var i = from; i < hits.Count; i++)
        {
            n += hits[i] ? 1 : 0;
        }
        return hits.Count == from ? 0 : n / (double)(hits.Count - from);
    }

    private static SpikeF1[] Scores(int n)
    {
        var scores = new SpikeF1[n];
        for (var k = 0; k < n; k++)
        {
            scores[k] = new SpikeF1();
        }
        return scores;
    }

    private static List<LayerAgreement> Results(Edge.Runtime.Specs.NetworkSpec spec, List<int> layers, SpikeF1[] scores)
    {
        var result = new List<LayerAgreement>(layers.Count);
        for (var k = 0; k < layers.Count; k++)
        {
            var s = scores[k];
            result.Add(new LayerAgreement(layers[k], Mapper.Kind(spec.Layers[layers[k]].Kind), s.Reference, s.Other, s.Both, s.Score,
                s.Compared == 0 ? 0 : s.Reference / (double)s.Compared));
        }
        return result;
    }

    /// <summary>The CPU's input of a layer as the chip's integers (spikes, counts, or pooled sums: average × pool size).</summary>
    private static void ToCounts(ReadOnlySpan<float> values, int divisor, Span<int> counts)
    {
        for (var i = 0; i < counts.Length; i++)
        {
            counts[i] = (int)MathF.Round(values[i] * divisor);
        }
    }
}
