namespace Edge.Runtime.Learning;

/// <summary>
/// A loss on the network's output in place of cross-entropy on class labels: a regression target
/// such as a flow map's endpoint error, or a self-supervised loss. A learner built with one asks it
/// for the loss and its gradient at the steps it learns on (S-TLLR: the last T_l steps; BPTT: the
/// last step of the window, the gradient then going back through every step). It holds its own
/// target for the current sample; nothing allocates per call.
/// </summary>
public interface IOutputLoss
{
    /// <summary>
    /// Returns the loss of <paramref name="output"/> ([B, outputs] in the network's layout, maps
    /// channels-last), averaged over the batch, and writes ∂loss/∂output into <paramref name="gradient"/>.
    /// </summary>
    float LossAndGradient(ReadOnlySpan<float> output, Span<float> gradient);
}
