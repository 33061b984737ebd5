using System.Diagnostics;
using System.Numerics.Tensors;

namespace Edge.Host.Web.Feed;

/// <summary>
/// Captures, a few times a second, the steps of about one window on the learner's thread: the
/// input frames summed into ON/OFF counts, each spiking layer's spikes and a raster of one layer.
/// A finished capture is handed to the page through a flag (the page takes it, then gives it back
/// by clearing the flag); while the page still holds one, nothing is captured. Between captures a
/// step costs one clock read; nothing here allocates.
/// </summary>
internal sealed class StepCapturer
{
    private readonly SpikingLayer[] _layers;
    private readonly int _pixels;
    private readonly int _steps;
    private readonly long _interval;
    private Capture _filling;
    private Capture _handed;
    private int _ready;
    private int _rasterLayer;
    private bool _capturing;
    private long _due;

    /// <param name="layers">The network's spiking layers.</param>
    /// <param name="pixels">H × W of the input frames.</param>
    /// <param name="steps">Steps per capture (a window's T).</param>
    /// <param name="perSecond">Captures per second at most.</param>
    public StepCapturer(SpikingLayer[] layers, int pixels, int steps, int perSecond)
    {
        _layers = layers;
        _pixels = pixels;
        _steps = steps;
        _interval = Stopwatch.Frequency / perSecond;
        _filling = new Capture(pixels, layers.Length, steps);
        _handed = new Capture(pixels, layers.Length, steps);
        _rasterLayer = layers.Length > 0 ? layers.Length - 1 : 0;
    }

    /// <summary>The spiking layer whose raster is captured (set by the page, any thread).</summary>
    public int RasterLayer
    {
        get => Volatile.Read(ref _rasterLayer);
        set => Volatile.Write(ref _rasterLayer, Math.Clamp(value, 0, Math.Max(0, _layers.Length - 1)));
    }

    /// <summary>On the learner's thread after a step ran on <paramref name="input"/> ([B, 2, H, W], OFF then ON).</summary>
    public void Step(ReadOnlySpan<float> input, long windows)
    {
        if (!_capturing)
        {
            if (Volatile.Read(ref _ready) != 0 || Stopwatch.GetTimestamp() < _due)
            {
                return;
            }
            _filling.Clear(RasterLayer);
            _capturing = true;
        }
        var c = _filling;
        if (input.Length >= 2 * _pixels)
        {
            TensorPrimitives.Add(c.Off, input[.._pixels], c.Off);
            TensorPrimitives.Add(c.On, input.Slice(_pixels, _pixels), c.On);
        }
        for (var i = 0; i < _layers.Length; i++)
        {
            c.Spikes[i] += TensorPrimitives.Sum(_layers[i].Layer.Output.AsSpan(0, _layers[i].Neurons));
        }
        if (_layers.Length > 0)
        {
            var layer = _layers[c.RasterLayer];
            var output = layer.Layer.Output;
            var sampled = layer.Sampled;
            ulong mask = 0;
            for (var k = 0; k < sampled.Length; k++)
            {
                mask |= output[sampled[k]] != 0f ? 1UL << k : 0UL;
            }
            c.Raster[c.Steps] = mask;
        }
        c.Steps++;
        if (c.Steps == _steps)
        {
            c.Windows = windows;
            (_filling, _handed) = (_handed, _filling);
            Volatile.Write(ref _ready, 1);
            _capturing = false;
            _due = Stopwatch.GetTimestamp() + _interval;
        }
    }

    /// <summary>The finished capture, if one waits (the page's thread); give it back with <see cref="Release"/>.</summary>
    public Capture? Take() => Volatile.Read(ref _ready) != 0 ? _handed : null;

    /// <summary>The page is done with the capture it took: the learner may capture again.</summary>
    public void Release() => Volatile.Write(ref _ready, 0);
}
