using Edge.Runtime.Learning.Rules;

namespace Edge.Runtime.Specs;

/// <summary>When S-TLLR applies its updates.</summary>
public enum StllrMode
{
    /// <summary><c>stllr</c>: accumulate over the sample's learning steps, one optimizer step per sample.</summary>
    PerSample,

    /// <summary><c>stllr-online</c>: an optimizer step at every learning step.</summary>
    Online,
}

/// <summary>How the learning signal of hidden layers is formed.</summary>
public enum FeedbackMode
{
    /// <summary><c>BP</c>: exact same-step spatial backpropagation.</summary>
    Bp,

    /// <summary><c>DFA</c>: direct random feedback of the output error (softmax − one-hot).</summary>
    Dfa,

    /// <summary><c>sDFA</c>: DFA with the sign of the error.</summary>
    SignDfa,

    /// <summary><c>LocalLoss</c>: per-layer trainable local classifiers.</summary>
    LocalLoss,

    /// <summary><c>shallow</c>: hidden layers get no signal; only the readout learns.</summary>
    Shallow,
}

/// <summary>Optimizer type.</summary>
public enum OptimizerKind
{
    /// <summary>Adam (PyTorch semantics, bias-corrected, L2 weight decay added to the gradient).</summary>
    Adam,

    /// <summary>SGD with momentum (PyTorch semantics).</summary>
    Sgd,
}

/// <summary>Learning-rate schedule.</summary>
public enum ScheduleKind
{
    /// <summary>Constant learning rate (the default for endless streams).</summary>
    Constant,

    /// <summary>Cosine annealing to 0 over <see cref="LearningSpec.CosineEpochs"/> epochs (PyTorch CosineAnnealingLR).</summary>
    Cosine,
}

/// <summary>How a network learns: rule, mode, feedback, loss, optimizer and schedule.</summary>
public sealed record LearningSpec
{
    /// <summary>Learning rule name (<c>stllr</c> by default; other rules plug in beside it).</summary>
    public string Rule { get; init; } = "stllr";

    /// <summary>S-TLLR update timing.</summary>
    public StllrMode Mode { get; init; } = StllrMode.PerSample;

    /// <summary>Learning-signal mode.</summary>
    public FeedbackMode Feedback { get; init; } = FeedbackMode.Bp;

    /// <summary>Optimizer.</summary>
    public OptimizerKind Optimizer { get; init; } = OptimizerKind.Adam;

    /// <summary>Learning rate.</summary>
    public float LearningRate { get; init; } = 1e-3f;

    /// <summary>Adam β1.</summary>
    public float Beta1 { get; init; } = 0.9f;

    /// <summary>Adam β2.</summary>
    public float Beta2 { get; init; } = 0.999f;

    /// <summary>Adam ε.</summary>
    public float Epsilon { get; init; } = 1e-8f;

    /// <summary>L2 weight decay (added to the gradient, as PyTorch's Adam and SGD do).</summary>
    public float WeightDecay { get; init; }

    /// <summary>SGD momentum.</summary>
    public float Momentum { get; init; } = 0.9f;

    /// <summary>SGD Nesterov momentum.</summary>
    public bool Nesterov { get; init; }

    /// <summary>Learning-rate schedule.</summary>
    public ScheduleKind Schedule { get; init; } = ScheduleKind.Constant;

    /// <summary>Epochs of the cosine schedule (T_max).</summary>
    public int CosineEpochs { get; init; } = 300;

    /// <summary>Samples per optimizer batch (B ≥ 1).</summary>
    public int Batch { get; init; } = 1;

    /// <summary>Settings of the rules other than S-TLLR (<c>rule_options</c>).</summary>
    public RuleOptions RuleOptions { get; init; } = new();
}
