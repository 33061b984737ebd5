using Edge.Runtime.Layers;

namespace Edge.Host.Web.Feed;

/// <summary>A spiking layer as the page shows it: its name, size and the neurons its raster samples.</summary>
internal sealed class SpikingLayer
{
    public SpikingLayer(Layer layer)
    {
        Layer = layer;
        Neurons = layer.Output.Length / layer.Batch;
        Name = $"{layer.Index}: {layer.Spec.Kind.ToString().ToLowerInvariant()} {layer.OutputShape}";
        var sampled = Math.Min(Capture.RasterNeurons, Neurons);
        Sampled = new int[sampled];
        for (var k = 0; k < sampled; k++)
        {
            Sampled[k] = (int)((long)k * Neurons / sampled);
        }
    }

    /// <summary>The network's layer.</summary>
    public Layer Layer { get; }

    /// <summary>Neurons per sample.</summary>
    public int Neurons { get; }

    /// <summary>What the page calls it.</summary>
    public string Name { get; }

    /// <summary>The neurons of the raster, spread evenly over the layer (at most 64).</summary>
    public int[] Sampled { get; }

    /// <summary>The spiking layers of <paramref name="layers"/>, in order.</summary>
    public static SpikingLayer[] Of(IReadOnlyList<Layer> layers)
    {
        var list = new List<SpikingLayer>();
        foreach (var layer in layers)
        {
            if (layer.Spec.IsSpiking)
            {
                list.Add(new SpikingLayer(layer));
            }
        }
        return [.. list];
    }
}
