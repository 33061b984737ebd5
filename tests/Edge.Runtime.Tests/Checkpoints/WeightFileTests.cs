using System.Globalization;
using Edge.Runtime.Checkpoints;
using Edge.Runtime.Golden;
using Edge.Runtime.Specs;
using Edge.TestSupport;

namespace Edge.Runtime.Tests.Checkpoints;

public sealed class WeightFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("edge-wf-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    public static TheoryData<string> NetworkCases()
    {
        var data = new TheoryData<string>();
        foreach (var file in GoldenRunner.FindCases([SharedData.GoldenDir]))
        {
            if (Path.GetFileName(file).StartsWith("net-", StringComparison.Ordinal))
            {
                data.Add(Path.GetFileName(file));
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(NetworkCases))]
    public void Weights_written_as_safetensors_reproduce_the_golden_logits(string file)
    {
        using var c = GoldenCase.Read(Path.Combine(SharedData.GoldenDir, file));
        Assert.Equal("stllr-network", c.Kind);
        var path = Path.Combine(_dir, "golden.safetensors");
        var writer = new SafetensorsWriter();
        foreach (var (name, tensor) in c.Inputs)
        {
            // "param:<i>:<name>" → "layers.<i>.<name>", values as the case gives them (PyTorch order).
            if (name.StartsWith("param:", StringComparison.Ordinal))
            {
                var parts = name.Split(':');
                writer.Add(WeightFile.Key(int.Parse(parts[1], CultureInfo.InvariantCulture), parts[2]), tensor.Shape, tensor.Data);
            }
        }
        writer.WriteFile(path);

        var spec = SpecReader.Read(c.Config, c.Name);
        var batch = c.ConfigFields.Int("batch", min: 1);
        var network = Network.Build(spec, new NetworkOptions(batch, Learning: false, Seed: 99));
        WeightFile.Import(network, path);

        var x = c.Input("x");
        var expected = c.Expected["logits"];
        var perStep = batch * spec.Classes;
        network.ResetState(training: false);
        for (var t = 0; t < spec.TimeSteps; t++)
        {
            var logits = network.Step(x.At(t), training: false);
            for (var i = 0; i < perStep; i++)
            {
                var e = expected.Data[(t * perStep) + i];
                Assert.True(MathF.Abs(logits[i] - e) <= c.AbsoluteTolerance + (c.RelativeTolerance * MathF.Abs(e)),
                    $"{file}: logits[t={t}][{i}] = {logits[i]}, expected {e}");
            }
        }
    }

    [Fact]
    public void Export_then_import_restores_every_parameter_exactly()
    {
        var spec = NetworkCatalog.Load("shd-rec");
        var source = Network.Build(spec, new NetworkOptions(1, Learning: false, Seed: 3));
        var path = Path.Combine(_dir, "shd.safetensors");
        WeightFile.Export(source, path);
        var target = Network.Build(spec, new NetworkOptions(1, Learning: false, Seed: 4));
        WeightFile.Import(target, path);
        var a = source.Parameters();
        var b = target.Parameters();
        for (var i = 0; i < a.Count; i++)
        {
            Assert.Equal(a[i].Parameter.Value, b[i].Parameter.Value);
        }
        using var file = SafetensorsFile.Open(path);
        Assert.Equal("edge-weights/1", file.Metadata["format"]);
        Assert.Equal([450, 700], file.Find("layers.0.weight")!.Shape);
        Assert.Equal([450, 450], file.Find("layers.0.weight_rec")!.Shape);
    }

    [Fact]
    public void Official_gain_shapes_and_matching_constants_are_accepted()
    {
        var spec = NetworkCatalog.Load("nmnist-small");
        var network = Network.Build(spec, new NetworkOptions(1, Learning: false));
        var writer = Writer(network, skip: "layers.0.gain");
        writer.Add("layers.0.gain", [16, 1, 1, 1], Ones(16));
        writer.Add("layers.0.leak", [], new float[] { 0f });
        writer.Add("layers.0.threshold", [], new float[] { 0.6f });
        writer.Add("layers.0.factors", [4], new float[] { 0.2f, 0.75f, -1f, 1f });
        var path = Path.Combine(_dir, "official.safetensors");
        writer.WriteFile(path);
        WeightFile.Import(network, path);
        Assert.All(network.Layers[0].Parameters[^1].Value, v => Assert.Equal(1f, v));
    }

    [Theory]
    [InlineData("missing", "layers.7.bias is missing: layer 7 (readout-leaky 1024→10) needs bias [10]")]
    [InlineData("shape", "layers.2.weight has shape [32, 16, 5, 5], layer 2 (conv2d 16→32 k3) needs [32, 16, 3, 3]")]
    [InlineData("unknown", "tensor 'layers.1.weight': layer 1 (maxpool2d) has no parameter 'weight'")]
    [InlineData("index", "tensor 'layers.9.weight' is for layer 9, but network 'nmnist-small' has 8 layers")]
    [InlineData("name", "tensor 'conv1.weight' is not named layers.<index>.<parameter> (see tools/export_stllr_safetensors.md)")]
    [InlineData("leak", "layers.0.leak = 5 gives decay sigmoid(leak) = 0.9933072 but the spec's layer 0 (conv2d 2→16 k3) has decay 0.5")]
    [InlineData("threshold", "layers.2.threshold = 1 gives threshold max(θ, 0.5) = 1 but the spec's layer 2 (conv2d 16→32 k3) has threshold 0.6")]
    [InlineData("factors", "layers.4.factors = [0.5, 1, 1, 1] but the spec's layer 4 (conv2d 32→64 k3) has factors [0.2, 0.75, -1, 1]")]
    public void Unfit_weights_are_refused_with_one_line_saying_what_and_where(string problem, string message)
    {
        var spec = NetworkCatalog.Load("nmnist-small");
        var network = Network.Build(spec, new NetworkOptions(1, Learning: false));
        var writer = Writer(network, skip: problem switch { "missing" => "layers.7.bias", "shape" => "layers.2.weight", _ => null });
        switch (problem)
        {
            case "shape":
                writer.Add("layers.2.weight", [32, 16, 5, 5], new float[32 * 16 * 25]);
                break;
            case "unknown":
                writer.Add("layers.1.weight", [1], new float[1]);
                break;
            case "index":
                writer.Add("layers.9.weight", [1], new float[1]);
                break;
            case "name":
                writer.Add("conv1.weight", [1], new float[1]);
                break;
            case "leak":
                writer.Add("layers.0.leak", [], new float[] { 5f });
                break;
            case "threshold":
                writer.Add("layers.2.threshold", [], new float[] { 1f });
                break;
            case "factors":
                writer.Add("layers.4.factors", [4], new float[] { 0.5f, 1f, 1f, 1f });
                break;
        }
        var path = Path.Combine(_dir, problem + ".safetensors");
        writer.WriteFile(path);
        var before = Snapshot(network);
        var ex = Assert.Throws<CheckpointException>(() => WeightFile.Import(network, path));
        Assert.Equal($"{path}: {message}", ex.Message);
        if (problem != "missing")
        {
            Assert.Equal(before, Snapshot(network)); // name and constant checks come before any value is loaded
        }
    }

    private static SafetensorsWriter Writer(Network network, string? skip = null)
    {
        var writer = new SafetensorsWriter();
        foreach (var (index, p) in network.Parameters())
        {
            var key = WeightFile.Key(index, p.Name);
            if (key != skip && !(index == 0 && p.Name == "gain"))
            {
                var torch = new float[p.Count];
                p.Export(torch);
                writer.Add(key, p.Shape, torch);
            }
        }
        if (skip != "layers.0.gain")
        {
            writer.Add("layers.0.gain", [16], Ones(16));
        }
        return writer;
    }

    private static float[] Ones(int n)
    {
        var v = new float[n];
        Array.Fill(v, 1f);
        return v;
    }

    private static float[] Snapshot(Network network)
    {
        var all = new List<float>();
        foreach (var (_, p) in network.Parameters())
        {
            all.AddRange(p.Value);
        }
        return [.. all];
    }
}
