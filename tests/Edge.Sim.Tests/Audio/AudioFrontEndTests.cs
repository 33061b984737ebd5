using System.Buffers.Binary;
using Edge.Sim.Audio;

namespace Edge.Sim.Tests.Audio;

public sealed class AudioFrontEndTests
{
    private const int Rate = 22050;

    [Fact]
    public void The_erb_scale_round_trips_and_spaces_channels_evenly()
    {
        Assert.Equal(1000, ErbScale.FromErbNumber(ErbScale.ToErbNumber(1000)), 6);
        Assert.Equal(24.7 * 5.37, ErbScale.Bandwidth(1000), 6);
        var centres = ErbScale.CentreFrequencies(700, 50, 8000);
        Assert.Equal(50, centres[0], 6);
        Assert.Equal(8000, centres[^1], 6);
        var step = ErbScale.ToErbNumber(centres[1]) - ErbScale.ToErbNumber(centres[0]);
        Assert.Equal(step, ErbScale.ToErbNumber(centres[400]) - ErbScale.ToErbNumber(centres[399]), 9);
    }

    [Theory]
    [InlineData(250)]
    [InlineData(1000)]
    [InlineData(4000)]
    public void A_gammatone_passes_its_centre_frequency_at_unity_gain_and_damps_an_octave_away(double centre)
    {
        var filter = new GammatoneFilter(centre, Rate);
        Assert.Equal(1, SteadyAmplitude(filter, centre), 1);
        Assert.True(SteadyAmplitude(filter, centre * 2) < 0.05, "an octave above is far outside the band");
        Assert.True(SteadyAmplitude(filter, centre / 2) < 0.05, "an octave below is far outside the band");
    }

    [Fact]
    public void A_tone_excites_the_channels_tuned_to_it_and_silence_none()
    {
        var cochlea = new Cochlea(new CochleaOptions(), Rate, seed: 1);
        var tone = Tone(1000, 0.05 * Math.Sqrt(2), Rate / 2);
        var spikes = cochlea.Hear(tone);
        Assert.True(spikes.Count > 100);
        var perChannel = new int[700];
        foreach (var c in spikes.Channels)
        {
            perChannel[c]++;
        }
        var peak = Array.IndexOf(perChannel, perChannel.Max());
        Assert.InRange(cochlea.CentreHz(peak), 800, 1250);
        for (var i = 1; i < spikes.Count; i++)
        {
            Assert.True(spikes.TimesSeconds[i] >= spikes.TimesSeconds[i - 1], "spikes are time-ordered");
        }
        Assert.Equal(0, cochlea.Hear(new float[Rate / 4]).Count);
    }

    [Fact]
    public void The_same_seed_hears_the_same_spikes_and_another_seed_other_thresholds()
    {
        var tone = Tone(500, 0.07, Rate / 4);
        var a = new Cochlea(new CochleaOptions(), Rate, 3).Hear(tone);
        var b = new Cochlea(new CochleaOptions(), Rate, 3).Hear(tone);
        var c = new Cochlea(new CochleaOptions(), Rate, 4).Hear(tone);
        Assert.Equal(a.TimesSeconds, b.TimesSeconds);
        Assert.Equal(a.Channels, b.Channels);
        Assert.NotEqual(a.Channels, c.Channels);
    }

    [Fact]
    public void Wav_files_decode_with_the_sizes_espeak_leaves_unset_when_streaming()
    {
        var samples = new short[] { 0, 16384, -32768, 32767 };
        var wav = new byte[44 + (samples.Length * 2)];
        "RIFF"u8.CopyTo(wav);
        BinaryPrimitives.WriteUInt32LittleEndian(wav.AsSpan(4), 0x7ffff024);
        "WAVEfmt "u8.CopyTo(wav.AsSpan(8));
        BinaryPrimitives.WriteUInt32LittleEndian(wav.AsSpan(16), 16);
        BinaryPrimitives.WriteUInt16LittleEndian(wav.AsSpan(20), 1);
        BinaryPrimitives.WriteUInt16LittleEndian(wav.AsSpan(22), 1);
        BinaryPrimitives.WriteUInt32LittleEndian(wav.AsSpan(24), Rate);
        BinaryPrimitives.WriteUInt32LittleEndian(wav.AsSpan(28), Rate * 2);
        BinaryPrimitives.WriteUInt16LittleEndian(wav.AsSpan(32), 2);
        BinaryPrimitives.WriteUInt16LittleEndian(wav.AsSpan(34), 16);
        "data"u8.CopyTo(wav.AsSpan(36));
        BinaryPrimitives.WriteUInt32LittleEndian(wav.AsSpan(40), 0x7ffff000);
        for (var i = 0; i < samples.Length; i++)
        {
            BinaryPrimitives.WriteInt16LittleEndian(wav.AsSpan(44 + (2 * i)), samples[i]);
        }
        var (decoded, rate) = WavDecoder.Decode(wav, "stream.wav");
        Assert.Equal(Rate, rate);
        Assert.Equal([0f, 0.5f, -1f, 32767f / 32768], decoded);
    }

    [Fact]
    public void A_file_that_is_not_wav_gets_one_line_naming_it()
    {
        var error = Assert.Throws<InvalidDataException>(() => WavDecoder.Decode("hello"u8, "notes.txt"));
        Assert.Equal("notes.txt: byte 0: not a RIFF/WAVE file", error.Message);
    }

    private static float[] Tone(double hz, double amplitude, int samples)
    {
        var tone = new float[samples];
        for (var n = 0; n < samples; n++)
        {
            tone[n] = (float)(amplitude * Math.Sin(2 * Math.PI * hz * n / Rate));
        }
        return tone;
    }

    private static double SteadyAmplitude(GammatoneFilter filter, double hz)
    {
        var input = Tone(hz, 1, Rate / 2);
        var output = new float[input.Length];
        filter.Process(input, output);
        return output.AsSpan(input.Length / 2).ToArray().Max(v => Math.Abs(v));
    }
}
