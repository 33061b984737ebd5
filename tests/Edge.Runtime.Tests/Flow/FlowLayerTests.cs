using Edge.Runtime.Kernels;
using Edge.Runtime.Layers;
using Edge.Runtime.Specs;
using static Edge.Runtime.Tests.Rules.RuleTestNetworks;

namespace Edge.Runtime.Tests.Flow;

/// <summary>
/// The decoder and skip layers against their float64 definitions (<see cref="Reference"/>): the
/// transposed convolution's forward pass, input gradient and weight gradient through the layer's
/// own weight layout, and the forward and backward passes of upsampling, concatenation and sums.
/// </summary>
public class FlowLayerTests
{
    [Theory]
    [InlineData(2, 3, 3, 3, 3, 2, 1)]
    [InlineData(3, 4, 4, 2, 4, 2, 1)]
    [InlineData(2, 2, 3, 3, 2, 2, 0)]
    [InlineData(1, 5, 4, 2, 3, 1, 0)]
    [InlineData(2, 3, 3, 2, 3, 3, 2)]
    public void Transposed_convolution_kernels_match_the_definition(int cin, int h, int w, int cout, int k, int s, int p)
    {
        var spec = SpecReader.Parse($$"""
            { "input_shape": [{{cin}}, {{h}}, {{w}}], "classes": 1, "standardize": false,
              "layers": [ { "type": "conv-transpose2d", "in_channels": {{cin}}, "out_channels": {{cout}}, "kernel": {{k}}, "stride": {{s}}, "padding": {{p}} } ] }
            """, "t");
        var layer = (LifConvTranspose2d)Network.Build(spec).Layers[0];
        var rng = new Rng((ulong)((cin * 100) + (k * 10) + s));
        var weight = Reference.Random(rng, cin * cout * k * k);
        var bias = Reference.Random(rng, cout);
        layer.Synapse.Weight.Import(Reference.Floats(weight));
        layer.RefreshWeights();
        Assert.Equal([cin, cout, k, k], layer.Synapse.Weight.Shape);

        var x = Reference.Random(rng, cin * h * w);
        var y = Reference.ConvTranspose(x, cin, h, w, weight, bias, cout, k, s, p, out var ho, out var wo);
        Assert.Equal(layer.OutputShape, TensorShape.Map(cout, ho, wo));
        var g = layer.Geometry;
        var output = new float[g.OutSize];
        SynapseKernels.Forward(g, Reference.Hwc(x, cin, h, w), layer.Synapse.Effective, Reference.Floats(bias), output);
        Near(y, Reference.Floats(Reference.Chw(output, cout, ho, wo)), "forward", 1e-5, 1e-5);

        var gy = Reference.Random(rng, cout * ho * wo);
        var gx = new float[g.InSize];
        SynapseKernels.InputGrad(g, Reference.Hwc(gy, cout, ho, wo), layer.Synapse.Effective, gx);
        Near(Reference.ConvTransposeAdjoint(gy, cin, h, w, weight, cout, k, s, p), Reference.Floats(Reference.Chw(gx, cin, h, w)), "input gradient", 1e-5, 1e-5);

        var dW = new float[g.WeightCount];
        SynapseKernels.AccumulateWeightGrad(g, Reference.Hwc(x, cin, h, w), Reference.Hwc(gy, cout, ho, wo), 0.5f, dW);
        var expected = new double[weight.Length];
        Reference.ConvTransposeWeightGrad(x, cin, h, w, gy, cout, k, s, p, 0.5, expected);
        var torch = new float[dW.Length];
        layer.Synapse.Weight.ToTorch(dW, torch);
        Near(expected, torch, "weight gradient", 1e-5, 1e-5);
    }

    [Fact]
    public void Upsampling_concatenation_and_sums_match_their_definitions_forward_and_back()
    {
        var spec = SpecReader.Parse("""
            { "input_shape": [2, 3, 3], "classes": 1,
              "layers": [
                { "name": "a", "type": "upsample-nearest", "scale": 2 },
                { "name": "b", "type": "upsample-nearest", "scale": 2, "inputs": ["input"] },
                { "name": "c", "type": "concat", "inputs": ["a", "b", "a"] },
                { "name": "d", "type": "add", "inputs": ["c", "c", "c"] }
              ] }
            """, "maps");
        var network = Network.Build(spec, new NetworkOptions(Learning: false));
        var rng = new Rng(4);
        var x = Reference.Random(rng, 18);
        network.Step(Reference.Floats(x), training: false);
        var up = Reference.Upsample(x, 2, 3, 3, 2);
        var cat = up.Concat(up).Concat(up).ToArray(); // channel-major: a, b, a
        Near(cat.Select(v => 3 * v).ToArray(), Reference.Floats(Reference.Chw(network.Output, 6, 6, 6)), "forward", 1e-6, 1e-6);

        var upsample = (UpsampleNearest)network.Layers[0];
        var concat = (Concat)network.Layers[2];
        var add = (Add)network.Layers[3];
        var g = Reference.Random(rng, 6 * 36);
        var gHwc = Reference.Hwc(g, 6, 6, 6);
        for (var k = 0; k < 3; k++)
        {
            var into = new float[g.Length];
            add.BackwardTo(k, gHwc, into);
            Assert.Equal(gHwc, into);
            var part = new float[72];
            concat.BackwardTo(k, gHwc, part);
            Near(g.Skip(k * 72).Take(72).ToArray(), Reference.Floats(Reference.Chw(part, 2, 6, 6)), $"concat input {k}", 1e-6, 1e-6);
        }
        var gUp = Reference.Random(rng, 72);
        var gIn = new float[18];
        upsample.Backward([], Reference.Hwc(gUp, 2, 6, 6), gIn, needGradInput: true);
        Near(Reference.UpsampleAdjoint(gUp, 2, 3, 3, 2), Reference.Floats(Reference.Chw(gIn, 2, 3, 3)), "upsample adjoint", 1e-6, 1e-6);
    }
}
