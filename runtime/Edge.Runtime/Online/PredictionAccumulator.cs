using System.Numerics.Tensors;
using Edge.Runtime.Learning;
using Edge.Runtime.Specs;

namespace Edge.Runtime.Online;

/// <summary>
/// The spec's prediction rule, written once: collects a sample's logits step by step and, at the
/// end, gives per batch element the mean logits over the steps the rule uses (the scores), their
/// argmax (the class) and the largest softmax probability (the confidence). The last K steps are
/// kept in a ring, so a sample of any length needs no more memory; nothing is allocated per step.
/// </summary>
public sealed class PredictionAccumulator
{
    private readonly PredictionRule _rule;
    private readonly int _width;
    private readonly float[] _ring;
    private readonly float[] _sum;
    private readonly float[] _scores;
    private readonly int[] _classOf;
    private readonly float[] _confidence;
    private readonly int _window;
    private int _steps;

    /// <summary>Creates the accumulator for <paramref name="batch"/> samples of <paramref name="classes"/> logits.</summary>
    /// <param name="rule">Which steps count.</param>
    /// <param name="batch">Samples per step.</param>
    /// <param name="classes">Logits per sample.</param>
    /// <param name="learnSteps">T_l: the steps <see cref="PredictionRule.SumLearn"/> uses (at least one is used).</param>
    /// <exception cref="ArgumentOutOfRangeException">A size is not positive.</exception>
    public PredictionAccumulator(PredictionRule rule, int batch, int classes, int learnSteps)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batch);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(classes);
        ArgumentOutOfRangeException.ThrowIfNegative(learnSteps);
        _rule = rule;
        Batch = batch;
        Classes = classes;
        _width = batch * classes;
        _window = rule switch
        {
            PredictionRule.SumLearn => Math.Max(1, learnSteps),
            PredictionRule.Last => 1,
            _ => 0,
        };
        _ring = new float[_window * _width];
        _sum = new float[_width];
        _scores = new float[_width];
        _classOf = new int[batch];
        _confidence = new float[batch];
    }

    /// <summary>Samples per step.</summary>
    public int Batch { get; }

    /// <summary>Logits per sample.</summary>
    public int Classes { get; }

    /// <summary>Steps added since <see cref="Begin"/>.</summary>
    public int Steps => _steps;

    /// <summary>Steps the prediction of the finished sample was made from.</summary>
    public int StepsUsed { get; private set; }

    /// <summary>Starts a sample.</summary>
    public void Begin()
    {
        _steps = 0;
        Array.Clear(_sum);
    }

    /// <summary>Adds the logits of one step ([batch, classes]).</summary>
    public void Add(ReadOnlySpan<float> logits)
    {
        var step = logits[.._width];
        if (_window == 0)
        {
            TensorPrimitives.Add(_sum, step, _sum);
        }
        else
        {
            step.CopyTo(_ring.AsSpan(_steps % _window * _width, _width));
        }
        _steps++;
    }

    /// <summary>Ends the sample: computes the scores, classes and confidences.</summary>
    public void Finish()
    {
        StepsUsed = _window == 0 ? _steps : Math.Min(_steps, _window);
        if (_window > 0)
        {
            Array.Clear(_sum);
            for (var k = 0; k < StepsUsed; k++)
            {
                TensorPrimitives.Add(_sum, _ring.AsSpan(k * _width, _width), _sum);
            }
        }
        var scale = StepsUsed == 0 ? 0f : 1f / StepsUsed;
        TensorPrimitives.Multiply(_sum, scale, _scores);
        for (var b = 0; b < Batch; b++)
        {
            // The class from the sums (scaling could round two sums to one mean).
            var best = CrossEntropy.ArgMax(_sum.AsSpan(b * Classes, Classes));
            var scores = _scores.AsSpan(b * Classes, Classes);
            _classOf[b] = best;
            // max softmax = 1 / Σ exp(z_k − z_max)
            var max = scores[best];
            var sum = 0.0;
            foreach (var z in scores)
            {
                sum += Math.Exp(z - max);
            }
            _confidence[b] = (float)(1.0 / sum);
        }
    }

    /// <summary>Mean logits of batch element <paramref name="b"/> over the steps used.</summary>
    public ReadOnlySpan<float> Scores(int b) => _scores.AsSpan(b * Classes, Classes);

    /// <summary>Predicted class of batch element <paramref name="b"/>.</summary>
    public int ClassOf(int b) => _classOf[b];

    /// <summary>Largest softmax probability of batch element <paramref name="b"/>'s scores.</summary>
    public float ConfidenceOf(int b) => _confidence[b];
}
