namespace Edge.Host.TestSets;

/// <summary>
/// A voice of the spoken-digit set: an espeak-ng voice variant (m1 … m7, f1 … f5, klatt) with an
/// English accent for the English digits and German for the German ones. Training and test
/// speakers have different variants; the test speeds lie between the training ones.
/// </summary>
/// <param name="Number">Speaker number, written as SHD's <c>extra/speaker</c>.</param>
/// <param name="Variant">espeak-ng voice variant.</param>
/// <param name="Accent">espeak-ng English voice (en-gb, en-us, …).</param>
internal sealed record SpokenDigitSpeaker(int Number, string Variant, string Accent)
{
    /// <summary>Voice variants of the training speakers.</summary>
    public static readonly string[] TrainVariants = ["m1", "m2", "m3", "m4", "f1", "f2", "f3", "klatt"];

    /// <summary>Voice variants of the test speakers (never heard in training).</summary>
    public static readonly string[] TestVariants = ["m5", "m6", "f4", "f5"];

    /// <summary>Speaking rates (words per minute) of the training utterances.</summary>
    public static readonly int[] TrainSpeeds = [120, 155, 190];

    /// <summary>Speaking rates of the test utterances (held out: between the training ones).</summary>
    public static readonly int[] TestSpeeds = [135, 175];

    private static readonly string[] Accents = ["en-gb", "en-us", "en-gb-scotland", "en-029", "en-gb-x-rp", "en-gb-x-gbclan"];

    /// <summary>The English digits (labels 0–9) and the German ones (labels 10–19), as SHD orders its classes.</summary>
    public static readonly string[] Words =
    [
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
        "null", "eins", "zwei", "drei", "vier", "fünf", "sechs", "sieben", "acht", "neun",
    ];

    /// <summary>Speaker <paramref name="number"/> (numbered from 1 over both splits) with <paramref name="variant"/>.</summary>
    public static SpokenDigitSpeaker Of(int number, string variant) => new(number, variant, Accents[(number - 1) % Accents.Length]);

    /// <summary>The espeak-ng voice that says <paramref name="label"/>'s word.</summary>
    public string VoiceFor(int label) => (label < 10 ? Accent : "de") + "+" + Variant;
}
