using Edge.Drivers.Datasets;
using Edge.Host.Baselines;
using Edge.Host.TestSets;
using Edge.Host.Tests.TestSets;

namespace Edge.Host.Tests.Baselines;

[Collection("small-sets")]
public sealed class BaselineTests(SmallSets sets)
{
    [Fact]
    public void Lbfgs_finds_the_minimum_of_an_ill_conditioned_quadratic()
    {
        var x = new double[3];
        var result = new Lbfgs().Minimize(new Quadratic(), x);
        Assert.True(result.Converged);
        Assert.Equal(1, x[0], 5);
        Assert.Equal(-2, x[1], 5);
        Assert.Equal(3, x[2], 5);
    }

    [Fact]
    public void Softmax_regression_separates_separable_classes_and_converges()
    {
        float[][] x = [[1, 0], [0.9f, 0.1f], [0, 1], [0.1f, 0.9f], [-1, -1], [-0.9f, -1]];
        int[] y = [0, 0, 1, 1, 2, 2];
        var model = SoftmaxRegression.Train(x, y, 3, SoftmaxRegression.PenaltyFor(x.Length));
        Assert.True(model.Training.Converged);
        Assert.True(model.Training.GradientNorm <= 1e-6);
        Assert.Equal(1, model.Accuracy(x, y));
    }

    [Fact]
    public void Three_nn_votes_and_a_tie_goes_to_the_nearest()
    {
        float[][] x = [[0], [1], [10], [11], [12]];
        int[] y = [0, 1, 2, 2, 3];
        var knn = new NearestNeighbours(x, y, 3);
        Assert.Equal(2, knn.Predict([10.6f]));
        // Neighbours of 0.4: 0 (label 0), 1 (label 1), 10 (label 2): one vote each, the nearest wins.
        Assert.Equal(0, knn.Predict([0.4f]));
        // Leave-one-out: sample 0's neighbours are 1, 10, 11 → labels 1, 2, 2.
        Assert.Equal(2, knn.Predict(x[0], exclude: 0));
    }

    [Fact]
    public void Standardised_features_have_zero_mean_and_unit_deviation_and_constant_ones_vanish()
    {
        float[][] train = [[1, 5], [3, 5], [5, 5]];
        var scaled = new FeatureScaler(train).Apply(train);
        Assert.Equal(0, scaled.Sum(r => r[0]), 5);
        Assert.Equal(1, Math.Sqrt(scaled.Sum(r => r[0] * r[0]) / 3), 5);
        Assert.All(scaled, r => Assert.Equal(0, r[1]));
    }

    [Fact]
    public void Both_baselines_learn_the_small_digit_set_above_chance()
    {
        var location = new DatasetLocation(DatasetKind.Nmnist, sets.First[TestSetKind.NmnistDigits].Folder);
        var results = DatasetBaselines.Compute(location);
        Assert.Equal(["softmax", "knn3"], results.Select(r => r.Model));
        Assert.All(results, r => Assert.Equal("17x17x2", r.Features));
        var softmax = results[0];
        Assert.Equal(60, softmax.TrainSamples);
        Assert.Equal(20, softmax.TestSamples);
        Assert.True(softmax.GradientNorm <= 1e-6, $"trained to convergence (gradient {softmax.GradientNorm})");
        Assert.Equal(1.0 / 60, softmax.Lambda);
        // Chance is 0.1; 60 real digits are enough for a linear model on counts to be well above it.
        Assert.True(softmax.TestAccuracy >= 0.3, $"softmax test accuracy {softmax.TestAccuracy}");
        Assert.True(results[1].TestAccuracy >= 0.2, $"3-NN test accuracy {results[1].TestAccuracy}");
    }

    [Fact]
    public void Audio_features_are_one_count_per_channel()
    {
        var location = new DatasetLocation(DatasetKind.Shd, sets.First[TestSetKind.SpokenDigits].Folder);
        var results = DatasetBaselines.Compute(location);
        Assert.All(results, r => Assert.Equal("700 channels", r.Features));
        Assert.All(results, r => Assert.InRange(r.TestAccuracy, 0, 1));
    }

    /// <summary>f(x) = Σ a_i (x_i − c_i)², with a = 1, 100, 10 000.</summary>
    private sealed class Quadratic : IDifferentiableFunction
    {
        private static readonly double[] A = [1, 100, 10_000];
        private static readonly double[] C = [1, -2, 3];

        public int Dimension => 3;

        public double Evaluate(ReadOnlySpan<double> x, Span<double> gradient)
        {
            var f = 0.0;
            for (var i = 0; i < 3; i++)
            {
                f += A[i] * (x[i] - C[i]) * (x[i] - C[i]);
                gradient[i] = 2 * A[i] * (x[i] - C[i]);
            }
            return f;
        }
    }
}
