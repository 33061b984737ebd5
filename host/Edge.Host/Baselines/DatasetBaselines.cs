using Edge.Drivers.Datasets;

namespace Edge.Host.Baselines;

/// <summary>
/// The two baselines every test set reports (docs/test-sets.md): L2-regularised softmax regression
/// on standardised log event counts (λ = 1/N, L-BFGS to a gradient of 1e-6) and 3-NN on the same
/// features, trained on the training split and measured on both.
/// </summary>
public static class DatasetBaselines
{
    /// <summary>Neighbours of the nearest-neighbour baseline.</summary>
    public const int Neighbours = 3;

    /// <summary>Computes both baselines on the dataset at <paramref name="location"/>.</summary>
    public static IReadOnlyList<BaselineResult> Compute(DatasetLocation location)
    {
        float[][] trainRaw, testRaw;
        int[] trainLabels, testLabels;
        int classes;
        string grid;
        using (var train = DatasetLoader.Open(location, DatasetSplit.Train))
        using (var test = DatasetLoader.Open(location, DatasetSplit.Test))
        {
            var features = CountFeatures.For(location.Kind, train.Geometry);
            (trainRaw, trainLabels) = features.Extract(train);
            (testRaw, testLabels) = features.Extract(test);
            classes = train.ClassCount;
            grid = features.Describe(train.Geometry);
        }
        var scaler = new FeatureScaler(trainRaw);
        var trainX = scaler.Apply(trainRaw);
        var testX = scaler.Apply(testRaw);
        var lambda = SoftmaxRegression.PenaltyFor(trainX.Length);
        var softmax = SoftmaxRegression.Train(trainX, trainLabels, classes, lambda);
        var knn = new NearestNeighbours(trainX, trainLabels, Neighbours);
        return
        [
            new BaselineResult("softmax", grid, trainX.Length, testX.Length, softmax.Accuracy(trainX, trainLabels), softmax.Accuracy(testX, testLabels),
                lambda, softmax.Training.Iterations, softmax.Training.GradientNorm),
            new BaselineResult("knn3", grid, trainX.Length, testX.Length, knn.Accuracy(trainX, trainLabels, leaveOneOut: true),
                knn.Accuracy(testX, testLabels, leaveOneOut: false), null, null, null),
        ];
    }
}
