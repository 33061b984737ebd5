using Edge.Runtime.Kernels;
using Edge.Runtime.Specs;

namespace Edge.Runtime.Golden;

/// <summary>
/// Collects per-step values of a run as [T, B, …] tensors in PyTorch order (maps converted from
/// channels-last back to CHW), to compare them with a golden case.
/// </summary>
internal sealed class TensorRecorder
{
    private readonly int _steps;
    private readonly int _batch;
    private readonly Dictionary<string, float[]> _tensors = new(StringComparer.Ordinal);

    public TensorRecorder(int steps, int batch)
    {
        _steps = steps;
        _batch = batch;
    }

    public IReadOnlyDictionary<string, float[]> Tensors => _tensors;

    /// <summary>Stores step <paramref name="t"/> of a batch-major channels-last buffer with per-sample shape <paramref name="shape"/>.</summary>
    public void Record(string name, int t, ReadOnlySpan<float> batch, TensorShape shape)
    {
        var size = shape.Size;
        if (!_tensors.TryGetValue(name, out var tensor))
        {
            tensor = new float[_steps * _batch * size];
            _tensors[name] = tensor;
        }
        for (var b = 0; b < _batch; b++)
        {
            var src = batch.Slice(b * size, size);
            var dst = tensor.AsSpan(((t * _batch) + b) * size, size);
            if (shape.IsMap)
            {
                Layout.HwcToChw(src, shape.C, shape.H * shape.W, dst);
            }
            else
            {
                src.CopyTo(dst);
            }
        }
    }

    /// <summary>Stores a whole tensor.</summary>
    public void Store(string name, float[] values) => _tensors[name] = values;
}
