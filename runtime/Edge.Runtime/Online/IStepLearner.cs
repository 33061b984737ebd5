namespace Edge.Runtime.Online;

/// <summary>
/// What the sample loop needs of a learning rule: a model that can also learn a labelled sample.
/// One sample: <see cref="BeginSample"/>, then <see cref="Step"/> for t = 0 … T−1 (forward, plus
/// learning on the steps the rule learns on), then <see cref="EndSample"/>. Every CPU rule and the
/// chip model's learner implement it; buffers are allocated when the learner is built.
/// </summary>
public interface IStepLearner : IStepModel
{
    /// <summary>Time steps per learned sample (T).</summary>
    int TimeSteps { get; }

    /// <summary>Steps per sample that carry a learning signal (the last T_l).</summary>
    int LearnSteps { get; }

    /// <summary>
    /// Leading steps of a sample computed with the weights the sample started with (T for rules
    /// that update once per sample). When it is less than T, the loop judges the sample by a
    /// separate inference pass made before the learning pass.
    /// </summary>
    int StepsBeforeUpdate { get; }

    /// <summary>Mean loss of the learning steps of the last sample.</summary>
    float LastLoss { get; }

    /// <summary>Starts a sample with these labels (one per batch element): resets all per-sample state.</summary>
    void BeginSample(ReadOnlySpan<int> labels);

    /// <summary>Runs step <paramref name="t"/> and learns if the rule learns at t; returns the logits.</summary>
    ReadOnlySpan<float> Step(ReadOnlySpan<float> input, int t);

    /// <summary>Ends the sample: applies the accumulated update (rules that update per sample).</summary>
    void EndSample();
}
