using Edge.Runtime.Events;

namespace Edge.Sim.Scenes;

/// <summary>
/// A video given as a folder of PGM (P5/P2) or PNG images, one frame each, played at a given
/// frame rate: turn your own footage into events. Frames are taken in natural name order
/// (frame2 before frame10); between two frames the intensity is interpolated linearly, so the
/// sensor can run at a higher rate than the video. Images are resized bilinearly when the sensor
/// size differs. Two decoded frames are kept; reading a new file allocates only its file handle.
/// </summary>
public sealed class FrameFolderScene : IScene
{
    private readonly string[] _files;
    private readonly double _framesPerSecond;
    private readonly PngDecoder _png = new();
    private readonly float[][] _slots;
    private readonly int[] _slotFrame = [-1, -1];
    private readonly float[] _blend;
    private byte[] _fileBytes = [];

    /// <summary>Opens the folder and reads the size of its first image.</summary>
    /// <param name="folder">Folder holding *.pgm and/or *.png files.</param>
    /// <param name="framesPerSecond">Frame rate of the video.</param>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="InvalidDataException">The folder holds no images, or the first one is damaged.</exception>
    public FrameFolderScene(string folder, double framesPerSecond)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        if (!(framesPerSecond > 0) || double.IsInfinity(framesPerSecond))
        {
            throw new ArgumentOutOfRangeException(nameof(framesPerSecond), framesPerSecond, "frame rate must be positive");
        }
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"frame folder not found: {folder}");
        }
        var files = new List<string>();
        foreach (var path in Directory.EnumerateFiles(folder))
        {
            var extension = Path.GetExtension(path);
            if (extension.Equals(".pgm", StringComparison.OrdinalIgnoreCase) || extension.Equals(".png", StringComparison.OrdinalIgnoreCase))
            {
                files.Add(path);
            }
        }
        if (files.Count == 0)
        {
            throw new InvalidDataException($"{folder}: no .pgm or .png frames in the folder");
        }
        files.Sort(NaturalOrder.Compare);
        _files = [.. files];
        _framesPerSecond = framesPerSecond;

        var first = Read(0);
        var (width, height) = PgmDecoder.IsPgm(first) ? PgmDecoder.ReadSize(first, _files[0]) : PngDecoder.ReadSize(first, _files[0]);
        NativeGeometry = new SensorGeometry(width, height);
        _slots = [new float[width * height], new float[width * height]];
        _blend = new float[width * height];
    }

    /// <summary>Number of frames in the folder.</summary>
    public int FrameCount => _files.Length;

    /// <inheritdoc />
    public long? DurationUs => (long)Math.Round((_files.Length - 1) * 1e6 / _framesPerSecond);

    /// <inheritdoc />
    public SensorGeometry? NativeGeometry { get; }

    /// <inheritdoc />
    public void Render(long timeUs, SensorGeometry geometry, Span<float> frame)
    {
        var position = Math.Clamp(timeUs * 1e-6 * _framesPerSecond, 0, _files.Length - 1);
        var index = (int)Math.Floor(position);
        var weight = (float)(position - index);
        var slotA = Load(index, keep: -1);
        var a = _slots[slotA];
        var source = a;
        if (weight > 0 && index + 1 < _files.Length)
        {
            var b = _slots[Load(index + 1, keep: slotA)];
            for (var i = 0; i < _blend.Length; i++)
            {
                _blend[i] = a[i] + (weight * (b[i] - a[i]));
            }
            source = _blend;
        }
        var native = NativeGeometry!.Value;
        if (geometry == native)
        {
            source.CopyTo(frame);
        }
        else
        {
            Resize(source, native, frame, geometry);
        }
    }

    /// <summary>Decodes frame <paramref name="index"/> into a slot (never <paramref name="keep"/>) unless a slot holds it; returns the slot.</summary>
    private int Load(int index, int keep)
    {
        for (var s = 0; s < 2; s++)
        {
            if (_slotFrame[s] == index)
            {
                return s;
            }
        }
        // Replace the slot holding the earlier frame (playback moves forward), but not the one in use.
        var slot = keep >= 0 ? 1 - keep : _slotFrame[0] <= _slotFrame[1] ? 0 : 1;
        var data = Read(index);
        var file = _files[index];
        if (PgmDecoder.IsPgm(data))
        {
            PgmDecoder.Decode(data, file, _slots[slot]);
        }
        else
        {
            _png.Decode(data, file, _slots[slot]);
        }
        _slotFrame[slot] = index;
        return slot;
    }

    private ReadOnlySpan<byte> Read(int index)
    {
        using var handle = File.OpenHandle(_files[index]);
        var length = RandomAccess.GetLength(handle);
        if (length > int.MaxValue / 2)
        {
            throw new InvalidDataException($"{_files[index]}: image file too large ({length} bytes)");
        }
        if (_fileBytes.Length < length)
        {
            _fileBytes = new byte[length];
        }
        var span = _fileBytes.AsSpan(0, (int)length);
        var read = 0;
        while (read < span.Length)
        {
            var n = RandomAccess.Read(handle, span[read..], read);
            if (n == 0)
            {
                break;
            }
            read += n;
        }
        return span[..read];
    }

    /// <summary>Bilinear resize, pixel centres aligned.</summary>
    private static void Resize(ReadOnlySpan<float> source, SensorGeometry from, Span<float> destination, SensorGeometry to)
    {
        var sx = (double)from.Width / to.Width;
        var sy = (double)from.Height / to.Height;
        for (var y = 0; y < to.Height; y++)
        {
            var fy = Math.Clamp(((y + 0.5) * sy) - 0.5, 0, from.Height - 1);
            var y0 = (int)fy;
            var y1 = Math.Min(y0 + 1, from.Height - 1);
            var wy = (float)(fy - y0);
            for (var x = 0; x < to.Width; x++)
            {
                var fx = Math.Clamp(((x + 0.5) * sx) - 0.5, 0, from.Width - 1);
                var x0 = (int)fx;
                var x1 = Math.Min(x0 + 1, from.Width - 1);
                var wx = (float)(fx - x0);
                var top = source[(y0 * from.Width) + x0] + (wx * (source[(y0 * from.Width) + x1] - source[(y0 * from.Width) + x0]));
                var bottom = source[(y1 * from.Width) + x0] + (wx * (source[(y1 * from.Width) + x1] - source[(y1 * from.Width) + x0]));
                destination[(y * to.Width) + x] = top + (wy * (bottom - top));
            }
        }
    }
}
