namespace Edge.Host.Baselines;

/// <summary>One baseline's accuracy on a dataset.</summary>
/// <param name="Model"><c>softmax</c> or <c>knn3</c>.</param>
/// <param name="Features">The feature grid, e.g. <c>17x17x2</c>.</param>
/// <param name="TrainSamples">Training samples.</param>
/// <param name="TestSamples">Test samples.</param>
/// <param name="TrainAccuracy">Accuracy on the training samples (3-NN: leave-one-out).</param>
/// <param name="TestAccuracy">Accuracy on the test samples.</param>
/// <param name="Lambda">The L2 penalty (softmax), else null.</param>
/// <param name="Iterations">L-BFGS iterations (softmax), else null.</param>
/// <param name="GradientNorm">Largest gradient component at the end (softmax), else null.</param>
public sealed record BaselineResult(
    string Model,
    string Features,
    int TrainSamples,
    int TestSamples,
    double TrainAccuracy,
    double TestAccuracy,
    double? Lambda,
    int? Iterations,
    double? GradientNorm);
