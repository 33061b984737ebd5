using Edge.Runtime.Learning;
using Edge.Runtime.Specs;

namespace Edge.Runtime.Tests.Specs;

/// <summary>Graph specs: names and inputs, the new layer types, and the one-line errors with their JSON paths.</summary>
public class GraphSpecTests
{
    private static NetworkSpec Parse(string layers, string top = "\"classes\": 3") =>
        SpecReader.Parse($$"""{ "input_shape": [2, 8, 8], {{top}}, "layers": [ {{layers}} ] }""", "graph");

    private static SpecException Refused(string layers, string top = "\"classes\": 3") =>
        Assert.Throws<SpecException>(() => Parse(layers, top));

    private const string Unet = """
        { "name": "enc", "type": "conv2d", "in_channels": 2, "out_channels": 4, "kernel": 3, "stride": 2, "padding": 1 },
        { "name": "up", "type": "conv-transpose2d", "in_channels": 4, "out_channels": 3, "kernel": 4, "stride": 2, "padding": 1 },
        { "name": "skip", "type": "concat", "inputs": ["up", "input"] },
        { "type": "readout-flow", "in_channels": 5, "kernel": 3 }
        """;

    [Fact]
    public void A_graph_spec_resolves_inputs_and_infers_shapes()
    {
        var spec = Parse(Unet);
        Assert.True(spec.IsGraph);
        Assert.True(spec.IsFlow);
        Assert.Equal([TensorShape.Map(4, 4, 4), TensorShape.Map(3, 8, 8), TensorShape.Map(5, 8, 8), TensorShape.Map(2, 8, 8)], spec.Shapes);
        Assert.Equal(new LayerInputs(1, LayerInputs.NetworkInput), spec.InputsOf(2));
        Assert.Null(spec.Layers[1].Inputs); // the previous layer is the default, stored as none
        Assert.Equal(LayerInputs.Previous(3), spec.InputsOf(3));
        Assert.Equal("skip", spec.Layers[2].Name);
        Assert.Equal(2 * 8 * 8, spec.Classes); // a flow network's outputs are its flow map
        Assert.Equal(spec.Layers, Parse(Unet).Layers); // read twice, equal (inputs compare by value)
    }

    [Fact]
    public void A_list_spec_is_not_a_graph_and_every_builtin_loads_as_before()
    {
        foreach (var name in NetworkCatalog.Names)
        {
            var spec = NetworkCatalog.Load(name);
            var flow = name is "flow-unet" or "flow-unet@1";
            Assert.Equal(flow, spec.IsGraph);
            Assert.Equal(flow, spec.IsFlow);
        }
        var list = Parse("""{ "type": "conv2d", "in_channels": 2, "out_channels": 4, "kernel": 3 }, { "type": "flatten" }, { "type": "readout-linear", "in_features": 144, "out_features": 3 }""");
        Assert.False(list.IsGraph);
        // Naming the previous layer explicitly is the same spec.
        var named = Parse("""{ "name": "a", "type": "conv2d", "in_channels": 2, "out_channels": 4, "kernel": 3 }, { "type": "flatten", "inputs": ["a"] }, { "type": "readout-linear", "in_features": 144, "out_features": 3 }""");
        Assert.Null(named.Layers[1].Inputs);
        Assert.Equal(list.Shapes, named.Shapes);
    }

    [Fact]
    public void New_layer_types_infer_their_shapes()
    {
        var spec = Parse("""
            { "name": "a", "type": "conv-transpose2d", "in_channels": 2, "out_channels": 3, "kernel": 3, "stride": 2, "padding": 1 },
            { "name": "b", "type": "upsample-nearest", "scale": 3, "inputs": ["input"] },
            { "name": "c", "type": "conv2d", "in_channels": 2, "out_channels": 3, "kernel": 3, "stride": 2, "padding": 4 },
            { "type": "add", "inputs": ["a", "c"] },
            { "type": "readout-flow", "in_channels": 3 }
            """);
        Assert.Equal(TensorShape.Map(3, 15, 15), spec.Shapes[0]); // (8 − 1)·2 − 2 + 3
        Assert.Equal(TensorShape.Map(2, 24, 24), spec.Shapes[1]);
        Assert.Equal(TensorShape.Map(3, 15, 15), spec.Shapes[2]);
        Assert.Equal(TensorShape.Map(3, 15, 15), spec.Shapes[3]);
        Assert.Equal(TensorShape.Map(2, 15, 15), spec.Shapes[4]);
        Assert.Equal(1, spec.Layers[4].Kernel);
        Assert.Equal(1f, spec.Layers[4].Decay); // pure accumulation unless the layer says otherwise
        Assert.Equal(PsiKind.Triangle03, spec.Layers[0].Psi);
    }

    [Theory]
    [InlineData("""{ "name": "a", "type": "conv2d", "in_channels": 2, "out_channels": 4, "kernel": 3, "inputs": ["c"] }, { "name": "b", "type": "conv2d", "in_channels": 4, "out_channels": 4, "kernel": 1 }, { "name": "c", "type": "conv2d", "in_channels": 4, "out_channels": 2, "kernel": 1 }""",
        "$.layers[0].inputs[0]: 'c' (layers[2]) makes a cycle: 'a' (layers[0]) reads 'c' (layers[2]) reads 'b' (layers[1]) reads 'a' (layers[0])")]
    [InlineData("""{ "name": "a", "type": "conv2d", "in_channels": 2, "out_channels": 4, "kernel": 3, "inputs": ["a"] }""",
        "$.layers[0].inputs[0]: a layer cannot read its own output (a cycle)")]
    [InlineData("""{ "type": "conv2d", "in_channels": 2, "out_channels": 4, "kernel": 1, "inputs": ["z"] }, { "name": "z", "type": "conv2d", "in_channels": 2, "out_channels": 4, "kernel": 1, "inputs": ["input"] }""",
        "$.layers[0].inputs[0]: 'z' (layers[1]) comes after this layer: list every layer after the layers it reads")]
    [InlineData("""{ "type": "conv2d", "in_channels": 2, "out_channels": 4, "kernel": 1, "inputs": ["nope"] }""",
        "$.layers[0].inputs[0]: no layer is named 'nope' (named layers: none; 'input' is the network's input)")]
    [InlineData("""{ "name": "a", "type": "conv2d", "in_channels": 2, "out_channels": 4, "kernel": 1 }, { "name": "a", "type": "flatten" }""",
        "$.layers[1].name: layers[0] has the name 'a' already")]
    [InlineData("""{ "name": "input", "type": "flatten" }""", "$.layers[0].name: 'input' names the network's input; give the layer another name")]
    [InlineData("""{ "type": "flatten", "inputs": [] }""", "$.layers[0].inputs: names no layer; leave the key out to read the previous layer")]
    [InlineData("""{ "type": "flatten", "inputs": [3] }""", "$.layers[0].inputs[0]: expected the name of a layer, found the number 3")]
    public void Graph_errors_are_one_line_with_the_json_path(string layers, string message) =>
        Assert.Equal(message, Refused(layers).Message);

    [Fact]
    public void Shape_mismatches_of_merges_name_the_input()
    {
        var concat = Refused("""
            { "name": "down", "type": "conv2d", "in_channels": 2, "out_channels": 4, "kernel": 3, "stride": 2, "padding": 1 },
            { "type": "concat", "inputs": ["input", "down"] }, { "type": "readout-flow", "in_channels": 6 }
            """);
        Assert.Equal("$.layers[1].inputs[1]: 'down' (layers[0]) gives 4x4x4 but the network's input gives 2x8x8: concat needs maps of one height and width (or vectors)", concat.Message);
        var add = Refused("""
            { "name": "c", "type": "conv2d", "in_channels": 2, "out_channels": 4, "kernel": 3, "padding": 1 },
            { "type": "add", "inputs": ["c", "input"] }, { "type": "readout-flow", "in_channels": 4 }
            """);
        Assert.Equal("$.layers[1].inputs[1]: the network's input gives 2x8x8 but 'c' (layers[0]) gives 4x8x8: add needs inputs of one shape", add.Message);
        var one = Refused("""{ "name": "c", "type": "flatten" }, { "type": "concat", "inputs": ["c"] }""");
        Assert.Equal("$.layers[1].inputs: a concat layer merges at least two inputs", one.Message);
        var two = Refused("""{ "name": "c", "type": "flatten" }, { "type": "flatten", "inputs": ["c", "input"] }""");
        Assert.Equal("$.layers[1].inputs: a flatten layer reads one input; merge several with a concat or add layer first", two.Message);
        var channels = Refused("""{ "type": "conv-transpose2d", "in_channels": 3, "out_channels": 2, "kernel": 2, "stride": 2 }""");
        Assert.Equal("$.layers[0].in_channels: the input has 2 channels, the layer expects 3", channels.Message);
        var even = Refused("""{ "type": "readout-flow", "in_channels": 2, "kernel": 2 }""");
        Assert.Equal("$.layers[0].kernel: kernel 2 is even; the flow map keeps the input's size with an odd kernel", even.Message);
    }

    [Fact]
    public void An_output_nobody_reads_and_network_dropout_in_a_graph_are_refused()
    {
        var unread = Refused("""
            { "name": "a", "type": "conv2d", "in_channels": 2, "out_channels": 4, "kernel": 3, "padding": 1 },
            { "type": "conv2d", "in_channels": 4, "out_channels": 4, "kernel": 3, "padding": 1 },
            { "type": "readout-flow", "in_channels": 4, "inputs": ["a"] }
            """);
        Assert.Equal("$.layers[1]: no layer reads its output, and only the last layer's output leaves the network", unread.Message);
        var dropout = Refused(Unet, "\"dropout\": 0.1");
        Assert.StartsWith("$.dropout: a spec whose layers have names or inputs", dropout.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_flow_network_has_no_classes_to_resize_and_a_graph_refuses_direct_feedback()
    {
        var spec = Parse(Unet);
        Assert.Equal("$.layers: the network ends with a readout-flow: it estimates flow and has no classes", Assert.Throws<SpecException>(() => spec.WithClasses(4)).Message);
        var dfa = spec with { Learning = spec.Learning with { Feedback = FeedbackMode.Dfa } };
        var error = Assert.Throws<SpecException>(() => LearnerFactory.Create(dfa, new NetworkOptions()));
        Assert.Equal("$.feedback: a network whose layers have inputs (a graph) learns with BP or shallow feedback", error.Message);
        var ottt = Assert.Throws<SpecException>(() => LearnerFactory.Create(spec, new NetworkOptions(), "ottt"));
        Assert.Contains("cannot train", ottt.Message, StringComparison.Ordinal);
        var bpsta = Assert.Throws<SpecException>(() => LearnerFactory.Create(spec, new NetworkOptions(), "bpsta"));
        Assert.Equal("$.layers[1]: the bpsta rule brings its own neurons, which this runtime has for conv2d and linear layers, not for conv-transpose2d", bpsta.Message);
    }
}
