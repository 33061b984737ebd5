using System.Diagnostics;
using Edge.Runtime.Events;
using Edge.Runtime.Learning;
using Edge.Runtime.Specs;

namespace Edge.Runtime.Online;

/// <summary>What happened to one sample.</summary>
/// <param name="Label">The label it was learned or judged against (−1: none).</param>
/// <param name="Prediction">Predicted class (the spec's prediction rule).</param>
/// <param name="Confidence">Largest softmax probability of the scores the prediction was made from.</param>
/// <param name="Events">Events binned into the sample's frames.</param>
/// <param name="Loss">Mean loss of its learning steps (0 when not learned).</param>
/// <param name="Learned">True when the sample was learned (after it was predicted).</param>
/// <param name="StartUs">Start of the sample in the stream, µs.</param>
/// <param name="EndUs">End of the sample in the stream (exclusive), µs.</param>
public readonly record struct SampleOutcome(int Label, int Prediction, float Confidence, long Events, float Loss, bool Learned, long StartUs, long EndUs)
{
    /// <summary>True when the sample had a label and the prediction matched it.</summary>
    public bool Correct => Label >= 0 && Label == Prediction;
}

/// <summary>
/// The one sample loop, test-then-train (prequential): every caller — online runs, the demo,
/// dataset training and evaluation, the chip model, the rule comparison — drives samples through it.
/// A labelled sample in learning mode is rendered into T frames and learned; its prediction is made
/// with the weights it started with: from the learning pass when the rule updates once per sample,
/// otherwise from a separate inference pass over the same frames before the learning pass (its cost
/// is counted in <see cref="InferencePassSeconds"/>). A sample without a label, or any sample in
/// inference mode, is only predicted, frame by frame for as many frames as it has. Predictions
/// follow the spec's <see cref="PredictionRule"/>. Buffers are allocated here; a sample allocates nothing.
/// </summary>
public sealed class PrequentialLoop
{
    private readonly IStepModel _model;
    private readonly IStepLearner? _learner;
    private readonly IFrameSource _frames;
    private readonly PredictionAccumulator _prediction;
    private readonly float[] _buffer;
    private readonly float[] _step;
    private readonly int[] _labels;
    private readonly SampleOutcome[] _outcomes;
    private readonly Segment[] _segments;
    private readonly long[] _events;
    private readonly int _frameLength;
    private readonly int _steps;
    private bool _stopRequested;

    /// <summary>Creates the loop.</summary>
    /// <param name="model">The model (a learner when the loop may learn).</param>
    /// <param name="frames">The samples; their frames must fit the model's input.</param>
    /// <param name="rule">The prediction rule (the spec's).</param>
    /// <param name="steps">T: frames rendered per learned sample (the learner's; for a model that does not learn, the spec's).</param>
    /// <param name="learnSteps">T_l: the steps <see cref="PredictionRule.SumLearn"/> uses.</param>
    /// <exception cref="ArgumentException">The sizes do not fit.</exception>
    public PrequentialLoop(IStepModel model, IFrameSource frames, PredictionRule rule, int steps, int learnSteps)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(frames);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(steps);
        _model = model;
        _learner = model as IStepLearner;
        if (_learner is not null && _learner.TimeSteps != steps)
        {
            throw new ArgumentException($"the learner runs {_learner.TimeSteps} steps per sample, the loop was asked for {steps}", nameof(steps));
        }
        _frames = frames;
        _frameLength = frames.FrameLength;
        _steps = steps;
        Batch = model.Batch;
        Classes = model.Classes;
        _prediction = new PredictionAccumulator(rule, Batch, Classes, learnSteps);
        _buffer = new float[steps * Batch * _frameLength];
        _step = new float[_frameLength];
        _labels = new int[Batch];
        _outcomes = new SampleOutcome[Batch];
        _segments = new Segment[Batch];
        _events = new long[Batch];
        Learn = _learner is not null;
    }

    /// <summary>A loop over <paramref name="learner"/>'s network spec: its prediction rule, the learner's T and T_l.</summary>
    public static PrequentialLoop For(ILearner learner, IFrameSource frames)
    {
        ArgumentNullException.ThrowIfNull(learner);
        return new PrequentialLoop(learner, frames, learner.Network.Spec.Prediction, learner.TimeSteps, learner.LearnSteps);
    }

    /// <summary>An inference-only loop over <paramref name="network"/> (its spec's prediction rule, T and T_l).</summary>
    public static PrequentialLoop For(Network network, IFrameSource frames)
    {
        ArgumentNullException.ThrowIfNull(network);
        var spec = network.Spec;
        return new PrequentialLoop(network, frames, spec.Prediction, spec.TimeSteps, spec.EffectiveLearnSteps);
    }

    /// <summary>True to learn labelled samples (after predicting them); false predicts only. False when the model cannot learn.</summary>
    public bool Learn
    {
        get;
        set => field = value && _learner is not null;
    }

    /// <summary>
    /// Set from any thread to stop: the sample in progress is abandoned before its next network
    /// step — not learned, not counted — and <see cref="Next()"/> returns false.
    /// </summary>
    public bool StopRequested
    {
        get => Volatile.Read(ref _stopRequested);
        set => Volatile.Write(ref _stopRequested, value);
    }

    /// <summary>Sees every network step (inference and learning passes), or null.</summary>
    public IStepProbe? Probe { get; set; }

    /// <summary>Samples per step.</summary>
    public int Batch { get; }

    /// <summary>Outputs per sample.</summary>
    public int Classes { get; }

    /// <summary>T: frames rendered per learned sample.</summary>
    public int TimeSteps => _steps;

    /// <summary>The model.</summary>
    public IStepModel Model => _model;

    /// <summary>The frames.</summary>
    public IFrameSource Frames => _frames;

    /// <summary>Samples seen.</summary>
    public long Samples { get; private set; }

    /// <summary>Samples seen that had a label.</summary>
    public long Labelled { get; private set; }

    /// <summary>Labelled samples predicted correctly.</summary>
    public long Correct { get; private set; }

    /// <summary>Samples learned.</summary>
    public long Learned { get; private set; }

    /// <summary>Network steps run (inference passes included).</summary>
    public long Steps { get; private set; }

    /// <summary>Events binned into frames.</summary>
    public long Events { get; private set; }

    /// <summary>Inference passes made to judge a sample before a rule that updates inside it learned it.</summary>
    public long InferencePasses { get; private set; }

    /// <summary>Wall-clock seconds those passes took.</summary>
    public double InferencePassSeconds { get; private set; }

    /// <summary>The outcome of every sample of the last <see cref="Next()"/> (length <see cref="Batch"/>).</summary>
    public ReadOnlySpan<SampleOutcome> Outcomes => _outcomes;

    /// <summary>The scores (mean logits over the steps the prediction rule uses) of sample <paramref name="b"/> of the last batch.</summary>
    public ReadOnlySpan<float> Scores(int b) => _prediction.Scores(b);

    /// <summary>
    /// Frame <paramref name="t"/> of sample <paramref name="b"/> of the last batch that was rendered
    /// whole (every learned sample; a sample predicted frame by frame is not kept).
    /// </summary>
    public ReadOnlySpan<float> Frame(int t, int b) => Slot(t, b);

    /// <summary>Runs one sample (batch 1); false at the end of the source.</summary>
    public bool Next(out SampleOutcome outcome)
    {
        var more = Next();
        outcome = more ? _outcomes[0] : default;
        return more;
    }

    /// <summary>
    /// Runs the next <see cref="Batch"/> samples (test, then train when learning); false at the end of
    /// the source (with B &gt; 1 an incomplete last batch is left out). Outcomes in <see cref="Outcomes"/>.
    /// </summary>
    public bool Next()
    {
        if (StopRequested || !_frames.MoveNext())
        {
            return false;
        }
        if (Batch == 1 && !(Learn && _frames.Current.Label >= 0))
        {
            if (!InferStreaming())
            {
                return false;
            }
            Finish(learned: false);
            return true;
        }
        Render(0);
        for (var b = 1; b < Batch; b++)
        {
            if (!_frames.MoveNext())
            {
                return false;
            }
            Render(b);
        }
        if (StopRequested)
        {
            return false;
        }
        var learn = Learn;
        for (var b = 0; b < Batch && learn; b++)
        {
            learn = _labels[b] >= 0;
        }
        if (!learn)
        {
            InferBuffered();
        }
        else if (_learner!.StepsBeforeUpdate < _steps)
        {
            var start = Stopwatch.GetTimestamp();
            InferBuffered();
            InferencePassSeconds += Stopwatch.GetElapsedTime(start).TotalSeconds;
            InferencePasses++;
            LearnBuffered(predict: false);
        }
        else
        {
            LearnBuffered(predict: true);
        }
        Finish(learn);
        return true;
    }

    private void Render(int b)
    {
        var t = 0;
        for (; t < _steps && _frames.NextFrame(Slot(t, b)); t++)
        {
        }
        for (; t < _steps; t++)
        {
            Slot(t, b).Clear();
        }
        _segments[b] = _frames.Current;
        _labels[b] = _frames.Current.Label;
        _events[b] = _frames.EventsInSample;
    }

    private bool InferStreaming()
    {
        _model.BeginInference();
        _prediction.Begin();
        var t = 0;
        while (_frames.NextFrame(_step))
        {
            if (StopRequested)
            {
                return false;
            }
            _prediction.Add(_model.Infer(_step, t));
            Probe?.AfterStep(t, _step);
            t++;
        }
        _model.EndInference();
        _prediction.Finish();
        Steps += t;
        _segments[0] = _frames.Current;
        _labels[0] = _frames.Current.Label;
        _events[0] = _frames.EventsInSample;
        return true;
    }

    private void InferBuffered()
    {
        _model.BeginInference();
        _prediction.Begin();
        for (var t = 0; t < _steps; t++)
        {
            _prediction.Add(_model.Infer(StepInput(t), t));
            Probe?.AfterStep(t, StepInput(t));
        }
        _model.EndInference();
        _prediction.Finish();
        Steps += _steps;
    }

    private void LearnBuffered(bool predict)
    {
        var learner = _learner!;
        learner.BeginSample(_labels);
        if (predict)
        {
            _prediction.Begin();
        }
        for (var t = 0; t < _steps; t++)
        {
            var logits = learner.Step(StepInput(t), t);
            Probe?.AfterStep(t, StepInput(t));
            if (predict)
            {
                _prediction.Add(logits);
            }
        }
        learner.EndSample();
        if (predict)
        {
            _prediction.Finish();
        }
        Steps += _steps;
    }

    private void Finish(bool learned)
    {
        var loss = learned ? _learner!.LastLoss : 0f;
        for (var b = 0; b < Batch; b++)
        {
            var label = _labels[b];
            var prediction = _prediction.ClassOf(b);
            var segment = _segments[b];
            _outcomes[b] = new SampleOutcome(label, prediction, _prediction.ConfidenceOf(b), _events[b], loss, learned, segment.StartUs, segment.EndUs);
            Samples++;
            Events += _events[b];
            if (label >= 0)
            {
                Labelled++;
                Correct += label == prediction ? 1 : 0;
            }
            Learned += learned ? 1 : 0;
        }
    }

    /// <summary>The [B, frame] input of step <paramref name="t"/>.</summary>
    private ReadOnlySpan<float> StepInput(int t) => _buffer.AsSpan(t * Batch * _frameLength, Batch * _frameLength);

    private Span<float> Slot(int t, int b) => _buffer.AsSpan(((t * Batch) + b) * _frameLength, _frameLength);
}
