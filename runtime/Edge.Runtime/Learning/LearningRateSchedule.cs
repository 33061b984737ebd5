using Edge.Runtime.Specs;

namespace Edge.Runtime.Learning;

/// <summary>Learning rate per epoch: constant, or PyTorch's CosineAnnealingLR (η_min = 0) stepped once per epoch.</summary>
public static class LearningRateSchedule
{
    /// <summary>Learning rate at 0-based <paramref name="epoch"/>.</summary>
    public static float At(LearningSpec spec, int epoch)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.Schedule == ScheduleKind.Constant)
        {
            return spec.LearningRate;
        }
        var e = Math.Min(epoch, spec.CosineEpochs);
        return (float)(spec.LearningRate * (1.0 + Math.Cos(Math.PI * e / spec.CosineEpochs)) / 2.0);
    }
}
