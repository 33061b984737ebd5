namespace Edge.Host.Baselines;

/// <summary>
/// Standardises features with the training set's per-feature mean and standard deviation; a feature
/// that never varies in training becomes 0 everywhere.
/// </summary>
public sealed class FeatureScaler
{
    private readonly double[] _mean;
    private readonly double[] _scale;

    /// <summary>Learns the mean and deviation of each feature of <paramref name="training"/>.</summary>
    public FeatureScaler(float[][] training)
    {
        ArgumentNullException.ThrowIfNull(training);
        if (training.Length == 0)
        {
            throw new ArgumentException("no training samples", nameof(training));
        }
        var length = training[0].Length;
        _mean = new double[length];
        _scale = new double[length];
        foreach (var x in training)
        {
            for (var k = 0; k < length; k++)
            {
                _mean[k] += x[k];
            }
        }
        for (var k = 0; k < length; k++)
        {
            _mean[k] /= training.Length;
        }
        foreach (var x in training)
        {
            for (var k = 0; k < length; k++)
            {
                _scale[k] += (x[k] - _mean[k]) * (x[k] - _mean[k]);
            }
        }
        for (var k = 0; k < length; k++)
        {
            var std = Math.Sqrt(_scale[k] / training.Length);
            _scale[k] = std > 1e-9 ? 1 / std : 0;
        }
    }

    /// <summary>Standardised copies of <paramref name="samples"/>.</summary>
    public float[][] Apply(float[][] samples)
    {
        ArgumentNullException.ThrowIfNull(samples);
        var result = new float[samples.Length][];
        for (var i = 0; i < samples.Length; i++)
        {
            var z = new float[_mean.Length];
            for (var k = 0; k < z.Length; k++)
            {
                z[k] = (float)((samples[i][k] - _mean[k]) * _scale[k]);
            }
            result[i] = z;
        }
        return result;
    }
}
