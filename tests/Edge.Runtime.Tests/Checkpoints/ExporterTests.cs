using System.Diagnostics;
using Edge.Runtime.Checkpoints;
using Edge.Runtime.Golden;
using Edge.Runtime.Specs;
using Edge.TestSupport;

namespace Edge.Runtime.Tests.Checkpoints;

/// <summary>
/// The Python with PyTorch that the exporter tests run (Debian's python3-torch and python3-numpy,
/// installed by scripts/install-test-deps.sh). Missing torch fails the tests with a message that
/// says how to install it: they never skip.
/// </summary>
internal static class PythonTorch
{
    private static readonly Lazy<string?> Found = new(() =>
    {
        foreach (var candidate in new[] { "/usr/bin/python3", "python3" })
        {
            try
            {
                if (Run(candidate, ["-c", "import torch"], TimeSpan.FromMinutes(2)).Code == 0)
                {
                    return candidate;
                }
            }
            catch (System.ComponentModel.Win32Exception)
            {
                // not installed under that name
            }
        }
        return null;
    });

    public static string Interpreter => Found.Value ?? throw new InvalidOperationException(
        "no python3 with torch (tried /usr/bin/python3 and python3): run scripts/install-test-deps.sh " +
        "(Debian: apt-get install python3-torch python3-numpy); the exporter tools/export_stllr_safetensors.py needs it");

    public static (int Code, string Stdout, string Stderr) Run(string program, string[] args, TimeSpan timeout)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} did not finish within {timeout}");
        }
        return (process.ExitCode, stdout.Result, stderr.Result);
    }
}

public sealed class ExporterTests : IDisposable
{
    /// <summary>
    /// Writes a state_dict named and shaped as the official S-TLLR modules save it (Conv2dSTLLR /
    /// LinearSTLLR / LinearRecSTLLR: weight, bias, leak, threshold, gain [N,1(,1,1)], gain_rec,
    /// weight_rec, factors buffer; nn.Linear readout; a DFA hook's fixed_fb_weights) from a golden case.
    /// </summary>
    private const string MakeStateDict = """
        import json, sys, torch
        case = json.load(open(sys.argv[1]))
        layers, inputs = case["config"]["layers"], case["inputs"]
        def t(name):
            v = inputs[name]
            return torch.tensor(v["data"], dtype=torch.float32).reshape(v["shape"])
        sd = {}
        for i, layer in enumerate(layers):
            kind = layer["type"]
            if kind not in ("conv2d", "linear", "linear-rec", "readout-linear", "readout-leaky"):
                continue
            m = {"conv2d": "conv", "linear": "fc", "linear-rec": "rec", "readout-linear": "classifier", "readout-leaky": "last_layer"}[kind] + str(i)
            sd[m + ".weight"] = t(f"param:{i}:weight")
            sd[m + ".bias"] = t(f"param:{i}:bias")
            if kind == "readout-linear":
                continue
            sd[m + ".leak"] = torch.tensor(layer["leak"], dtype=torch.float32)
            sd[m + ".threshold"] = torch.tensor(layer.get("threshold", 0.6), dtype=torch.float32)
            out = sd[m + ".weight"].shape[0]
            tail = [1, 1, 1] if kind == "conv2d" else [1]
            sd[m + ".gain"] = t(f"param:{i}:gain").reshape([out] + tail) if kind != "readout-leaky" else torch.ones(out, 1)
            if kind == "linear-rec":
                sd[m + ".gain_rec"] = t(f"param:{i}:gain_rec").reshape(out, 1)
                sd[m + ".weight_rec"] = t(f"param:{i}:weight_rec")
            f = layer["factors"]
            sd[m + ".factors"] = torch.tensor([f["lambda_post"], f["lambda_pre"], f["alpha_post"], f["alpha_pre"]])
            sd[m + "_hook.fixed_fb_weights"] = torch.randn(3, out)
        torch.save({"state_dict": sd, "epoch": 7}, sys.argv[2])
        """;

    private readonly string _dir = Directory.CreateTempSubdirectory("edge-exp-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void An_exported_official_state_dict_reproduces_the_golden_logits()
    {
        foreach (var name in new[] { "net-conv-avgpool-linear.json", "net-shd-rec-readout.json", "net-conv-maxpool-gap.json" })
        {
            var golden = Path.Combine(SharedData.GoldenDir, name);
            var pth = Path.Combine(_dir, name + ".pth");
            var output = Path.Combine(_dir, name + ".safetensors");
            var make = Python(["-c", MakeStateDict, golden, pth]);
            Assert.True(make.Code == 0, make.Stderr);
            var export = Python([Exporter, pth, "--spec", golden, "-o", output]);
            Assert.True(export.Code == 0, export.Stderr);
            Assert.Contains("skipped (feedback matrices are not deployed)", export.Stderr, StringComparison.Ordinal);

            using var c = GoldenCase.Read(golden);
            var spec = SpecReader.Read(c.Config, c.Name);
            var batch = c.ConfigFields.Int("batch", min: 1);
            var network = Network.Build(spec, new NetworkOptions(batch, Learning: false));
            WeightFile.Import(network, output);
            var x = c.Input("x");
            var expected = c.Expected["logits"].Data;
            var perStep = batch * spec.Classes;
            network.ResetState(training: false);
            for (var t = 0; t < spec.TimeSteps; t++)
            {
                var logits = network.Step(x.At(t), training: false);
                for (var i = 0; i < perStep; i++)
                {
                    var e = expected[(t * perStep) + i];
                    Assert.True(MathF.Abs(logits[i] - e) <= c.AbsoluteTolerance + (c.RelativeTolerance * MathF.Abs(e)),
                        $"{name}: logits[t={t}][{i}] = {logits[i]}, expected {e}");
                }
            }
        }
    }

    [Fact]
    public void A_state_dict_that_does_not_fit_the_spec_is_one_line_and_exit_2()
    {
        var golden = Path.Combine(SharedData.GoldenDir, "net-conv-avgpool-linear.json");
        var pth = Path.Combine(_dir, "a.pth");
        Assert.Equal(0, Python(["-c", MakeStateDict, golden, pth]).Code);
        var r = Python([Exporter, pth, "--spec", "shd-rec", "-o", Path.Combine(_dir, "x.safetensors")]);
        Assert.Equal(2, r.Code);
        var line = Assert.Single(r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("export_stllr_safetensors: 3 official modules with weights (conv0, fc3, classifier4) but the spec has 2 layers", line, StringComparison.Ordinal);
    }

    private static string Exporter => Path.Combine(SharedData.RepoRoot, "tools", "export_stllr_safetensors.py");

    private static (int Code, string Stdout, string Stderr) Python(string[] args) =>
        PythonTorch.Run(PythonTorch.Interpreter, args, TimeSpan.FromMinutes(3));
}
