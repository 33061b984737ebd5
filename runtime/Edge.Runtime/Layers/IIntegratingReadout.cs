using Edge.Runtime.Kernels;

namespace Edge.Runtime.Layers;

/// <summary>
/// A non-spiking readout that integrates over time, u[t] = γ·u[t−1] + W ⋆ x[t] + b, output u
/// (<see cref="ReadoutLeaky"/>, <see cref="ReadoutFlow"/>): what a rule that learns through
/// time needs to carry its gradient back (δ[t] = ∂loss/∂u[t] + γ·δ[t+1]).
/// </summary>
internal interface IIntegratingReadout
{
    /// <summary>The synapse shape (dense for <c>readout-leaky</c>, a same-size convolution for <c>readout-flow</c>).</summary>
    ConvGeometry Geometry { get; }

    /// <summary>The raw weights.</summary>
    SynapseWeights Weights { get; }

    /// <summary>Bias, or null.</summary>
    Parameter? Bias { get; }

    /// <summary>γ.</summary>
    float Decay { get; }
}
