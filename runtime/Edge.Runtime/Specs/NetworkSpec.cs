namespace Edge.Runtime.Specs;

/// <summary>
/// What a network is: its input, layers and training setup. Plain data read from JSON and
/// validated (every layer fits the one before it). The CPU runtime, the accelerator model, the
/// benchmarks and the checkpoints all take this same object.
/// </summary>
public sealed record NetworkSpec
{
    /// <summary>Name (built-in name or file stem).</summary>
    public required string Name { get; init; }

    /// <summary>Optional one-line description.</summary>
    public string? Description { get; init; }

    /// <summary>Input shape per sample: [C, H, W] for event frames or [N] for vectors.</summary>
    public required IReadOnlyList<int> InputShape { get; init; }

    /// <summary>Number of classes (the readout's width); for a flow network the values of its flow map (2·H·W).</summary>
    public required int Classes { get; init; }

    /// <summary>Layers in the order they run (every layer after the layers it reads).</summary>
    public required IReadOnlyList<LayerSpec> Layers { get; init; }

    /// <summary>Time steps per sample.</summary>
    public int TimeSteps { get; init; } = 20;

    /// <summary>Steps with a learning signal (the last T_l steps; the official code's delay_ls).</summary>
    public int LearnSteps { get; init; } = 5;

    /// <summary>Which steps a prediction is made from (<c>prediction</c>; default every step).</summary>
    public PredictionRule Prediction { get; init; } = PredictionRule.SumAll;

    /// <summary>How the network learns.</summary>
    public LearningSpec Learning { get; init; } = new();

    /// <summary>Per-sample shapes after every layer, [C, H, W] or [N] (index i = output of layer i).</summary>
    public required IReadOnlyList<TensorShape> Shapes { get; init; }

    /// <summary>Number of input values per sample.</summary>
    public int InputSize => TensorShape.Of(InputShape).Size;

    /// <summary>T_l clamped to T.</summary>
    public int EffectiveLearnSteps => Math.Min(LearnSteps, TimeSteps);

    /// <summary>True when some layer reads other than the one before it (encoders, decoders, skips).</summary>
    public bool IsGraph
    {
        get
        {
            foreach (var layer in Layers)
            {
                if (layer.Inputs is not null)
                {
                    return true;
                }
            }
            return false;
        }
    }

    /// <summary>True when the network ends with a <c>readout-flow</c>: its output is a [2, H, W] flow map.</summary>
    public bool IsFlow => Layers.Count > 0 && Layers[^1].Kind == LayerKind.ReadoutFlow;

    /// <summary>The layers layer <paramref name="layer"/> reads (−1: the network's input); by default the previous layer.</summary>
    public LayerInputs InputsOf(int layer) => Layers[layer].Inputs ?? LayerInputs.Previous(layer);

    /// <summary>The per-sample shape of layer <paramref name="layer"/>'s first input.</summary>
    public TensorShape InputShapeOf(int layer)
    {
        var from = InputsOf(layer)[0];
        return from == LayerInputs.NetworkInput ? TensorShape.Of(InputShape) : Shapes[from];
    }

    /// <summary>
    /// The same network with a readout of <paramref name="classes"/> outputs (e.g. the demo network
    /// sized to the task it learns).
    /// </summary>
    public NetworkSpec WithClasses(int classes)
    {
        if (IsFlow)
        {
            throw new SpecException("$.layers", "the network ends with a readout-flow: it estimates flow and has no classes");
        }
        if (Layers.Count == 0 || !Layers[^1].IsReadout)
        {
            throw new SpecException("$.layers", "the network does not end with a readout, so its number of classes cannot change");
        }
        if (classes == Classes)
        {
            return this;
        }
        var layers = new List<LayerSpec>(Layers);
        layers[^1] = layers[^1] with { Out = classes };
        return this with
        {
            Classes = classes,
            Layers = layers,
            Shapes = SpecShapes.Infer(TensorShape.Of(InputShape), layers, classes),
        };
    }
}

/// <summary>A per-sample tensor shape in PyTorch order: [C, H, W] for maps, [N] for vectors.</summary>
/// <param name="C">Channels, or features for a vector.</param>
/// <param name="H">Height (1 for a vector).</param>
/// <param name="W">Width (1 for a vector).</param>
/// <param name="IsMap">True for a [C, H, W] map, false for an [N] vector.</param>
public readonly record struct TensorShape(int C, int H, int W, bool IsMap)
{
    /// <summary>Number of values.</summary>
    public int Size => C * H * W;

    /// <summary>A vector shape.</summary>
    public static TensorShape Vector(int n) => new(n, 1, 1, false);

    /// <summary>A map shape.</summary>
    public static TensorShape Map(int c, int h, int w) => new(c, h, w, true);

    /// <summary>Shape from a [C, H, W] or [N] list.</summary>
    public static TensorShape Of(IReadOnlyList<int> dims) => dims.Count == 3 ? Map(dims[0], dims[1], dims[2]) : Vector(dims[0]);

    /// <inheritdoc />
    public override string ToString() => IsMap
        ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{C}x{H}x{W}")
        : C.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
