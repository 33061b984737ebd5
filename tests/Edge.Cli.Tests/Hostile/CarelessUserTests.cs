using System.Text.RegularExpressions;
using Edge.Cli.Tests.Support;

namespace Edge.Cli.Tests.Hostile;

/// <summary>
/// What a careless user found, each now one plain line and exit 2: negative and zero counts, sizes
/// that cannot fit in memory, empty and text files, a folder where a file was expected, numbers
/// that are not numbers — no overflow, no division by zero, no out-of-memory abort, no silent
/// success, and no .NET type or parameter name in the message.
/// </summary>
[Collection("cli")]
public sealed partial class CarelessUserTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("edge-careless-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("--steps -5 is out of range: give time steps per sample from 1 to 10000", "bench", "--steps", "-5")]
    [InlineData("--steps 0 is out of range", "bench", "--steps", "0")]
    [InlineData("--steps: 'abc' is not a whole number", "bench", "--steps", "abc")]
    [InlineData("--threads 0 is out of range", "bench", "--threads", "0")]
    [InlineData("--width 100000 is out of range: give pixels from 1 to 8192", "simulate", "--scene", "bar-right", "--width", "100000", "--height", "100000", "-o", "OUT.aedat4")]
    [InlineData("is 25000000 pixels; the simulated sensor has at most 4194304", "simulate", "--scene", "bar-right", "--width", "5000", "--height", "5000", "-o", "OUT.aedat4")]
    [InlineData("--seconds: 'soon' is not a number", "simulate", "--scene", "bar-right", "--seconds", "soon", "-o", "OUT.aedat4")]
    [InlineData("--batch 100000000 is out of range: give samples per batch from 1 to 1024", "train", "--dataset", "nmnist:/nowhere", "--batch", "100000000")]
    [InlineData("--ring 2000000000 is out of range", "run", "--ring", "2000000000")]
    [InlineData("--downscale 0 is out of range", "convert", "IN", "OUT.aedat4", "--downscale", "0")]
    [InlineData("EMPTY: byte 0: the file is empty (0 bytes): not an event recording", "inspect", "EMPTY")]
    [InlineData("EMPTY: byte 0: the file is empty (0 bytes): not an event recording", "inspect", "--lenient", "EMPTY")]
    [InlineData("EMPTY: byte 0: the file is empty (0 bytes): not an event recording", "convert", "EMPTY", "OUT.aedat4")]
    [InlineData("TEXT.aedat: byte 0: this is text, not an event recording", "inspect", "TEXT.aedat")]
    [InlineData("TEXT.bin: byte 0: this is text, not an event recording", "inspect", "--lenient", "TEXT.bin")]
    [InlineData("TEXT.dat: byte 0: this is text, not an event recording", "inspect", "TEXT.dat")]
    [InlineData("TEXT.txt: byte 0: this is text, not an event recording", "inspect", "TEXT.txt")]
    [InlineData("DIR: byte 0: is a directory, not an event file", "inspect", "DIR")]
    [InlineData("DIR: byte 0: is a directory, not an event file", "run", "--source", "file:DIR")]
    [InlineData("NOISE.txt: byte 0: not a recognised event file", "inspect", "NOISE.txt")]
    public void Careless_input_is_one_plain_line_and_exit_2(string message, params string[] args)
    {
        var empty = Path.Combine(_dir, "empty.aedat");
        File.WriteAllBytes(empty, []);
        foreach (var extension in new[] { "aedat", "bin", "dat", "txt" })
        {
            File.WriteAllText(Path.Combine(_dir, "text." + extension), "start_us,end_us,label\n0,100000,wave\n100000,200000,clap\n");
        }
        File.WriteAllBytes(Path.Combine(_dir, "noise.txt"), [.. Enumerable.Range(0, 256).Select(b => (byte)b)]);
        // One pass, so a placeholder's letters in the random temp folder's name are left alone.
        string Fill(string s) => Placeholder().Replace(s, m => m.Value switch
        {
            "EMPTY" or "IN" => empty,
            "TEXT" => Path.Combine(_dir, "text"),
            "NOISE" => Path.Combine(_dir, "noise"),
            "DIR" => _dir,
            _ => Path.Combine(_dir, "out"),
        });

        var r = EdgeCli.Run([.. args.Select(Fill)]);

        Assert.Equal(2, r.ExitCode);
        var line = Assert.Single(r.StderrLines);
        Assert.Contains(Fill(message), line, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", line, StringComparison.Ordinal);
        Assert.DoesNotContain("(Parameter", line, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", line, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_dir, "out.aedat4")));
    }

    [GeneratedRegex(@"\b(EMPTY|TEXT|NOISE|DIR|OUT|IN)\b")]
    private static partial Regex Placeholder();
}
