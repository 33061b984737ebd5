using System.Globalization;
using Edge.Runtime.Kernels;
using Edge.Runtime.Layers;
using Edge.Runtime.Learning.Rules;
using Edge.Runtime.Learning.Stllr;
using Edge.Runtime.Specs;

namespace Edge.Runtime.Golden;

/// <summary>
/// Runs golden cases through the same spec → network → learner objects and kernels that the demo
/// and the benchmarks use, and compares every expected tensor.
/// </summary>
public static class GoldenRunner
{
    /// <summary>Case files of the given files and folders (folders: every *.json, sorted).</summary>
    public static IReadOnlyList<string> FindCases(IEnumerable<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var files = new List<string>();
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
            {
                var found = Directory.GetFiles(path, "*.json");
                Array.Sort(found, StringComparer.Ordinal);
                files.AddRange(found);
            }
            else if (File.Exists(path))
            {
                files.Add(path);
            }
            else
            {
                throw new FileNotFoundException($"no golden case file or folder at '{path}'", path);
            }
        }
        return files;
    }

    /// <summary>Reads and runs one case file.</summary>
    public static GoldenResult RunFile(string path)
    {
        using var c = GoldenCase.Read(path);
        return Run(c);
    }

    /// <summary>Runs one case.</summary>
    public static GoldenResult Run(GoldenCase goldenCase)
    {
        ArgumentNullException.ThrowIfNull(goldenCase);
        try
        {
            return goldenCase.Kind switch
            {
                "stllr-linear" or "stllr-conv2d" or "stllr-linear-rec" or "stllr-readout" => RunLayer(goldenCase),
                "weight-standardization" => RunWeightStandardization(goldenCase),
                "stllr-network" => RunNetwork(goldenCase),
                "bpsta-node" => BpstaNodeCase.Run(goldenCase),
                _ => new GoldenResult(goldenCase.Name, goldenCase.Kind, GoldenStatus.Skip, 0, $"kind '{goldenCase.Kind}' is not implemented by this build"),
            };
        }
        catch (SpecException ex)
        {
            throw ex.File is null ? ex.InFile(goldenCase.File) : ex;
        }
    }

    private static GoldenResult RunLayer(GoldenCase c)
    {
        var f = c.ConfigFields;
        var batch = f.Int("batch", min: 1);
        var steps = f.Int("time_steps", min: 1);
        var learnSteps = f.Int("learn_steps", min: 0);
        var (layer, inputShape) = LayerFromConfig(c.Kind, f);
        var outputShape = SpecShapes.Infer(inputShape, [layer], layer.Out)[0];
        var spec = new NetworkSpec
        {
            Name = c.Name,
            InputShape = inputShape.IsMap ? [inputShape.C, inputShape.H, inputShape.W] : [inputShape.C],
            Classes = outputShape.Size,
            Layers = [layer],
            Shapes = [outputShape],
            TimeSteps = steps,
            LearnSteps = learnSteps,
        };
        var network = Network.Build(spec, new NetworkOptions(batch, Learning: true, Seed: 0));
        var learner = new StllrLearner(network);
        var l0 = network.Layers[0];
        foreach (var p in l0.Parameters)
        {
            var name = p.Name;
            if (c.Inputs.TryGetValue(name, out var value))
            {
                p.Import(value.Data);
            }
        }
        network.RefreshWeights();
        learner.BeginSample(new int[batch]);

        var x = c.Input("x");
        var signal = c.Input("learning_signal");
        var recorder = new TensorRecorder(steps, batch);
        var gradOut = new float[batch * outputShape.Size];
        var gradIn = new float[batch * inputShape.Size];
        var zeros = new float[batch * inputShape.Size];
        for (var t = 0; t < steps; t++)
        {
            learner.Forward(x.At(t), backwardFollows: true);
            RecordLayerState(recorder, l0, learner.PartOf(0), t);
            if (learner.LearnsAt(t))
            {
                ToChannelsLast(signal.At(t), outputShape, batch, gradOut);
                learner.BackwardToInput(gradOut, gradIn);
                recorder.Record("grad_input", t, gradIn, inputShape);
            }
            else
            {
                recorder.Record("grad_input", t, zeros, inputShape);
            }
        }

        var comparer = new GoldenComparer(c);
        foreach (var (name, values) in recorder.Tensors)
        {
            comparer.Compare(name, values);
        }
        CompareWeights(comparer, l0, learner);
        comparer.RequireAllCompared();
        return comparer.Result();
    }

    private static (LayerSpec Layer, TensorShape Input) LayerFromConfig(string kind, JsonFields f)
    {
        var factors = f.Object("factors");
        var stllr = new StllrFactors(factors.Float("lambda_post"), factors.Float("lambda_pre"), factors.Float("alpha_post"), factors.Float("alpha_pre"));
        if (kind == "stllr-readout")
        {
            var readout = new LayerSpec
            {
                Kind = LayerKind.ReadoutLeaky,
                In = f.Int("in_features"),
                Out = f.Int("out_features"),
                Decay = f.Float("decay"),
                Factors = stllr,
            };
            return (readout, TensorShape.Vector(readout.In));
        }
        var layer = new LayerSpec
        {
            Kind = kind switch
            {
                "stllr-conv2d" => LayerKind.Conv2d,
                "stllr-linear-rec" => LayerKind.LinearRecurrent,
                _ => LayerKind.Linear,
            },
            Decay = f.Float("decay"),
            Threshold = MathF.Max(f.Float("threshold"), 0.5f),
            Reset = f.String("reset") == "hard" ? ResetMode.Hard : ResetMode.Soft,
            Psi = SpecReader.ParsePsi(f, "psi"),
            Factors = stllr,
            Standardize = f.Bool("standardize", false),
        };
        if (layer.Kind == LayerKind.Conv2d)
        {
            layer = layer with
            {
                In = f.Int("in_channels"),
                Out = f.Int("out_channels"),
                Kernel = f.Int("kernel"),
                Stride = f.Int("stride"),
                Padding = f.Int("padding"),
            };
            return (layer, TensorShape.Map(layer.In, f.Int("height"), f.Int("width")));
        }
        layer = layer with { In = f.Int("in_features"), Out = f.Int("out_features") };
        return (layer, TensorShape.Vector(layer.In));
    }

    private static void RecordLayerState(TensorRecorder recorder, Layer layer, LayerLearning part, int t)
    {
        var shape = layer.OutputShape;
        switch (layer)
        {
            case LifLayer lif:
                recorder.Record("u", t, lif.Neurons.PreResetMembrane, shape);
                recorder.Record("spikes", t, lif.Output, shape);
                recorder.Record("psi", t, lif.Neurons.Psi, shape);
                recorder.Record("trace_post", t, lif.Neurons.TracePost, shape);
                var stllr = (LifStllr)part;
                recorder.Record("trace_pre", t, stllr.TracePre, lif.InputShape);
                if (stllr.TraceRecurrent is { } traceRecurrent)
                {
                    recorder.Record("trace_rec", t, traceRecurrent, shape);
                }
                break;
            case ReadoutLeaky readout:
                recorder.Record("u", t, readout.Output, shape);
                recorder.Record("trace_pre", t, readout.TracePre, readout.InputShape);
                break;
        }
    }

    private static void CompareWeights(GoldenComparer comparer, Layer layer, StllrLearner learner)
    {
        SynapseWeights? synapse = layer switch
        {
            LifLayer lif => lif.Synapse,
            ReadoutLeaky readout => readout.Weights,
            _ => null,
        };
        var recurrent = (layer as LifRecurrent)?.Recurrent;
        Compare(comparer, "w_eff", synapse!.Weight, synapse.Effective);
        Compare(comparer, "grad_weight_eff", synapse.Weight, synapse.EffectiveGrad!);
        if (recurrent is not null)
        {
            Compare(comparer, "w_rec_eff", recurrent.Weight, recurrent.Effective);
            Compare(comparer, "grad_weight_rec_eff", recurrent.Weight, recurrent.EffectiveGrad!);
        }
        learner.FinishGradients();
        foreach (var p in layer.Parameters)
        {
            Compare(comparer, "grad_" + p.Name, p, p.Grad!);
        }
    }

    private static GoldenResult RunWeightStandardization(GoldenCase c)
    {
        var weight = c.Input("weight");
        var shape = weight.Shape;
        var geometry = shape.Length == 4
            ? new ConvGeometry(shape[1], shape[2], shape[3], shape[0], shape[2], 1, 0)
            : ConvGeometry.Linear(shape[1], shape[0]);
        var n = geometry.WeightCount;
        var raw = new Parameter("weight", shape, new float[n], new float[n], geometry);
        raw.Import(weight.Data);
        var gain = c.Input("gain").Data;
        var effective = new float[n];
        var denominators = new float[geometry.OutChannels];
        var scratch = new double[WeightStandardization.ScratchLength(geometry.OutChannels)];
        WeightStandardization.Forward(raw.Value, gain, geometry.Rows, geometry.OutChannels, effective, denominators, scratch);

        var upstream = new Parameter("grad", shape, new float[n], null, geometry);
        upstream.Import(c.Input("upstream_grad").Data);
        var grad = upstream.Value;
        var gradGain = new float[geometry.OutChannels];
        WeightStandardization.Backward(raw.Value, gain, denominators, geometry.Rows, geometry.OutChannels, grad, gradGain, scratch);

        var comparer = new GoldenComparer(c);
        Compare(comparer, "w_eff", raw, effective);
        Compare(comparer, "grad_weight", raw, grad);
        comparer.Compare("grad_gain", gradGain);
        comparer.RequireAllCompared();
        return comparer.Result();
    }

    private static GoldenResult RunNetwork(GoldenCase c)
    {
        var spec = SpecReader.Read(c.Config, c.Name);
        var f = c.ConfigFields;
        var batch = f.Int("batch", min: 1);
        var network = Network.Build(spec, new NetworkOptions(batch, Learning: true, Seed: 0));
        var learner = new StllrLearner(network);
        foreach (var (index, p) in network.Parameters())
        {
            p.Import(c.Input(Key("param", index, p.Name)).Data);
        }
        network.RefreshWeights();

        var labelsTensor = c.Input("labels").Data;
        var labels = new int[batch];
        for (var b = 0; b < batch; b++)
        {
            labels[b] = (int)labelsTensor[b];
        }
        var steps = spec.TimeSteps;
        var x = c.Input("x");
        var recorder = new TensorRecorder(steps, batch);
        var losses = new float[learner.LearnSteps];
        var k = 0;
        learner.BeginSample(labels);
        for (var t = 0; t < steps; t++)
        {
            var logits = learner.Step(x.At(t), t);
            recorder.Record("logits", t, logits, TensorShape.Vector(spec.Classes));
            foreach (var layer in network.Layers)
            {
                if (layer is LifLayer lif)
                {
                    recorder.Record(Key("u", lif.Index), t, lif.Neurons.PreResetMembrane, lif.OutputShape);
                    recorder.Record(Key("spikes", lif.Index), t, lif.Output, lif.OutputShape);
                }
            }
            if (learner.LearnsAt(t))
            {
                losses[k++] = learner.LastStepLoss;
            }
        }
        recorder.Store("loss", losses);

        learner.FinishGradients();
        var comparer = new GoldenComparer(c);
        foreach (var (name, values) in recorder.Tensors)
        {
            comparer.Compare(name, values);
        }
        foreach (var (index, p) in network.Parameters())
        {
            Compare(comparer, Key("grad", index, p.Name), p, p.Grad!);
        }
        learner.Optimizer.Step();
        foreach (var (index, p) in network.Parameters())
        {
            Compare(comparer, Key("param", index, p.Name), p, p.Value);
        }
        comparer.RequireAllCompared();
        return comparer.Result();
    }

    private static void Compare(GoldenComparer comparer, string name, Parameter layout, float[] internalOrder)
    {
        var torch = new float[internalOrder.Length];
        layout.ToTorch(internalOrder, torch);
        comparer.Compare(name, torch);
    }

    private static void ToChannelsLast(ReadOnlySpan<float> torchOrder, TensorShape shape, int batch, Span<float> hwc)
    {
        var size = shape.Size;
        for (var b = 0; b < batch; b++)
        {
            if (shape.IsMap)
            {
                Layout.ChwToHwc(torchOrder.Slice(b * size, size), shape.C, shape.H * shape.W, hwc.Slice(b * size, size));
            }
            else
            {
                torchOrder.Slice(b * size, size).CopyTo(hwc.Slice(b * size, size));
            }
        }
    }

    private static string Key(string prefix, int index) => string.Create(CultureInfo.InvariantCulture, $"{prefix}:{index}");

    private static string Key(string prefix, int index, string name) => string.Create(CultureInfo.InvariantCulture, $"{prefix}:{index}:{name}");
}
