using Edge.Runtime.Learning.Flow;

namespace Edge.Host.Flow;

/// <summary>Sums what <see cref="FlowMetrics"/> reports over a stretch of samples.</summary>
internal sealed class FlowTally
{
    private long _samples;
    private long _withTruth;
    private double _aee;
    private double _zero;
    private double _mean;
    private long _pixels;
    private long _outliers;
    private double _loss;
    private long _selfSupervised;

    /// <summary>Adds one sample's errors (of the prediction, zero flow and the running mean) and its loss.</summary>
    public void Add(EndpointErrors predicted, EndpointErrors zero, EndpointErrors mean, double loss, bool selfSupervised)
    {
        _samples++;
        _loss += loss;
        _selfSupervised += selfSupervised ? 1 : 0;
        if (predicted.Pixels == 0)
        {
            return;
        }
        _withTruth++;
        _aee += predicted.Average;
        _zero += zero.Average;
        _mean += mean.Average;
        _pixels += predicted.Pixels;
        _outliers += predicted.Outliers;
    }

    /// <summary>Samples added.</summary>
    public long Samples => _samples;

    /// <summary>The metrics of the samples added.</summary>
    public FlowMetrics Metrics => new(_samples, _withTruth,
        _withTruth == 0 ? 0 : _aee / _withTruth, _withTruth == 0 ? 0 : _zero / _withTruth, _withTruth == 0 ? 0 : _mean / _withTruth,
        _pixels == 0 ? 0 : (double)_outliers / _pixels, _samples == 0 ? 0 : _loss / _samples, _selfSupervised);

    /// <summary>Starts over.</summary>
    public void Clear()
    {
        _samples = _withTruth = _pixels = _outliers = _selfSupervised = 0;
        _aee = _zero = _mean = _loss = 0;
    }
}
