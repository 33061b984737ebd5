using System.Globalization;

namespace Edge.Runtime.Specs;

/// <summary>
/// Shape inference and structural validation of a layer list: every layer must fit the output of
/// the one before it. Errors name the layer by JSON path (<c>$.layers[i]</c>).
/// </summary>
public static class SpecShapes
{
    /// <summary>Returns the output shape of every layer, or throws <see cref="SpecException"/>.</summary>
    public static TensorShape[] Infer(TensorShape input, IReadOnlyList<LayerSpec> layers, int classes)
    {
        ArgumentNullException.ThrowIfNull(layers);
        var shapes = new TensorShape[layers.Count];
        var current = input;
        for (var i = 0; i < layers.Count; i++)
        {
            var path = string.Create(CultureInfo.InvariantCulture, $"$.layers[{i}]");
            current = Next(current, layers[i], path);
            shapes[i] = current;
            if (layers[i].IsReadout && i != layers.Count - 1)
            {
                throw new SpecException(path, "a readout must be the last layer");
            }
        }
        if (layers.Count > 0 && layers[^1].IsReadout && layers[^1].Out != classes)
        {
            throw new SpecException(
                string.Create(CultureInfo.InvariantCulture, $"$.layers[{layers.Count - 1}].out_features"),
                string.Create(CultureInfo.InvariantCulture, $"the readout has {layers[^1].Out} outputs but the network has {classes} classes"));
        }
        return shapes;
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
