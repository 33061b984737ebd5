using Edge.Drivers.Datasets;
using Edge.Runtime;
using Edge.Sim.Audio;

namespace Edge.Host.TestSets;

/// <summary>
/// Makes the spoken-digit set: the digits 0–9 in English and German (SHD's 20 classes) said by
/// espeak-ng voices (<see cref="SpokenDigitSpeaker"/>) at several speeds and random pitches, levels,
/// leading silences and background noise, heard by the simulated <see cref="Cochlea"/> (700
/// channels) and written in SHD's layout (<c>shd_train.h5</c>, <c>shd_test.h5</c>). At full scale
/// 8 training voices × 20 words × 3 speeds × 2 takes (960) and 4 held-out test voices × 20 words ×
/// 2 held-out speeds × 2 takes (320).
/// </summary>
public static class SpokenDigitsSet
{
    /// <summary>Takes (each with its own pitch, level and noise) per voice, word and speed.</summary>
    public const int Takes = 2;

    /// <summary>RMS level speech is normalised to before the level variation (about 0.05 full scale).</summary>
    public const double SpeechRms = 0.05;

    /// <summary>Makes the set described by <paramref name="options"/>.</summary>
    public static TestSetSummary Make(TestSetOptions options, IProgress<double>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var started = System.Diagnostics.Stopwatch.StartNew();
        OutputFolder.Prepare(options.OutputFolder);
        var train = Plan(options, test: false, firstSpeaker: 1);
        var test = Plan(options, test: true, firstSpeaker: SpokenDigitSpeaker.TrainVariants.Length + 1);
        var cochlea = CochleaFor(options.Variant);
        var all = new List<Utterance>(train);
        all.AddRange(test);
        var samples = new ShdSample[all.Count];
        var done = 0;
        var gate = new Lock();
        try
        {
            // Each utterance draws from its own seed, so the order the cores take them in changes nothing.
            Parallel.For(0, all.Count, i =>
            {
                samples[i] = Hear(all[i], cochlea, options);
                lock (gate)
                {
                    progress?.Report((double)++done / all.Count);
                }
            });
        }
        catch (AggregateException ex) when (ex.InnerExceptions.Count > 0)
        {
            // One clear error (espeak-ng missing, say) rather than "one or more errors occurred".
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(ex.InnerExceptions[0]).Throw();
            throw;
        }
        ShdWriter.Write(Path.Combine(options.OutputFolder, ShdDataset.FileName(DatasetSplit.Train)), samples[..train.Count]);
        ShdWriter.Write(Path.Combine(options.OutputFolder, ShdDataset.FileName(DatasetSplit.Test)), samples[train.Count..]);
        long spikes = 0;
        foreach (var sample in samples)
        {
            spikes += sample.Units.Length;
        }
        return new TestSetSummary(TestSetKind.SpokenDigits, options.Variant, options.Seed, options.OutputFolder, DatasetKind.Shd,
            train.Count, test.Count, SpokenDigitSpeaker.Words.Length, spikes, started.Elapsed.TotalSeconds);
    }

    /// <summary>The cochlea of each variant: the alternate one compresses less, integrates faster and has twice the mismatch.</summary>
    internal static CochleaOptions CochleaFor(SensorVariant variant) => variant == SensorVariant.Default
        ? new CochleaOptions()
        : new CochleaOptions { CompressionExponent = 0.4, MembraneTauMs = 3, Gain = 15, ThresholdSigma = 0.1, RefractoryMs = 1 };

    private static List<Utterance> Plan(TestSetOptions options, bool test, int firstSpeaker)
    {
        var variants = test ? SpokenDigitSpeaker.TestVariants : SpokenDigitSpeaker.TrainVariants;
        var speeds = test ? SpokenDigitSpeaker.TestSpeeds : SpokenDigitSpeaker.TrainSpeeds;
        var plan = new List<Utterance>();
        for (var v = 0; v < options.Scaled(variants.Length); v++)
        {
            var speaker = SpokenDigitSpeaker.Of(firstSpeaker + v, variants[v]);
            for (var label = 0; label < SpokenDigitSpeaker.Words.Length; label++)
            {
                for (var s = 0; s < options.Scaled(speeds.Length); s++)
                {
                    for (var take = 0; take < options.Scaled(Takes); take++)
                    {
                        plan.Add(new Utterance(speaker, label, speeds[s], take));
                    }
                }
            }
        }
        return plan;
    }

    /// <summary>Synthesises one utterance, sets its level, silence and noise, and hears it.</summary>
    private static ShdSample Hear(Utterance u, CochleaOptions cochleaOptions, TestSetOptions options)
    {
        var random = Rng.Derive(options.Seed, (ulong)((((((u.Speaker.Number * 20) + u.Label) * 1000) + u.Speed) * 10) + u.Take));
        var pitch = 30 + random.NextInt(41);
        var (speech, rate) = Espeak.Say(SpokenDigitSpeaker.Words[u.Label], u.Speaker.VoiceFor(u.Label), pitch, u.Speed);
        var gain = SpeechRms / Math.Max(1e-9, Rms(speech)) * Math.Pow(10, random.Uniform(-6, 6) / 20);
        var snrDb = options.Variant == SensorVariant.Default ? random.Uniform(25, 40) : random.Uniform(15, 25);
        var noise = SpeechRms * Math.Pow(10, -snrDb / 20);
        var lead = (int)(random.Uniform(0, 0.1) * rate);
        var sound = new float[lead + speech.Length];
        for (var n = 0; n < sound.Length; n++)
        {
            var voice = n >= lead ? speech[n - lead] * gain : 0;
            sound[n] = (float)(voice + (noise * random.NextNormal()));
        }
        // One ear per speaker session: the mismatch is drawn from the seed and the speaker.
        var cochlea = new Cochlea(cochleaOptions, rate, Rng.Derive(options.Seed, (ulong)u.Speaker.Number).NextUInt64());
        var spikes = cochlea.Hear(sound);
        var times = new float[spikes.Count];
        var units = new ushort[spikes.Count];
        for (var i = 0; i < times.Length; i++)
        {
            times[i] = (float)spikes.TimesSeconds[i];
            units[i] = (ushort)spikes.Channels[i];
        }
        return new ShdSample(times, units, u.Label, u.Speaker.Number);
    }

    private static double Rms(float[] samples)
    {
        var sum = 0.0;
        foreach (var s in samples)
        {
            sum += s * (double)s;
        }
        return Math.Sqrt(sum / Math.Max(1, samples.Length));
    }

    private sealed record Utterance(SpokenDigitSpeaker Speaker, int Label, int Speed, int Take);
}
