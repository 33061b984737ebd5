using System.Globalization;
using System.Text.Json;

namespace Edge.Runtime.Specs;

/// <summary>
/// Reads a network spec from JSON. The format is flat and golden-compatible: the <c>config</c>
/// object of a golden <c>stllr-network</c> case (its <c>layers</c> list, <c>input_shape</c>,
/// <c>classes</c>, <c>factors</c>, <c>optimizer</c>…) loads as a spec as it is. Network-level
/// neuron fields (<c>psi</c>, <c>leak</c>/<c>decay</c>, <c>threshold</c>, <c>reset</c>,
/// <c>factors</c>) are defaults that a layer's own fields override; where a spec gives
/// <c>decay</c> it wins over <c>leak</c> (decay = σ(leak) in float32 otherwise).
/// </summary>
public static class SpecReader
{
    // The accepted keys of every object a spec holds; docs/network-spec.md documents each one (a test checks).
    internal static readonly string[] TopFields =
    [
        "name", "description", "input_shape", "classes", "time_steps", "learn_steps", "batch", "seed",
        "rule", "mode", "feedback", "loss", "optimizer", "schedule", "factors", "psi", "leak", "decay",
        "threshold", "reset", "standardize", "standardize_eps", "dropout", "layers", "shape", "fan_in",
        "out_channels", "out_features", "in_features", "in_channels", "variance", "neuron", "rule_options",
        "prediction",
    ];

    internal static readonly string[] LayerFields =
    [
        "type", "in_channels", "out_channels", "in_features", "out_features", "kernel", "stride", "padding",
        "bias", "psi", "decay", "leak", "threshold", "reset", "standardize", "factors", "p", "neuron", "name", "inputs", "scale",
    ];

    internal static readonly string[] OptimizerFields =
        ["type", "lr", "beta1", "beta2", "eps", "weight_decay", "momentum", "nesterov"];

    internal static readonly string[] ScheduleFields = ["type", "epochs"];

    internal static readonly string[] NeuronFields = ["model", "tau_m", "tau_s", "tau_grad"];

    internal static readonly string[] FactorFields = ["lambda_post", "lambda_pre", "alpha_post", "alpha_pre"];

    /// <summary>Reads a spec file; errors name the file and the JSON path.</summary>
    public static NetworkSpec ReadFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new SpecException("$", $"cannot read the spec: {ex.Message}", path);
        }
        try
        {
            return Parse(text, Path.GetFileNameWithoutExtension(path));
        }
        catch (SpecException ex)
        {
            throw ex.InFile(path);
        }
    }

    /// <summary>Parses spec JSON text.</summary>
    public static NetworkSpec Parse(string json, string defaultName)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException ex)
        {
            throw new SpecException("$", string.Create(CultureInfo.InvariantCulture,
                $"invalid JSON at line {(ex.LineNumber ?? 0) + 1}, byte {(ex.BytePositionInLine ?? 0) + 1} of the line: {JsonSyntax.Problem(ex)}"));
        }
        using (doc)
        {
            return Read(doc.RootElement, defaultName);
        }
    }

    /// <summary>Reads a spec from a parsed JSON object (e.g. a golden case's config).</summary>
    public static NetworkSpec Read(JsonElement root, string defaultName)
    {
        var top = new JsonFields(root, "$");
        top.RejectUnknown(TopFields);

        var inputDims = ReadInputShape(top);
        var defaults = new NeuronDefaults(
            Psi: top.Has("psi") ? ParsePsi(top, "psi") : null,
            Decay: ReadDecay(top),
            Threshold: top.Has("threshold") ? top.Float("threshold") : null,
            Reset: top.Has("reset") ? ParseReset(top, "reset") : null,
            Factors: top.Has("factors") ? ReadFactors(top, "factors") : null,
            Standardize: top.Bool("standardize", true),
            Neuron: top.Has("neuron") ? ReadNeuron(top) : null);
        if (top.Has("standardize_eps") && Math.Abs(top.Float("standardize_eps") - 1e-4f) > 1e-9f)
        {
            throw new SpecException(top.At("standardize_eps"), "only the official ε = 1e-4 is supported");
        }

        var layersJson = top.Array("layers");
        var layers = new List<LayerSpec>();
        var dropoutP = top.Float("dropout", 0f);
        if (dropoutP is < 0f or >= 1f)
        {
            throw new SpecException(top.At("dropout"), "must be in [0, 1)");
        }
        var index = 0;
        var graph = new List<JsonFields>();
        foreach (var element in layersJson.EnumerateArray())
        {
            var path = string.Create(CultureInfo.InvariantCulture, $"$.layers[{index}]");
            var fields = new JsonFields(element, path);
            var layer = ReadLayer(fields, defaults);
            layers.Add(layer);
            graph.Add(fields);
            if (dropoutP > 0f && layer.IsSpiking)
            {
                // The official VGG places a per-sample dropout after every spiking layer.
                layers.Add(new LayerSpec { Kind = LayerKind.Dropout, DropoutP = dropoutP });
            }
            index++;
        }
        if (layers.Count == 0)
        {
            throw new SpecException("$.layers", "a network needs at least one layer");
        }
        if (SpecGraph.IsGraph(graph))
        {
            if (dropoutP > 0f)
            {
                throw new SpecException(top.At("dropout"), "a spec whose layers have names or inputs places its dropout layers itself; leave the network-level dropout out");
            }
            SpecGraph.Resolve(graph, layers);
        }

        var learning = ReadLearning(top);
        var timeSteps = top.Int("time_steps", 20, min: 1);
        var learnSteps = top.Int("learn_steps", Math.Min(5, timeSteps), min: 0);
        var input = TensorShape.Of(inputDims);
        var flow = layers[^1].Kind == LayerKind.ReadoutFlow;
        // A flow network's outputs are its flow map, so it has no classes to give (the key is ignored).
        var classes = flow ? top.Int("classes", 0) : top.Int("classes", min: 1);
        var shapes = SpecShapes.Infer(input, layers, classes);
        if (flow)
        {
            classes = shapes[^1].Size;
        }
        return new NetworkSpec
        {
            Name = top.OptionalString("name") ?? defaultName,
            Description = top.OptionalString("description"),
            InputShape = inputDims,
            Classes = classes,
            Layers = layers,
            TimeSteps = timeSteps,
            LearnSteps = learnSteps,
            Prediction = top.Choice("prediction", PredictionRule.SumAll, PredictionRules.All),
            Learning = learning,
            Shapes = shapes,
        };
    }

    private sealed record NeuronDefaults(PsiKind? Psi, float? Decay, float? Threshold, ResetMode? Reset, StllrFactors? Factors, bool Standardize,
        (NeuronModel Model, DualExpConstants DualExp)? Neuron);

    private static int[] ReadInputShape(JsonFields top)
    {
        var arr = top.Array("input_shape");
        var dims = new List<int>();
        foreach (var d in arr.EnumerateArray())
        {
            if (d.ValueKind != JsonValueKind.Number || !d.TryGetInt32(out var v) || v <= 0)
            {
                throw new SpecException(top.At("input_shape"), "expected positive integers");
            }
            dims.Add(v);
        }
        if (dims.Count is not (1 or 3))
        {
            throw new SpecException(top.At("input_shape"), "expected [C, H, W] for event frames or [N] for vectors");
        }
        return [.. dims];
    }

    private static LayerSpec ReadLayer(JsonFields f, NeuronDefaults net)
    {
        f.RejectUnknown(LayerFields);
        var kind = f.Choice("type", (LayerKind)(-1),
        [
            ("conv2d", LayerKind.Conv2d), ("linear", LayerKind.Linear), ("linear-rec", LayerKind.LinearRecurrent),
            ("maxpool2d", LayerKind.MaxPool2d), ("avgpool2d", LayerKind.AvgPool2d), ("global-avgpool", LayerKind.GlobalAvgPool),
            ("flatten", LayerKind.Flatten), ("dropout", LayerKind.Dropout), ("readout-linear", LayerKind.ReadoutLinear),
            ("readout-leaky", LayerKind.ReadoutLeaky), ("conv-transpose2d", LayerKind.ConvTranspose2d),
            ("upsample-nearest", LayerKind.UpsampleNearest), ("concat", LayerKind.Concat), ("add", LayerKind.Add),
            ("readout-flow", LayerKind.ReadoutFlow),
        ]);
        if ((int)kind == -1)
        {
            throw new SpecException(f.At("type"), "required field is missing");
        }
        return ReadLayerOfKind(f, net, kind) with { Name = SpecGraph.ReadName(f) };
    }

    private static LayerSpec ReadLayerOfKind(JsonFields f, NeuronDefaults net, LayerKind kind)
    {
        switch (kind)
        {
            case LayerKind.Conv2d:
            case LayerKind.ConvTranspose2d:
                return Spiking(f, net, kind) with
                {
                    In = f.Int("in_channels", min: 1),
                    Out = f.Int("out_channels", min: 1),
                    Kernel = f.Int("kernel", min: 1),
                    Stride = f.Int("stride", 1, min: 1),
                    Padding = f.Int("padding", 0, min: 0),
                };
            case LayerKind.Linear:
            case LayerKind.LinearRecurrent:
                return Spiking(f, net, kind) with
                {
                    In = f.Int("in_features", min: 1),
                    Out = f.Int("out_features", min: 1),
                };
            case LayerKind.MaxPool2d:
            case LayerKind.AvgPool2d:
                var k = f.Int("kernel", min: 1);
                return new LayerSpec { Kind = kind, Kernel = k, Stride = f.Int("stride", k, min: 1) };
            case LayerKind.Dropout:
                var p = f.Float("p");
                return p is >= 0f and < 1f
                    ? new LayerSpec { Kind = kind, DropoutP = p }
                    : throw new SpecException(f.At("p"), "must be in [0, 1)");
            case LayerKind.UpsampleNearest:
                return new LayerSpec { Kind = kind, Scale = f.Int("scale", 2, min: 1) };
            case LayerKind.ReadoutFlow:
                if (f.Bool("standardize", false))
                {
                    throw new SpecException(f.At("standardize"), "readouts use raw weights (as the official code); standardize must be false");
                }
                var kernel = f.Int("kernel", 1, min: 1);
                var decay = ReadDecay(f) ?? 1f;
                return new LayerSpec
                {
                    Kind = kind,
                    In = f.Int("in_channels", min: 1),
                    Out = 2,
                    Kernel = kernel,
                    Padding = (kernel - 1) / 2,
                    Bias = f.Bool("bias", true),
                    Decay = decay,
                    Factors = f.Has("factors") ? ReadFactors(f, "factors") : new StllrFactors(0f, decay, 0f, 1f),
                };
            case LayerKind.ReadoutLinear:
            case LayerKind.ReadoutLeaky:
                if (f.Bool("standardize", false))
                {
                    throw new SpecException(f.At("standardize"), "readouts use raw weights (as the official code); standardize must be false");
                }
                var factors = f.Has("factors") ? ReadFactors(f, "factors") : new StllrFactors(0f, 0.99f, 0f, 1f);
                return new LayerSpec
                {
                    Kind = kind,
                    In = f.Int("in_features", min: 1),
                    Out = f.Int("out_features", min: 1),
                    Bias = f.Bool("bias", true),
                    Decay = kind == LayerKind.ReadoutLeaky ? ReadDecay(f) ?? net.Decay ?? Sigmoid(2f) : 0f,
                    Factors = factors,
                };
            default:
                return new LayerSpec { Kind = kind };
        }
    }

    private static LayerSpec Spiking(JsonFields f, NeuronDefaults net, LayerKind kind)
    {
        var psi = f.Has("psi") ? ParsePsi(f, "psi") : net.Psi ?? (kind is LayerKind.Conv2d or LayerKind.ConvTranspose2d ? PsiKind.Triangle03 : PsiKind.FastSigmoid100);
        var threshold = f.Has("threshold") ? f.Float("threshold") : net.Threshold ?? 0.6f;
        var (neuron, dualExp) = f.Has("neuron") ? ReadNeuron(f) : net.Neuron ?? (NeuronModel.Lif, DualExpConstants.NMnist);
        if (kind == LayerKind.LinearRecurrent && neuron != NeuronModel.Lif)
        {
            throw new SpecException(f.At("neuron"), "a linear-rec layer has LIF neurons only");
        }
        return new LayerSpec
        {
            Neuron = neuron,
            DualExp = dualExp,
            Kind = kind,
            Psi = psi,
            Decay = ReadDecay(f) ?? net.Decay ?? Sigmoid(2f),
            Threshold = MathF.Max(threshold, 0.5f),
            Reset = f.Has("reset") ? ParseReset(f, "reset") : net.Reset ?? ResetMode.Soft,
            Factors = f.Has("factors") ? ReadFactors(f, "factors") : net.Factors ?? StllrFactors.Default,
            Standardize = f.Bool("standardize", net.Standardize),
            Bias = f.Bool("bias", true),
        };
    }

    /// <summary>
    /// <c>neuron</c>: <c>"lif"</c>, <c>"htglif"</c>, <c>"dual-exp"</c>, or an object
    /// <c>{"model": "dual-exp", "tau_m": 8, "tau_s": 4, "tau_grad": 3}</c>.
    /// </summary>
    private static (NeuronModel Model, DualExpConstants DualExp) ReadNeuron(JsonFields f)
    {
        ReadOnlySpan<(string, NeuronModel)> models = [("lif", NeuronModel.Lif), ("htglif", NeuronModel.Htglif), ("dual-exp", NeuronModel.DualExp)];
        if (f.Get("neuron")!.Value.ValueKind == JsonValueKind.String)
        {
            return (f.Choice("neuron", NeuronModel.Lif, models), DualExpConstants.NMnist);
        }
        var o = f.Object("neuron");
        o.RejectUnknown(NeuronFields);
        var model = o.Choice("model", NeuronModel.Lif, models);
        var defaults = DualExpConstants.NMnist;
        var constants = new DualExpConstants(o.Float("tau_m", defaults.TauM), o.Float("tau_s", defaults.TauS), o.Float("tau_grad", defaults.TauGrad));
        if (constants.TauM <= 1f || constants.TauS <= 1f || constants.TauGrad <= 1f)
        {
            throw new SpecException(o.Path, "time constants must be greater than 1 step");
        }
        if (constants.TauM == constants.TauS)
        {
            throw new SpecException(o.At("tau_s"), "must differ from tau_m (the dual-exponential kernel divides by their difference)");
        }
        return (model, constants);
    }

    /// <summary>γ from <c>decay</c> or σ(<c>leak</c>), or null when neither is given.</summary>
    private static float? ReadDecay(JsonFields f)
    {
        if (f.Has("decay"))
        {
            var d = f.Float("decay");
            return d is >= 0f and <= 1f ? d : throw new SpecException(f.At("decay"), "must be in [0, 1]");
        }
        return f.Has("leak") ? Sigmoid(f.Float("leak")) : null;
    }

    /// <summary>σ(x) in float32 exactly as PyTorch computes it (1/(1 + e^−x) in float ops).</summary>
    public static float Sigmoid(float x) => 1f / (1f + MathF.Exp(-x));

    private static StllrFactors ReadFactors(JsonFields f, string name)
    {
        var e = f.Get(name)!.Value;
        if (e.ValueKind == JsonValueKind.Array)
        {
            var v = new float[4];
            var i = 0;
            foreach (var item in e.EnumerateArray())
            {
                if (i == 4 || item.ValueKind != JsonValueKind.Number)
                {
                    throw new SpecException(f.At(name), "expected [lambda_post, lambda_pre, alpha_post, alpha_pre]");
                }
                v[i++] = (float)item.GetDouble();
            }
            return i == 4 ? new StllrFactors(v[0], v[1], v[2], v[3]) : throw new SpecException(f.At(name), "expected 4 numbers");
        }
        var o = f.Object(name);
        o.RejectUnknown(FactorFields);
        return new StllrFactors(o.Float("lambda_post"), o.Float("lambda_pre"), o.Float("alpha_post"), o.Float("alpha_pre"));
    }

    internal static PsiKind ParsePsi(JsonFields f, string name) => f.Choice(name, PsiKind.FastSigmoid100,
    [
        ("fast-sigmoid-100", PsiKind.FastSigmoid100), ("triangle-0.3", PsiKind.Triangle03),
        ("sigmoid-4", PsiKind.Sigmoid4), ("arctan-10", PsiKind.Arctan10),
    ]);

    private static ResetMode ParseReset(JsonFields f, string name) =>
        f.Choice(name, ResetMode.Soft, [("soft", ResetMode.Soft), ("hard", ResetMode.Hard)]);

    private static LearningSpec ReadLearning(JsonFields top)
    {
        var spec = new LearningSpec
        {
            Rule = top.OptionalString("rule") ?? "stllr",
            Mode = top.Choice("mode", StllrMode.PerSample, [("stllr", StllrMode.PerSample), ("stllr-online", StllrMode.Online)]),
            Feedback = top.Choice("feedback", FeedbackMode.Bp,
            [
                ("BP", FeedbackMode.Bp), ("DFA", FeedbackMode.Dfa), ("sDFA", FeedbackMode.SignDfa),
                ("LocalLoss", FeedbackMode.LocalLoss), ("shallow", FeedbackMode.Shallow),
            ]),
            Batch = top.Int("batch", 1, min: 1),
            RuleOptions = top.Has("rule_options") ? Learning.Rules.RuleOptions.Read(top.Object("rule_options")) : new(),
        };
        if (top.Has("optimizer"))
        {
            var o = top.Object("optimizer");
            o.RejectUnknown(OptimizerFields);
            spec = spec with
            {
                Optimizer = o.Choice("type", OptimizerKind.Adam, [("adam", OptimizerKind.Adam), ("sgd", OptimizerKind.Sgd)]),
                LearningRate = Positive(o, "lr", spec.LearningRate),
                Beta1 = o.Float("beta1", spec.Beta1),
                Beta2 = o.Float("beta2", spec.Beta2),
                Epsilon = o.Float("eps", spec.Epsilon),
                WeightDecay = o.Float("weight_decay", 0f),
                Momentum = o.Float("momentum", spec.Momentum),
                Nesterov = o.Bool("nesterov", false),
            };
        }
        if (top.Has("schedule"))
        {
            var s = top.Object("schedule");
            s.RejectUnknown(ScheduleFields);
            spec = spec with
            {
                Schedule = s.Choice("type", ScheduleKind.Constant, [("constant", ScheduleKind.Constant), ("cosine", ScheduleKind.Cosine)]),
                CosineEpochs = s.Int("epochs", spec.CosineEpochs, min: 1),
            };
        }
        return spec;
    }

    private static float Positive(JsonFields f, string name, float fallback)
    {
        var v = f.Float(name, fallback);
        return v > 0f ? v : throw new SpecException(f.At(name), "must be positive");
    }
}
