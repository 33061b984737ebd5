using System.Buffers.Binary;
using System.Globalization;

namespace Edge.Sim.Audio;

/// <summary>
/// Reads a RIFF/WAVE file of integer PCM (8, 16, 24 or 32 bits) or 32-bit float samples into one
/// channel of floats in [−1, 1] (several channels are averaged), as espeak-ng and most recorders
/// write it. Damaged or unsupported files give one <see cref="InvalidDataException"/> naming the
/// file and the byte.
/// </summary>
public static class WavDecoder
{
    private const int PcmFormat = 1;
    private const int FloatFormat = 3;
    private const int ExtensibleFormat = 0xFFFE;

    /// <summary>The mono samples and the sample rate of the WAV bytes <paramref name="data"/>.</summary>
    /// <param name="data">The whole file.</param>
    /// <param name="file">Its name, for messages.</param>
    /// <exception cref="InvalidDataException">Not a RIFF/WAVE file, or an encoding other than PCM or float.</exception>
    public static (float[] Samples, int SampleRateHz) Decode(ReadOnlySpan<byte> data, string file)
    {
        if (data.Length < 12 || !data[..4].SequenceEqual("RIFF"u8) || !data.Slice(8, 4).SequenceEqual("WAVE"u8))
        {
            throw At(file, 0, "not a RIFF/WAVE file");
        }
        int? format = null;
        int channels = 0, rate = 0, bits = 0;
        var position = 12;
        while (position + 8 <= data.Length)
        {
            var id = data.Slice(position, 4);
            var size = BinaryPrimitives.ReadUInt32LittleEndian(data.Slice(position + 4, 4));
            var body = position + 8;
            if (size > (uint)(data.Length - body))
            {
                // espeak-ng writing to a pipe leaves the sizes unset; take the rest of the file.
                size = (uint)(data.Length - body);
            }
            if (id.SequenceEqual("fmt "u8))
            {
                if (size < 16)
                {
                    throw At(file, body, "fmt chunk shorter than 16 bytes");
                }
                format = BinaryPrimitives.ReadUInt16LittleEndian(data.Slice(body, 2));
                channels = BinaryPrimitives.ReadUInt16LittleEndian(data.Slice(body + 2, 2));
                rate = (int)Math.Min(int.MaxValue, BinaryPrimitives.ReadUInt32LittleEndian(data.Slice(body + 4, 4)));
                bits = BinaryPrimitives.ReadUInt16LittleEndian(data.Slice(body + 14, 2));
                if (format == ExtensibleFormat && size >= 26)
                {
                    format = BinaryPrimitives.ReadUInt16LittleEndian(data.Slice(body + 24, 2));
                }
            }
            else if (id.SequenceEqual("data"u8))
            {
                if (format is null)
                {
                    throw At(file, position, "data chunk before the fmt chunk");
                }
                return (Samples(data.Slice(body, (int)size), format.Value, channels, bits, file, body), CheckRate(rate, file));
            }
            position = body + (int)size + (int)(size & 1);
        }
        throw At(file, data.Length, format is null ? "no fmt chunk" : "no data chunk");
    }

    private static int CheckRate(int rate, string file) =>
        rate > 0 ? rate : throw At(file, 24, "sample rate is 0");

    private static float[] Samples(ReadOnlySpan<byte> raw, int format, int channels, int bits, string file, int offset)
    {
        var supported = (format == PcmFormat && bits is 8 or 16 or 24 or 32) || (format == FloatFormat && bits == 32);
        if (!supported || channels < 1)
        {
            throw At(file, 20, string.Create(CultureInfo.InvariantCulture,
                $"unsupported encoding (format {format}, {bits} bits, {channels} channels); expected PCM 8/16/24/32-bit or 32-bit float"));
        }
        var bytes = bits / 8;
        var frames = raw.Length / (bytes * channels);
        if (frames == 0 && raw.Length > 0)
        {
            throw At(file, offset, "data chunk shorter than one sample");
        }
        var samples = new float[frames];
        for (var i = 0; i < frames; i++)
        {
            var sum = 0.0;
            for (var c = 0; c < channels; c++)
            {
                sum += Sample(raw.Slice(((i * channels) + c) * bytes, bytes), format, bits);
            }
            samples[i] = (float)(sum / channels);
        }
        return samples;
    }

    private static double Sample(ReadOnlySpan<byte> b, int format, int bits) => (format, bits) switch
    {
        (FloatFormat, _) => BinaryPrimitives.ReadSingleLittleEndian(b),
        (_, 8) => (b[0] - 128) / 128.0,
        (_, 16) => BinaryPrimitives.ReadInt16LittleEndian(b) / 32768.0,
        (_, 24) => ((b[0] | (b[1] << 8) | ((sbyte)b[2] << 16)) / 8388608.0),
        _ => BinaryPrimitives.ReadInt32LittleEndian(b) / 2147483648.0,
    };

    private static InvalidDataException At(string file, long offset, string problem) =>
        new(string.Create(CultureInfo.InvariantCulture, $"{file}: byte {offset}: {problem}"));
}
