using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Edge.Runtime.Specs;

/// <summary>
/// The graph keys of a spec's layers: <c>name</c>, and <c>inputs</c>, the names of the layers a
/// layer reads (<c>"input"</c> is the network's input; without the key, the previous layer).
/// Names resolve to layer indices; a name nobody has, a layer that reads itself or a later layer
/// (with the cycle it makes, when it makes one) are errors at the entry's JSON path.
/// </summary>
internal static class SpecGraph
{
    /// <summary>The name by which a layer reads the network's input.</summary>
    public const string NetworkInputName = "input";

    /// <summary>The layer's <c>name</c>, checked (non-empty, not the network input's name), or null.</summary>
    public static string? ReadName(JsonFields f)
    {
        var name = f.OptionalString("name");
        if (name is null)
        {
            return null;
        }
        if (name.Length == 0)
        {
            throw new SpecException(f.At("name"), "must not be empty");
        }
        return name == NetworkInputName
            ? throw new SpecException(f.At("name"), $"'{NetworkInputName}' names the network's input; give the layer another name")
            : name;
    }

    /// <summary>True when some layer has a <c>name</c> or <c>inputs</c>.</summary>
    public static bool IsGraph(IReadOnlyList<JsonFields> layers)
    {
        foreach (var f in layers)
        {
            if (f.Has("name") || f.Has("inputs"))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>
    /// Sets every layer's <see cref="LayerSpec.Inputs"/> from its <c>inputs</c> (left null where
    /// they are the previous layer). <paramref name="fields"/>[i] is the JSON of <paramref name="layers"/>[i].
    /// </summary>
    public static void Resolve(IReadOnlyList<JsonFields> fields, List<LayerSpec> layers)
    {
        var byName = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < layers.Count; i++)
        {
            if (layers[i].Name is { } name && !byName.TryAdd(name, i))
            {
                throw new SpecException(fields[i].At("name"), string.Create(CultureInfo.InvariantCulture, $"layers[{byName[name]}] has the name '{name}' already"));
            }
        }
        var raw = new int[layers.Count][];
        for (var i = 0; i < layers.Count; i++)
        {
            raw[i] = fields[i].Has("inputs") ? Names(fields[i], byName) : [i - 1];
        }
        for (var i = 0; i < layers.Count; i++)
        {
            for (var k = 0; k < raw[i].Length; k++)
            {
                var from = raw[i][k];
                if (from < i)
                {
                    continue;
                }
                var at = string.Create(CultureInfo.InvariantCulture, $"{fields[i].At("inputs")}[{k}]");
                if (from == i)
                {
                    throw new SpecException(at, "a layer cannot read its own output (a cycle)");
                }
                var cycle = PathBack(raw, from, i);
                throw new SpecException(at, cycle is null
                    ? $"{SpecShapes.Describe(layers, from)} comes after this layer: list every layer after the layers it reads"
                    : $"{SpecShapes.Describe(layers, from)} makes a cycle: {Cycle(layers, i, cycle)}");
            }
            if (raw[i].Length != 1 || raw[i][0] != i - 1)
            {
                layers[i] = layers[i] with { Inputs = new LayerInputs(raw[i]) };
            }
        }
    }

    private static int[] Names(JsonFields f, Dictionary<string, int> byName)
    {
        var array = f.Array("inputs");
        var indices = new List<int>();
        foreach (var item in array.EnumerateArray())
        {
            var at = string.Create(CultureInfo.InvariantCulture, $"{f.At("inputs")}[{indices.Count}]");
            if (item.ValueKind != JsonValueKind.String)
            {
                throw new SpecException(at, $"expected the name of a layer, found {JsonFields.Describe(item)}");
            }
            var name = item.GetString()!;
            if (name == NetworkInputName)
            {
                indices.Add(LayerInputs.NetworkInput);
            }
            else if (byName.TryGetValue(name, out var index))
            {
                indices.Add(index);
            }
            else
            {
                var names = new List<string>(byName.Keys);
                names.Sort(StringComparer.Ordinal);
                throw new SpecException(at, $"no layer is named '{name}' (named layers: {(names.Count == 0 ? "none" : string.Join(", ", names))}; '{NetworkInputName}' is the network's input)");
            }
        }
        return indices.Count == 0 ? throw new SpecException(f.At("inputs"), "names no layer; leave the key out to read the previous layer") : [.. indices];
    }

    /// <summary>The layers from <paramref name="from"/> back to <paramref name="to"/> along inputs, or null when <paramref name="to"/> cannot be reached.</summary>
    private static List<int>? PathBack(int[][] inputs, int from, int to)
    {
        var visited = new bool[inputs.Length];
        var path = new List<int>();
        return Search(from) ? path : null;

        bool Search(int at)
        {
            if (at < 0 || visited[at])
            {
                return false;
            }
            visited[at] = true;
            path.Add(at);
            if (at == to)
            {
                return true;
            }
            foreach (var next in inputs[at])
            {
                if (Search(next))
                {
                    return true;
                }
            }
            path.RemoveAt(path.Count - 1);
            return false;
        }
    }

    private static string Cycle(IReadOnlyList<LayerSpec> layers, int start, List<int> path)
    {
        var text = new StringBuilder(SpecShapes.Describe(layers, start));
        foreach (var index in path)
        {
            text.Append(" reads ").Append(SpecShapes.Describe(layers, index));
        }
        return text.ToString();
    }
}
