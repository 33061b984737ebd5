using System.Text.Json;
using Edge.Cli.Tests.Support;
using Edge.Drivers.Formats;
using Edge.Runtime;
using Edge.Runtime.Events;

namespace Edge.Cli.Tests;

[Collection("cli")]
public sealed class TrainEvalVerbTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"edge-nmnist-{Guid.NewGuid():N}");

    public TrainEvalVerbTests() => WriteNmnistFolder(_root);

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Train_then_eval_on_a_generated_nmnist_folder_reports_the_same_test_accuracy()
    {
        var checkpoint = Path.Combine(_root, "checkpoint");
        var train = EdgeCli.Run("train", "--dataset", "nmnist:" + _root, "--epochs", "2", "--checkpoint", checkpoint, "--json");
        Assert.Equal(0, train.ExitCode);
        var rows = train.StdoutLines.Select(l => JsonDocument.Parse(l).RootElement).ToArray();
        foreach (var row in rows)
        {
            foreach (var key in new[] { "dataset", "split", "samples", "accuracy" })
            {
                Assert.True(row.TryGetProperty(key, out _), $"missing key {key} in {row}");
            }
        }
        var test = rows.Last(r => r.GetProperty("split").GetString() == "test");
        var accuracy = test.GetProperty("accuracy").GetDouble();
        Assert.InRange(accuracy, 0, 1);

        var eval = EdgeCli.Run("eval", "--dataset", "nmnist:" + _root, "--checkpoint", checkpoint, "--json");
        Assert.Equal(0, eval.ExitCode);
        var result = JsonDocument.Parse(eval.StdoutLines.Last()).RootElement;
        Assert.Equal("test", result.GetProperty("split").GetString());
        Assert.Equal(test.GetProperty("samples").GetInt64(), result.GetProperty("samples").GetInt64());
        Assert.Equal(accuracy, result.GetProperty("accuracy").GetDouble());
    }

    [Fact]
    public void Eval_names_a_damaged_newest_checkpoint_and_evaluates_the_previous_one_leaving_the_folder_as_it_is()
    {
        var checkpoint = Path.Combine(_root, "checkpoint");
        Assert.Equal(0, EdgeCli.Run("train", "--dataset", "nmnist:" + _root, "--epochs", "2", "--checkpoint", checkpoint).ExitCode);
        var files = Directory.GetFiles(checkpoint, "*.safetensors").Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(2, files.Length); // one save per epoch
        var bytes = File.ReadAllBytes(files[1]);
        bytes[^5] ^= 0x01;
        File.WriteAllBytes(files[1], bytes);

        var eval = EdgeCli.Run("eval", "--dataset", "nmnist:" + _root, "--checkpoint", checkpoint, "--json");
        Assert.True(eval.ExitCode == 0, eval.Stderr);
        var line = Assert.Single(eval.StderrLines, l => l.Contains("damaged", StringComparison.Ordinal));
        Assert.Equal($"edge: checkpoint {files[1]} is damaged (checksum mismatch: stored ", line[..(line.IndexOf("stored ", StringComparison.Ordinal) + 7)]);
        Assert.EndsWith($"): evaluating {files[0]} instead (edge eval leaves the folder as it is)", line, StringComparison.Ordinal);
        Assert.Equal(files, Directory.GetFiles(checkpoint, "*.safetensors").Order(StringComparer.Ordinal));
        Assert.False(Directory.Exists(Path.Combine(checkpoint, "damaged")));
        Assert.Equal(bytes, File.ReadAllBytes(files[1]));
    }

    [Theory]
    [InlineData("nmnist:/no/such/folder")]
    [InlineData("nosuchkind:/tmp")]
    public void A_bad_dataset_is_exit_2_with_one_line(string dataset)
    {
        var r = EdgeCli.Run("train", "--dataset", dataset);
        Assert.Equal(2, r.ExitCode);
        Assert.Single(r.StderrLines);
    }

    /// <summary>Three digit classes of 34×34 recordings whose events sit in class-specific places.</summary>
    private static void WriteNmnistFolder(string root)
    {
        var rng = new Rng(4);
        foreach (var (split, count) in new[] { ("Train", 6), ("Test", 3) })
        {
            for (var digit = 0; digit < 3; digit++)
            {
                var folder = Path.Combine(root, split, digit.ToString(System.Globalization.CultureInfo.InvariantCulture));
                Directory.CreateDirectory(folder);
                for (var i = 0; i < count; i++)
                {
                    using var writer = EventFile.Create(Path.Combine(folder, $"{i:D5}.bin"), EventFormat.Nmnist, new SensorGeometry(34, 34));
                    var events = new List<DvsEvent>();
                    for (var t = 0; t < 300_000; t += 500)
                    {
                        var x = 5 + (digit * 11) + rng.NextInt(5);
                        var y = 8 + rng.NextInt(18);
                        events.Add(new DvsEvent(t, (ushort)x, (ushort)y, (byte)(t / 500 % 2)));
                    }
                    writer.Write(events.ToArray());
                    writer.Complete();
                }
            }
        }
    }
}
