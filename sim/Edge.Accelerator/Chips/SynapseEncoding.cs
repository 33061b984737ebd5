namespace Edge.Accelerator.Chips;

/// <summary>
/// A way of storing a layer's synapses in a core's synaptic memory and of addressing them from
/// incoming spikes.
/// </summary>
/// <param name="Name">Name used in presets and reports: <c>discrete</c>, <c>population</c> or <c>conv-shared</c>.</param>
/// <param name="SharedWeights">True when a convolution kernel is stored once per core and shared by every output position it holds.</param>
/// <param name="PopulationAxons">
/// True when one input axon serves a whole source core (the spike message carries the source neuron's
/// index); false for one input axon per source neuron.
/// </param>
/// <param name="StaticBits">Bits per synapse entry when the synapse does not learn.</param>
/// <param name="PlasticBits">Bits per synapse entry when it learns (weight, tag and accumulator fields).</param>
/// <param name="AxonHeaderBits">Bits of synaptic memory per input axon (list header).</param>
/// <param name="Source">Evidence for the encoding and its sizes.</param>
public sealed record SynapseEncoding(string Name, bool SharedWeights, bool PopulationAxons, int StaticBits, int PlasticBits, int AxonHeaderBits, string Source)
{
    /// <summary>Bits per entry for static or plastic synapses.</summary>
    public int BitsPerEntry(bool plastic) => plastic ? PlasticBits : StaticBits;
}
