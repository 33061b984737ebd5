namespace Edge.Runtime.Learning.Flow;

/// <summary>Which flow loss a sample is learned with.</summary>
public enum FlowLossKind
{
    /// <summary>The endpoint error where the sample has truth on some pixel with events, the event-warp loss where it has none.</summary>
    Auto,

    /// <summary>Always the endpoint error (a sample without truth teaches nothing).</summary>
    EndpointError,

    /// <summary>Always the self-supervised event-warp loss (truth, when there is some, is only measured).</summary>
    EventWarp,
}

/// <summary>
/// The loss of a flow learner, chosen per sample: supervised by the average endpoint error
/// (<see cref="EndpointErrorLoss"/>) where the sample has truth, self-supervised by the warped
/// events (<see cref="EventWarpLoss"/>) where it does not — or always one of the two.
/// </summary>
public sealed class FlowLoss : IOutputLoss
{
    private readonly IFlowSample _sample;
    private readonly EndpointErrorLoss _endpoint;
    private readonly EventWarpLoss _warp;

    /// <summary>The loss of <paramref name="sample"/>'s flow maps (<paramref name="height"/> × <paramref name="width"/>).</summary>
    public FlowLoss(IFlowSample sample, int height, int width, FlowLossKind kind = FlowLossKind.Auto)
    {
        ArgumentNullException.ThrowIfNull(sample);
        _sample = sample;
        Kind = kind;
        _endpoint = new EndpointErrorLoss(sample);
        _warp = new EventWarpLoss(sample, height, width);
    }

    /// <summary>How the loss is chosen.</summary>
    public FlowLossKind Kind { get; }

    /// <summary>True when the current sample is learned self-supervised.</summary>
    public bool SelfSupervised => Kind == FlowLossKind.EventWarp || (Kind == FlowLossKind.Auto && _sample.Target.MaskedPixels == 0);

    /// <inheritdoc />
    public float LossAndGradient(ReadOnlySpan<float> output, Span<float> gradient) =>
        SelfSupervised ? _warp.LossAndGradient(output, gradient) : _endpoint.LossAndGradient(output, gradient);
}
