using Edge.Accelerator.Chips;
using Edge.Accelerator.Mapping;
using Edge.Runtime.Specs;

namespace Edge.Accelerator.Tests.Mapping;

/// <summary>What the chip model cannot map — the flow layers, among them the skips of every graph — it says in one line, naming the types.</summary>
public class FlowMappingTests
{
    [Fact]
    public void The_flow_network_is_refused_with_the_layer_types_the_model_has_no_form_for()
    {
        var error = Assert.Throws<SpecException>(() => Mapper.Map(NetworkCatalog.Load("flow-unet"), SystemCatalog.Load(SystemCatalog.DefaultName)));
        Assert.Equal("$.layers[4]: the accelerator model has no form for add, conv-transpose2d, concat, upsample-nearest, readout-flow " +
            "(it maps conv2d, linear, linear-rec, pools, flatten, dropout and the classifying readouts); this network runs on the CPU runtime", error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }
}
