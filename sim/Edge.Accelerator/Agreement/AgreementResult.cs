namespace Edge.Accelerator.Agreement;

/// <summary>Spike agreement of one layer between the CPU runtime and the chip model.</summary>
/// <param name="Layer">Spec index.</param>
/// <param name="Kind">Layer type.</param>
/// <param name="ReferenceSpikes">Spikes of the CPU runtime.</param>
/// <param name="ChipSpikes">Spikes of the chip model.</param>
/// <param name="BothSpikes">Spikes in both.</param>
/// <param name="F1">F1 score on spikes.</param>
/// <param name="SpikeRate">Spikes per neuron-step of the CPU runtime.</param>
public sealed record LayerAgreement(int Layer, string Kind, long ReferenceSpikes, long ChipSpikes, long BothSpikes, double F1, double SpikeRate);

/// <summary>
/// How closely the chip model follows the CPU runtime on the same samples: per-layer spike F1 and
/// the accuracy of both (with the same weights: the chip's are the quantised float ones), plus,
/// when measured, the accuracy each reaches learning online from the same start.
/// </summary>
public sealed record AgreementResult
{
    /// <summary>Samples compared.</summary>
    public required int Samples { get; init; }

    /// <summary>Spiking layers, end to end: the chip model runs on its own spikes, so each layer inherits the differences of the layers below.</summary>
    public required IReadOnlyList<LayerAgreement> Layers { get; init; }

    /// <summary>Spiking layers, each fed the CPU runtime's input to that layer: its own quantisation alone.</summary>
    public required IReadOnlyList<LayerAgreement> IsolatedLayers { get; init; }

    /// <summary>Accuracy of the CPU runtime (prediction: argmax of the summed logits).</summary>
    public required double ReferenceAccuracy { get; init; }

    /// <summary>Accuracy of the chip model.</summary>
    public required double ChipAccuracy { get; init; }

    /// <summary>Samples on which both predicted the same class.</summary>
    public required double PredictionAgreement { get; init; }

    /// <summary>The lowest end-to-end per-layer F1.</summary>
    public double MinF1 => Min(Layers);

    /// <summary>The lowest isolated per-layer F1.</summary>
    public double MinIsolatedF1 => Min(IsolatedLayers);

    /// <summary>|chip − reference| accuracy in points (percent).</summary>
    public double AccuracyGapPoints => Math.Round(Math.Abs(ChipAccuracy - ReferenceAccuracy) * 100, 9); // 0.86 − 0.85 is 1 point, not 1.0000000000000009

    /// <summary>Online-learning comparison, when run.</summary>
    public LearningAgreement? Learning { get; init; }

    private static double Min(IReadOnlyList<LayerAgreement> layers)
    {
        var min = 1.0;
        foreach (var l in layers)
        {
            min = Math.Min(min, l.F1);
        }
        return min;
    }
}

/// <summary>Prequential accuracy of S-TLLR learning on the CPU runtime and on the chip model, from the same initial weights and stream.</summary>
/// <param name="Samples">Samples learned.</param>
/// <param name="ReferenceAccuracy">CPU runtime, all samples.</param>
/// <param name="ChipAccuracy">Chip model, all samples.</param>
/// <param name="ReferenceLast20">CPU runtime, last 20 % of the samples.</param>
/// <param name="ChipLast20">Chip model, last 20 %.</param>
public sealed record LearningAgreement(int Samples, double ReferenceAccuracy, double ChipAccuracy, double ReferenceLast20, double ChipLast20);
