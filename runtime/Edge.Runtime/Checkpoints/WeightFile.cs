using System.Globalization;
using Edge.Runtime.Layers;
using Edge.Runtime.Learning;
using Edge.Runtime.Specs;

namespace Edge.Runtime.Checkpoints;

/// <summary>
/// A network's parameters as a safetensors file, so that weights trained elsewhere (the official
/// PyTorch code, exported by <c>tools/export_stllr_safetensors.py</c>) run on the board, and the
/// board's weights go back. Tensor names are <c>layers.{i}.{name}</c>: <c>i</c> is the layer's
/// index in the spec and <c>name</c> the official state_dict name (<c>weight</c>, <c>bias</c>,
/// <c>gain</c>, <c>weight_rec</c>, <c>gain_rec</c>); values are float32 in PyTorch order
/// (conv <c>[C_out, C_in, k, k]</c>, linear <c>[N_out, N_in]</c>, gains <c>[N_out]</c> — the
/// official <c>[N_out, 1]</c> and <c>[C_out, 1, 1, 1]</c> are accepted too). The official
/// constants <c>layers.{i}.leak</c>, <c>threshold</c> and <c>factors</c> may be present: they are
/// checked against the spec, since weights only mean something with the neurons they were trained
/// with. Checkpoint sections (<c>optimizer.*</c>, <c>signal.*</c>) are ignored, so a checkpoint
/// is also a weights file.
/// </summary>
public static class WeightFile
{
    /// <summary>Prefix of the tensors a checkpoint adds (optimizer moments).</summary>
    internal const string OptimizerPrefix = "optimizer.";

    /// <summary>Prefix of the learning signal's own trainable tensors (LocalLoss classifiers).</summary>
    internal const string SignalPrefix = "signal.";

    private const string LayerPrefix = "layers.";

    /// <summary>The tensor name of parameter <paramref name="name"/> of layer <paramref name="layer"/>.</summary>
    public static string Key(int layer, string name) => string.Create(CultureInfo.InvariantCulture, $"{LayerPrefix}{layer}.{name}");

    /// <summary>Writes every parameter of <paramref name="network"/> to <paramref name="path"/>.</summary>
    public static void Export(Network network, string path, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        var writer = new SafetensorsWriter();
        AddParameters(writer, network, torchBuffers: null);
        writer.Metadata["format"] = "edge-weights/1";
        writer.Metadata["network"] = network.Spec.Name;
        if (metadata is not null)
        {
            foreach (var (k, v) in metadata)
            {
                writer.Metadata[k] = v;
            }
        }
        writer.WriteFile(path);
    }

    /// <summary>
    /// Reads <paramref name="path"/> into the parameters of <paramref name="network"/> (every one
    /// must be present with its shape) and refreshes the standardized weights.
    /// </summary>
    /// <exception cref="CheckpointException">A missing, misshapen or unknown tensor, or constants that contradict the spec.</exception>
    public static void Import(Network network, string path)
    {
        ArgumentNullException.ThrowIfNull(network);
        using var file = SafetensorsFile.Open(path);
        Import(network, file);
    }

    /// <summary>Reads the parameters of an opened file (see <see cref="Import(Network, string)"/>).</summary>
    public static void Import(Network network, SafetensorsFile file)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(file);
        CheckNames(network, file);
        var scratch = new float[MaxCount(network)];
        foreach (var (index, p) in network.Parameters())
        {
            var key = Key(index, p.Name);
            var entry = file.Find(key) ?? throw new CheckpointException(file.Path,
                $"{key} is missing: layer {index} ({Describe(network.Layers[index].Spec)}) needs {p.Name} {SafetensorsEntry.FormatShape(p.Shape)}");
            RequireShape(file.Path, entry, p.Shape, $"layer {index} ({Describe(network.Layers[index].Spec)})");
            var values = scratch.AsSpan(0, p.Count);
            file.Read(entry, values);
            if (values.Length > 0 && !float.IsFinite(System.Numerics.Tensors.TensorPrimitives.MaxMagnitude(values)))
            {
                throw new CheckpointException(file.Path, $"{key} holds NaN or infinite values: a network cannot run on them");
            }
            p.Import(values);
        }
        network.RefreshWeights();
    }

    /// <summary>
    /// Adds the network's parameters to <paramref name="writer"/> in PyTorch order. With
    /// <paramref name="torchBuffers"/> (one per parameter, reused across saves) nothing is allocated.
    /// </summary>
    internal static void AddParameters(SafetensorsWriter writer, Network network, float[][]? torchBuffers)
    {
        var k = 0;
        foreach (var (index, p) in network.Parameters())
        {
            var torch = torchBuffers?[k++] ?? new float[p.Count];
            p.Export(torch);
            writer.Add(Key(index, p.Name), p.Shape, torch);
        }
    }

    /// <summary>Throws when a file's shape differs from <paramref name="expected"/> (1-D shapes also match [N, 1, …]).</summary>
    internal static void RequireShape(string file, SafetensorsEntry entry, IReadOnlyList<int> expected, string owner)
    {
        var actual = entry.Shape;
        var same = actual.Length == expected.Count;
        for (var i = 0; same && i < actual.Length; i++)
        {
            same = actual[i] == expected[i];
        }
        if (!same && expected.Count == 1)
        {
            same = entry.ElementCount == expected[0] && actual.Length > 0 && actual[0] == expected[0];
        }
        if (!same)
        {
            throw new CheckpointException(file,
                $"{entry.Name} has shape {entry.ShapeText}, {owner} needs {SafetensorsEntry.FormatShape(expected)}");
        }
    }

    /// <summary>A layer as messages name it: <c>conv2d 2→16 k3</c>.</summary>
    internal static string Describe(LayerSpec layer) => layer.Kind switch
    {
        LayerKind.Conv2d => string.Create(CultureInfo.InvariantCulture, $"conv2d {layer.In}→{layer.Out} k{layer.Kernel}"),
        LayerKind.Linear => string.Create(CultureInfo.InvariantCulture, $"linear {layer.In}→{layer.Out}"),
        LayerKind.LinearRecurrent => string.Create(CultureInfo.InvariantCulture, $"linear-rec {layer.In}→{layer.Out}"),
        LayerKind.ReadoutLinear => string.Create(CultureInfo.InvariantCulture, $"readout-linear {layer.In}→{layer.Out}"),
        LayerKind.ReadoutLeaky => string.Create(CultureInfo.InvariantCulture, $"readout-leaky {layer.In}→{layer.Out}"),
        _ => layer.Kind.ToString().ToLowerInvariant(),
    };

    /// <summary>A learning rule's own tensor in a checkpoint (<c>{rule}.{k}.{name}</c>): not a network weight.</summary>
    private static bool IsRuleTensor(string name)
    {
        foreach (var rule in LearnerFactory.Rules)
        {
            if (name.Length > rule.Length && name.StartsWith(rule, StringComparison.Ordinal) && name[rule.Length] == '.')
            {
                return true;
            }
        }
        return false;
    }

    private static void CheckNames(Network network, SafetensorsFile file)
    {
        foreach (var entry in file.Tensors)
        {
            var name = entry.Name;
            if (name.StartsWith(OptimizerPrefix, StringComparison.Ordinal) || name.StartsWith(SignalPrefix, StringComparison.Ordinal) || IsRuleTensor(name))
            {
                continue;
            }
            var dot = name.IndexOf('.', LayerPrefix.Length);
            if (!name.StartsWith(LayerPrefix, StringComparison.Ordinal) || dot < 0
                || !int.TryParse(name.AsSpan(LayerPrefix.Length, dot - LayerPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var index))
            {
                throw new CheckpointException(file.Path, $"tensor '{name}' is not named layers.<index>.<parameter> (see tools/export_stllr_safetensors.md)");
            }
            if (index >= network.Layers.Count)
            {
                throw new CheckpointException(file.Path, $"tensor '{name}' is for layer {index}, but network '{network.Spec.Name}' has {network.Layers.Count} layers");
            }
            var layer = network.Layers[index];
            var parameter = name[(dot + 1)..];
            if (parameter is "leak" or "threshold" or "factors")
            {
                CheckConstant(file, entry, layer.Spec, index, parameter);
                continue;
            }
            var known = false;
            foreach (var p in layer.Parameters)
            {
                known |= p.Name == parameter;
            }
            if (!known)
            {
                throw new CheckpointException(file.Path, $"tensor '{name}': layer {index} ({Describe(layer.Spec)}) has no parameter '{parameter}'" +
                    (layer.Parameters.Count == 0 ? "" : $" (it has {string.Join(", ", ParameterNames(layer))})"));
            }
        }
    }

    /// <summary>Checks an official neuron constant against the spec: the weights need the neurons they were trained with.</summary>
    private static void CheckConstant(SafetensorsFile file, SafetensorsEntry entry, LayerSpec spec, int index, string name)
    {
        var owner = $"layer {index} ({Describe(spec)})";
        if (!spec.IsSpiking && spec.Kind != LayerKind.ReadoutLeaky)
        {
            throw new CheckpointException(file.Path, $"tensor '{entry.Name}': {owner} has no {name}");
        }
        var values = file.Read(entry);
        if (name == "factors")
        {
            if (values.Length != 4)
            {
                throw new CheckpointException(file.Path, $"tensor '{entry.Name}' has {values.Length} values; factors are [lambda_post, lambda_pre, alpha_post, alpha_pre]");
            }
            var f = spec.Factors;
            var same = spec.Kind == LayerKind.ReadoutLeaky
                ? Close(values[1], f.LambdaPre)
                : Close(values[0], f.LambdaPost) && Close(values[1], f.LambdaPre) && Close(values[2], f.AlphaPost) && Close(values[3], f.AlphaPre);
            if (!same)
            {
                throw new CheckpointException(file.Path, string.Create(CultureInfo.InvariantCulture,
                    $"{entry.Name} = [{values[0]}, {values[1]}, {values[2]}, {values[3]}] but the spec's {owner} has factors [{f.LambdaPost}, {f.LambdaPre}, {f.AlphaPost}, {f.AlphaPre}]"));
            }
            return;
        }
        if (values.Length != 1)
        {
            throw new CheckpointException(file.Path, $"tensor '{entry.Name}' has {values.Length} values; {name} is a scalar");
        }
        if (name == "leak")
        {
            var decay = SpecReader.Sigmoid(values[0]);
            if (!Close(decay, spec.Decay))
            {
                throw new CheckpointException(file.Path, string.Create(CultureInfo.InvariantCulture,
                    $"{entry.Name} = {values[0]} gives decay sigmoid(leak) = {decay} but the spec's {owner} has decay {spec.Decay}"));
            }
        }
        else if (spec.Kind != LayerKind.ReadoutLeaky)
        {
            var threshold = MathF.Max(values[0], 0.5f);
            if (!Close(threshold, spec.Threshold))
            {
                throw new CheckpointException(file.Path, string.Create(CultureInfo.InvariantCulture,
                    $"{entry.Name} = {values[0]} gives threshold max(θ, 0.5) = {threshold} but the spec's {owner} has threshold {spec.Threshold}"));
            }
        }
    }

    private static bool Close(float a, float b) => MathF.Abs(a - b) <= 1e-6f * MathF.Max(1f, MathF.Abs(b));

    private static IEnumerable<string> ParameterNames(Layer layer)
    {
        foreach (var p in layer.Parameters)
        {
            yield return p.Name;
        }
    }

    private static int MaxCount(Network network)
    {
        var max = 0;
        foreach (var (_, p) in network.Parameters())
        {
            max = Math.Max(max, p.Count);
        }
        return max;
    }
}
