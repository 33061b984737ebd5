using Edge.Accelerator.Chips;
using Edge.Runtime.Specs;

namespace Edge.Accelerator.Mapping;

/// <summary>
/// A network placed on a system: how each layer maps, every used core with its load, and how many
/// chips that takes. Built by <see cref="Mapper"/>; the execution and the counting read it.
/// </summary>
public sealed record NetworkMapping
{
    /// <summary>The network.</summary>
    public required NetworkSpec Spec { get; init; }

    /// <summary>The system.</summary>
    public required SystemDescription System { get; init; }

    /// <summary>The choices made.</summary>
    public required MappingOptions Options { get; init; }

    /// <summary>One entry per spec layer.</summary>
    public required IReadOnlyList<LayerMapping> Layers { get; init; }

    /// <summary>Every used core, by global index (0 … CoresUsed−1).</summary>
    public required IReadOnlyList<CorePlacement> Cores { get; init; }

    /// <summary>Where cores sit and how messages route.</summary>
    public Mesh Mesh => new(System.Chip, System.ChipsX);

    /// <summary>Cores used.</summary>
    public int CoresUsed => Cores.Count;

    /// <summary>Chips holding at least one used core.</summary>
    public int ChipsUsed => CoresUsed == 0 ? 0 : Mesh.ChipOf(CoresUsed - 1) + 1;

    /// <summary>Tiles holding at least one used core (the barrier's size).</summary>
    public int TilesUsed => CoresUsed == 0 ? 0 : Mesh.TileIndex(CoresUsed - 1) + 1;

    /// <summary>The layer mapping of the spiking source feeding layer <paramref name="index"/>, or null for the host.</summary>
    public LayerMapping? ProducerOf(int index) => Layers[index].Producer < 0 ? null : Layers[Layers[index].Producer];

    /// <summary>
    /// The layer whose neurons receive the spikes of layer <paramref name="index"/> (on cores), or null
    /// when they go to the host (readout on the host) or nowhere.
    /// </summary>
    public LayerMapping? ConsumerOf(int index)
    {
        for (var i = index + 1; i < Layers.Count; i++)
        {
            if (Layers[i].Producer == index && Layers[i].OnCores)
            {
                return Layers[i];
            }
        }
        return null;
    }

    /// <summary>True when the spikes of layer <paramref name="index"/> are sent to the host.</summary>
    public bool SendsToHost(int index)
    {
        for (var i = index + 1; i < Layers.Count; i++)
        {
            if (Layers[i].Producer == index && Layers[i].Kind == MappingKind.Host)
            {
                return true;
            }
        }
        return false;
    }
}
