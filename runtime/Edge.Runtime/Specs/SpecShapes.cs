using System.Globalization;

namespace Edge.Runtime.Specs;

/// <summary>
/// Shape inference and structural validation of a layer list: every layer must fit the outputs of
/// the layers it reads (by default the one before it; a graph spec names them), every layer must
/// come after its inputs, and every output but the last must be read. Errors name the layer by
/// JSON path (<c>$.layers[i]</c>).
/// </summary>
public static class SpecShapes
{
    /// <summary>Returns the output shape of every layer, or throws <see cref="SpecException"/>.</summary>
    public static TensorShape[] Infer(TensorShape input, IReadOnlyList<LayerSpec> layers, int classes)
    {
        ArgumentNullException.ThrowIfNull(layers);
        var shapes = new TensorShape[layers.Count];
        var read = new bool[layers.Count];
        for (var i = 0; i < layers.Count; i++)
        {
            var path = string.Create(CultureInfo.InvariantCulture, $"$.layers[{i}]");
            var l = layers[i];
            var inputs = l.Inputs ?? LayerInputs.Previous(i);
            foreach (var from in inputs)
            {
                if (from >= i)
                {
                    throw new SpecException(path + ".inputs", $"reads {Describe(layers, from)}, which does not come before it: list every layer after the layers it reads");
                }
                if (from >= 0)
                {
                    read[from] = true;
                }
            }
            if (l.IsMerge)
            {
                shapes[i] = Merge(input, layers, shapes, inputs, l, path);
            }
            else
            {
                Require(inputs.Count == 1, path + ".inputs", $"a {TypeName(l.Kind)} layer reads one input; merge several with a concat or add layer first");
                shapes[i] = Next(inputs[0] < 0 ? input : shapes[inputs[0]], l, path);
            }
            if (l.IsReadout && i != layers.Count - 1)
            {
                throw new SpecException(path, "a readout must be the last layer");
            }
        }
        for (var i = 0; i < layers.Count - 1; i++)
        {
            if (!read[i])
            {
                throw new SpecException(string.Create(CultureInfo.InvariantCulture, $"$.layers[{i}]"),
                    "no layer reads its output, and only the last layer's output leaves the network");
            }
        }
        if (layers.Count > 0 && layers[^1].IsReadout && layers[^1].Kind != LayerKind.ReadoutFlow && layers[^1].Out != classes)
        {
            throw new SpecException(
                string.Create(CultureInfo.InvariantCulture, $"$.layers[{layers.Count - 1}].out_features"),
                string.Create(CultureInfo.InvariantCulture, $"the readout has {layers[^1].Out} outputs but the network has {classes} classes"));
        }
        return shapes;
    }

    /// <summary>The output of a concat or add layer from the shapes of its inputs.</summary>
    private static TensorShape Merge(TensorShape input, IReadOnlyList<LayerSpec> layers, TensorShape[] shapes, LayerInputs inputs, LayerSpec l, string path)
    {
        var type = TypeName(l.Kind);
        Require(inputs.Count >= 2, path + ".inputs", $"a {type} layer merges at least two inputs");
        var first = inputs[0] < 0 ? input : shapes[inputs[0]];
        var channels = 0;
        for (var k = 0; k < inputs.Count; k++)
        {
            var x = inputs[k] < 0 ? input : shapes[inputs[k]];
            var at = string.Create(CultureInfo.InvariantCulture, $"{path}.inputs[{k}]");
            var sameKind = x.IsMap == first.IsMap && (!x.IsMap || (x.H == first.H && x.W == first.W));
            if (l.Kind == LayerKind.Add)
            {
                Require(x == first, at, $"{Describe(layers, inputs[k])} gives {x} but {Describe(layers, inputs[0])} gives {first}: add needs inputs of one shape");
            }
            else
            {
                Require(sameKind, at, $"{Describe(layers, inputs[k])} gives {x} but {Describe(layers, inputs[0])} gives {first}: concat needs maps of one height and width (or vectors)");
            }
            channels += x.C;
        }
        return l.Kind == LayerKind.Add ? first : first.IsMap ? TensorShape.Map(channels, first.H, first.W) : TensorShape.Vector(channels);
    }

    private static TensorShape Next(TensorShape x, LayerSpec l, string path)
    {
        switch (l.Kind)
        {
            case LayerKind.Conv2d:
                RequireMap(x, path, "conv2d");
                Require(x.C == l.In, path + ".in_channels", $"the input has {x.C} channels, the layer expects {l.In}");
                var h = ((x.H + (2 * l.Padding) - l.Kernel) / l.Stride) + 1;
                var w = ((x.W + (2 * l.Padding) - l.Kernel) / l.Stride) + 1;
                Require(x.H + (2 * l.Padding) >= l.Kernel && x.W + (2 * l.Padding) >= l.Kernel, path + ".kernel",
                    $"kernel {l.Kernel} is larger than the padded {x} input");
                return TensorShape.Map(l.Out, h, w);
            case LayerKind.ConvTranspose2d:
                RequireMap(x, path, "conv-transpose2d");
                Require(x.C == l.In, path + ".in_channels", $"the input has {x.C} channels, the layer expects {l.In}");
                var th = ((x.H - 1) * l.Stride) - (2 * l.Padding) + l.Kernel;
                var tw = ((x.W - 1) * l.Stride) - (2 * l.Padding) + l.Kernel;
                Require(th >= 1 && tw >= 1, path + ".padding", $"padding {l.Padding} crops the whole output of the {x} input");
                return TensorShape.Map(l.Out, th, tw);
            case LayerKind.UpsampleNearest:
                RequireMap(x, path, "upsample-nearest");
                return TensorShape.Map(x.C, x.H * l.Scale, x.W * l.Scale);
            case LayerKind.ReadoutFlow:
                RequireMap(x, path, "readout-flow");
                Require(x.C == l.In, path + ".in_channels", $"the input has {x.C} channels, the layer expects {l.In}");
                Require(l.Kernel % 2 == 1, path + ".kernel", $"kernel {l.Kernel} is even; the flow map keeps the input's size with an odd kernel");
                return TensorShape.Map(2, x.H, x.W);
            case LayerKind.MaxPool2d:
            case LayerKind.AvgPool2d:
                RequireMap(x, path, l.Kind == LayerKind.MaxPool2d ? "maxpool2d" : "avgpool2d");
                Require(x.H >= l.Kernel && x.W >= l.Kernel, path + ".kernel", $"pool window {l.Kernel} is larger than the {x} input");
                return TensorShape.Map(x.C, ((x.H - l.Kernel) / l.Stride) + 1, ((x.W - l.Kernel) / l.Stride) + 1);
            case LayerKind.GlobalAvgPool:
                RequireMap(x, path, "global-avgpool");
                return TensorShape.Vector(x.C);
            case LayerKind.Flatten:
                return TensorShape.Vector(x.Size);
            case LayerKind.Dropout:
                return x;
            case LayerKind.Linear:
            case LayerKind.LinearRecurrent:
            case LayerKind.ReadoutLinear:
            case LayerKind.ReadoutLeaky:
                Require(!x.IsMap, path, $"a fully connected layer needs a vector input but gets a {x} map: add a flatten or global-avgpool layer before it");
                Require(x.C == l.In, path + ".in_features", $"the input has {x.C} values, the layer expects {l.In}");
                return TensorShape.Vector(l.Out);
            default:
                throw new SpecException(path, "unsupported layer type");
        }
    }

    /// <summary>The <c>type</c> name of a layer kind, as a spec writes it.</summary>
    public static string TypeName(LayerKind kind) => kind switch
    {
        LayerKind.Conv2d => "conv2d",
        LayerKind.Linear => "linear",
        LayerKind.LinearRecurrent => "linear-rec",
        LayerKind.MaxPool2d => "maxpool2d",
        LayerKind.AvgPool2d => "avgpool2d",
        LayerKind.GlobalAvgPool => "global-avgpool",
        LayerKind.Flatten => "flatten",
        LayerKind.Dropout => "dropout",
        LayerKind.ReadoutLinear => "readout-linear",
        LayerKind.ReadoutLeaky => "readout-leaky",
        LayerKind.ConvTranspose2d => "conv-transpose2d",
        LayerKind.UpsampleNearest => "upsample-nearest",
        LayerKind.Concat => "concat",
        LayerKind.Add => "add",
        LayerKind.ReadoutFlow => "readout-flow",
        _ => kind.ToString(),
    };

    /// <summary>A layer as errors name it: <c>'enc1' (layers[2])</c>, <c>layers[2]</c> or the network's input.</summary>
    internal static string Describe(IReadOnlyList<LayerSpec> layers, int index) =>
        index < 0 ? "the network's input"
        : index < layers.Count && layers[index].Name is { } name ? string.Create(CultureInfo.InvariantCulture, $"'{name}' (layers[{index}])")
        : string.Create(CultureInfo.InvariantCulture, $"layers[{index}]");

    private static void RequireMap(TensorShape x, string path, string type) =>
        Require(x.IsMap, path, $"{type} needs a [C, H, W] input but gets a vector of {x.C} values");

    private static void Require(bool condition, string path, string problem)
    {
        if (!condition)
        {
            throw new SpecException(path, problem);
        }
    }
}
