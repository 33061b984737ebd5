namespace Edge.Host.Baselines;

/// <summary>
/// Multinomial logistic (softmax) regression with an L2 penalty on the weights (not the biases),
/// trained to convergence with <see cref="Lbfgs"/>: minimises
/// (1/N) Σ −log softmax(W·x_i + b)[y_i] + (λ/2)‖W‖². The loss is computed in double precision
/// (unlike the runtime's float <c>CrossEntropy</c>) so the gradient can be driven to 1e-6.
/// </summary>
public sealed class SoftmaxRegression
{
    private readonly double[] _parameters;
    private readonly int _features;

    private SoftmaxRegression(double[] parameters, int features, int classes, MinimizationResult training)
    {
        _parameters = parameters;
        _features = features;
        Classes = classes;
        Training = training;
    }

    /// <summary>Number of classes.</summary>
    public int Classes { get; }

    /// <summary>How the training ended.</summary>
    public MinimizationResult Training { get; }

    /// <summary>
    /// The penalty of the documented rule for <paramref name="samples"/> training samples: λ = 1/N,
    /// which makes the objective N·f a MAP estimate under a unit Gaussian prior on the weights of
    /// standardised features.
    /// </summary>
    public static double PenaltyFor(int samples) => 1.0 / Math.Max(1, samples);

    /// <summary>Trains on <paramref name="features"/> (standardised) with labels 0 … <paramref name="classes"/> − 1 and penalty <paramref name="lambda"/>.</summary>
    public static SoftmaxRegression Train(float[][] features, int[] labels, int classes, double lambda, Lbfgs? optimizer = null)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(labels);
        if (features.Length == 0 || features.Length != labels.Length)
        {
            throw new ArgumentException($"{features.Length} samples and {labels.Length} labels", nameof(labels));
        }
        var objective = new Objective(features, labels, classes, lambda);
        var parameters = new double[objective.Dimension];
        var result = (optimizer ?? new Lbfgs()).Minimize(objective, parameters);
        return new SoftmaxRegression(parameters, features[0].Length, classes, result);
    }

    /// <summary>The class with the largest score (first on ties).</summary>
    public int Predict(float[] x)
    {
        ArgumentNullException.ThrowIfNull(x);
        var best = 0;
        var bestScore = double.NegativeInfinity;
        for (var c = 0; c < Classes; c++)
        {
            var score = Score(_parameters, x, c, _features);
            if (score > bestScore)
            {
                best = c;
                bestScore = score;
            }
        }
        return best;
    }

    /// <summary>Share of <paramref name="samples"/> predicted as their label.</summary>
    public double Accuracy(float[][] samples, int[] truth)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentNullException.ThrowIfNull(truth);
        var right = 0;
        for (var i = 0; i < samples.Length; i++)
        {
            right += Predict(samples[i]) == truth[i] ? 1 : 0;
        }
        return samples.Length == 0 ? 0 : (double)right / samples.Length;
    }

    /// <summary>W_c·x + b_c; row c of the parameters holds the weights then the bias.</summary>
    private static double Score(ReadOnlySpan<double> parameters, float[] x, int c, int features)
    {
        var row = parameters.Slice(c * (features + 1), features + 1);
        var score = row[features];
        for (var k = 0; k < features; k++)
        {
            score += row[k] * x[k];
        }
        return score;
    }

    private sealed class Objective(float[][] features, int[] labels, int classes, double lambda) : IDifferentiableFunction
    {
        private readonly int _d = features[0].Length;
        private readonly double[] _scores = new double[classes];

        public int Dimension => classes * (_d + 1);

        public double Evaluate(ReadOnlySpan<double> w, Span<double> gradient)
        {
            gradient.Clear();
            var loss = 0.0;
            var n = features.Length;
            for (var i = 0; i < n; i++)
            {
                var x = features[i];
                var max = double.NegativeInfinity;
                for (var c = 0; c < classes; c++)
                {
                    _scores[c] = Score(w, x, c, _d);
                    max = Math.Max(max, _scores[c]);
                }
                var sum = 0.0;
                for (var c = 0; c < classes; c++)
                {
                    sum += Math.Exp(_scores[c] - max);
                }
                var logSum = max + Math.Log(sum);
                loss += logSum - _scores[labels[i]];
                for (var c = 0; c < classes; c++)
                {
                    var error = (Math.Exp(_scores[c] - logSum) - (c == labels[i] ? 1 : 0)) / n;
                    var row = gradient.Slice(c * (_d + 1), _d + 1);
                    for (var k = 0; k < _d; k++)
                    {
                        row[k] += error * x[k];
                    }
                    row[_d] += error;
                }
            }
            var penalty = 0.0;
            for (var c = 0; c < classes; c++)
            {
                for (var k = 0; k < _d; k++)
                {
                    var index = (c * (_d + 1)) + k;
                    penalty += w[index] * w[index];
                    gradient[index] += lambda * w[index];
                }
            }
            return (loss / n) + (lambda / 2 * penalty);
        }
    }
}
