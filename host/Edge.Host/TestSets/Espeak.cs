using System.Diagnostics;
using System.Globalization;
using Edge.Sim.Audio;

namespace Edge.Host.TestSets;

/// <summary>
/// Speech from Debian's <c>espeak-ng</c>, run as a process that writes a WAV file to its standard
/// output (<c>scripts/install-test-deps.sh</c> installs it).
/// </summary>
internal static class Espeak
{
    /// <summary>The program.</summary>
    public const string Program = "espeak-ng";

    /// <summary>
    /// Says <paramref name="text"/> with <paramref name="voice"/> (e.g. <c>en-us+m3</c>) at pitch
    /// <paramref name="pitch"/> (0–99) and <paramref name="wordsPerMinute"/>; returns the sound and its sample rate.
    /// </summary>
    /// <exception cref="FileNotFoundException">espeak-ng is not installed (with how to install it).</exception>
    /// <exception cref="InvalidDataException">espeak-ng failed or wrote no sound.</exception>
    public static (float[] Samples, int SampleRateHz) Say(string text, string voice, int pitch, int wordsPerMinute)
    {
        var start = new ProcessStartInfo(Program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "-v", voice, "-p", Number(pitch), "-s", Number(wordsPerMinute), "--stdout", text })
        {
            start.ArgumentList.Add(argument);
        }
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidDataException($"{Program} did not start");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new FileNotFoundException(
                $"{Program} is needed for the spoken-digit set and did not start ({ex.Message}); install it with scripts/install-test-deps.sh or 'apt-get install espeak-ng'", Program, ex);
        }
        using (process)
        {
            using var sound = new MemoryStream();
            var error = process.StandardError.ReadToEndAsync();
            process.StandardOutput.BaseStream.CopyTo(sound);
            process.WaitForExit();
            if (process.ExitCode != 0 || sound.Length == 0)
            {
                throw new InvalidDataException($"{Program} -v {voice} '{text}' failed (exit {process.ExitCode}): {error.Result.Trim()}");
            }
            return WavDecoder.Decode(sound.GetBuffer().AsSpan(0, (int)sound.Length), $"{Program} -v {voice} '{text}'");
        }
    }

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}
