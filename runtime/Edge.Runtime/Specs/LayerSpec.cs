namespace Edge.Runtime.Specs;

/// <summary>The type of a layer, as written in a spec's <c>type</c> field.</summary>
public enum LayerKind
{
    /// <summary><c>conv2d</c>: LIF convolution (S-TLLR spiking layer).</summary>
    Conv2d,

    /// <summary><c>linear</c>: LIF fully connected layer.</summary>
    Linear,

    /// <summary><c>linear-rec</c>: LIF fully connected layer with recurrent weights.</summary>
    LinearRecurrent,

    /// <summary><c>maxpool2d</c>.</summary>
    MaxPool2d,

    /// <summary><c>avgpool2d</c>.</summary>
    AvgPool2d,

    /// <summary><c>global-avgpool</c>: mean over H×W.</summary>
    GlobalAvgPool,

    /// <summary><c>flatten</c>: C·H·W in row-major order.</summary>
    Flatten,

    /// <summary><c>dropout</c>: one mask per sample, fixed across T.</summary>
    Dropout,

    /// <summary><c>readout-linear</c>: stateless linear readout (logits of this step).</summary>
    ReadoutLinear,

    /// <summary><c>readout-leaky</c>: non-spiking leaky integrator readout (SHD).</summary>
    ReadoutLeaky,

    /// <summary><c>conv-transpose2d</c>: LIF transposed convolution (an upsampling decoder layer).</summary>
    ConvTranspose2d,

    /// <summary><c>upsample-nearest</c>: each value repeated over a scale × scale block.</summary>
    UpsampleNearest,

    /// <summary><c>concat</c>: the inputs' channels one after the other (a skip connection).</summary>
    Concat,

    /// <summary><c>add</c>: the element-wise sum of inputs of one shape (a skip connection).</summary>
    Add,

    /// <summary><c>readout-flow</c>: non-spiking accumulating convolution to a dense 2-channel flow map.</summary>
    ReadoutFlow,
}

/// <summary>Membrane reset after a spike.</summary>
public enum ResetMode
{
    /// <summary>ũ = u − θ·s.</summary>
    Soft,

    /// <summary>ũ = u·(1 − s).</summary>
    Hard,
}

/// <summary>The secondary activation Ψ(v) of S-TLLR, evaluated on v = u − θ before the reset.</summary>
public enum PsiKind
{
    /// <summary><c>fast-sigmoid-100</c>: 1/(100·|v| + 1)² (official linear/recurrent default).</summary>
    FastSigmoid100,

    /// <summary><c>triangle-0.3</c>: 0.3·max(0, 1 − |v|) (official conv default).</summary>
    Triangle03,

    /// <summary><c>sigmoid-4</c>: 4·σ(4v)·(1 − σ(4v)) (CIFAR10-DVS).</summary>
    Sigmoid4,

    /// <summary><c>arctan-10</c>: 1/(1 + (10v)²) (the paper's fourth secondary activation).</summary>
    Arctan10,
}

/// <summary>S-TLLR trace factors, in the official order [λ_post, λ_pre, α_post, α_pre].</summary>
/// <param name="LambdaPost">Decay of the postsynaptic trace of Ψ.</param>
/// <param name="LambdaPre">Decay of the presynaptic trace of the input.</param>
/// <param name="AlphaPost">Weight of the non-causal (post-before-pre) term.</param>
/// <param name="AlphaPre">Weight of the causal (pre-before-post) term.</param>
public readonly record struct StllrFactors(float LambdaPost, float LambdaPre, float AlphaPost, float AlphaPre)
{
    /// <summary>The official main.py default [0.2, 0.75, −1, 1] (DVS Gesture).</summary>
    public static StllrFactors Default => new(0.2f, 0.75f, -1f, 1f);
}

/// <summary>
/// One layer of a network spec: plain data, validated, with every default resolved. What a layer
/// is, not how it runs.
/// </summary>
public sealed record LayerSpec
{
    /// <summary>Layer type.</summary>
    public required LayerKind Kind { get; init; }

    /// <summary>Input channels (conv) or features (linear, readouts).</summary>
    public int In { get; init; }

    /// <summary>Output channels (conv) or features (linear, readouts).</summary>
    public int Out { get; init; }

    /// <summary>Square kernel size (conv, pools).</summary>
    public int Kernel { get; init; }

    /// <summary>Stride (conv, pools).</summary>
    public int Stride { get; init; } = 1;

    /// <summary>Zero padding (conv).</summary>
    public int Padding { get; init; }

    /// <summary>Has a bias (spiking layers and readouts).</summary>
    public bool Bias { get; init; } = true;

    /// <summary>Weight standardization with a learnable gain (spiking layers).</summary>
    public bool Standardize { get; init; }

    /// <summary>Membrane decay γ (already σ(leak) when the spec gave a leak).</summary>
    public float Decay { get; init; }

    /// <summary>Effective threshold θ = max(threshold, 0.5).</summary>
    public float Threshold { get; init; }

    /// <summary>Reset after a spike.</summary>
    public ResetMode Reset { get; init; } = ResetMode.Soft;

    /// <summary>Secondary activation Ψ (spiking layers).</summary>
    public PsiKind Psi { get; init; }

    /// <summary>S-TLLR factors (spiking layers; the leaky readout uses λ_pre for its input trace).</summary>
    public StllrFactors Factors { get; init; }

    /// <summary>Neuron model of a spiking layer (LIF unless a rule brings its own).</summary>
    public NeuronModel Neuron { get; init; }

    /// <summary>Time constants of dual-exponential neurons (<see cref="NeuronModel.DualExp"/> only).</summary>
    public DualExpConstants DualExp { get; init; } = DualExpConstants.NMnist;

    /// <summary>Dropout probability (dropout layers).</summary>
    public float DropoutP { get; init; }

    /// <summary>Upsampling factor (<c>upsample-nearest</c>).</summary>
    public int Scale { get; init; } = 1;

    /// <summary>The layer's <c>name</c>, by which other layers name it as an input; null when it has none.</summary>
    public string? Name { get; init; }

    /// <summary>
    /// The layers whose outputs this layer reads, by index (−1: the network's input); null for the
    /// default, the previous layer (<see cref="NetworkSpec.InputsOf"/> resolves it).
    /// </summary>
    public LayerInputs? Inputs { get; init; }

    /// <summary>True for the layers that spike and learn with S-TLLR.</summary>
    public bool IsSpiking => Kind is LayerKind.Conv2d or LayerKind.Linear or LayerKind.LinearRecurrent or LayerKind.ConvTranspose2d;

    /// <summary>True for the readouts (the last layer; it learns from the loss gradient).</summary>
    public bool IsReadout => Kind is LayerKind.ReadoutLinear or LayerKind.ReadoutLeaky or LayerKind.ReadoutFlow;

    /// <summary>True for the layers that read several inputs (<c>concat</c>, <c>add</c>).</summary>
    public bool IsMerge => Kind is LayerKind.Concat or LayerKind.Add;
}
