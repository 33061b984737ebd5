namespace Edge.Runtime.Memory;

/// <summary>What a buffer is for; the memory report sums bytes per category.</summary>
public enum MemoryCategory
{
    /// <summary>Trainable parameters (weights, biases, gains, local classifiers).</summary>
    Parameters,

    /// <summary>Gradient accumulators of the parameters.</summary>
    Gradients,

    /// <summary>Optimizer moments (Adam m and v, SGD momentum).</summary>
    Optimizer,

    /// <summary>
    /// Per-sample state kept across time steps: membranes, previous spikes, S-TLLR traces and any
    /// per-step history a rule keeps (the conventions' learning_state_bytes).
    /// </summary>
    TemporalState,

    /// <summary>Values of the current step kept for its learning signal (Ψ, previous traces, pool indices).</summary>
    StepCache,

    /// <summary>Layer outputs of the current step.</summary>
    Activations,

    /// <summary>Derived caches and work buffers (standardized weights, learning-signal buffers, index lists).</summary>
    Scratch,

    /// <summary>Fixed feedback matrices of DFA/sDFA (not trained).</summary>
    Feedback,
}
