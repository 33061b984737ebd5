using System.Globalization;
using Edge.Accelerator.Chips;
using Edge.Runtime.Specs;

namespace Edge.Accelerator.Mapping;

/// <summary>
/// Places a network spec on a system, layer by layer: spiking layers and spiking max pools become
/// neurons on cores (split by <see cref="PartitionSearch"/>), average pools fold into the next layer's
/// synapses, flatten and dropout become addressing, the readout becomes non-spiking compartments or
/// host work. Cores are taken in order, chip after chip. Every per-core limit is checked, and the
/// system's size at the end; a <see cref="MappingException"/> names the limit only when the system as
/// configured cannot hold the network. The flow layers (transposed convolutions, upsampling, the
/// skips that make a spec a graph, the flow head) are not modelled: they are refused in one line that names them.
/// </summary>
public static class Mapper
{
    /// <summary>Maps <paramref name="spec"/> onto <paramref name="system"/>.</summary>
    public static NetworkMapping Map(NetworkSpec spec, SystemDescription system, MappingOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(system);
        options ??= new MappingOptions();
        RefuseUnmodelled(spec);
        var chip = system.Chip;
        var mesh = new Mesh(chip, system.ChipsX);
        var layers = new List<LayerMapping>(spec.Layers.Count);
        var cores = new List<CorePlacement>();
        var input = TensorShape.Of(spec.InputShape);
        var source = new Source(-1, input, Graded: true, Cores: 1, null);
        var fold = Fold.None(input);
        var learnableBelow = false;
        for (var i = 0; i < spec.Layers.Count; i++)
        {
            var ls = spec.Layers[i];
            var inShape = i == 0 ? input : spec.Shapes[i - 1];
            var outShape = spec.Shapes[i];
            var name = LayerName(i, ls, inShape, outShape);
            if (ls.IsSpiking && ls.Neuron != NeuronModel.Lif)
            {
                throw new SpecException(Invariant($"$.layers[{i}].neuron"), "the accelerator model runs LIF neurons only");
            }
            var learns = options.Learning && (ls.IsReadout || (ls.IsSpiking && spec.Learning.Feedback != FeedbackMode.Shallow));
            var feedbackCopy = learns && learnableBelow && spec.Learning.Feedback == FeedbackMode.Bp;
            LayerMapping mapping;
            switch (ls.Kind)
            {
                case LayerKind.Conv2d:
                    mapping = Place(i, ls, name, Conv(source, fold, ls, inShape, outShape), source, fold, learns, feedbackCopy, mesh, cores,
                        MappingKind.SpikingNeurons, "LIF neurons");
                    break;
                case LayerKind.Linear:
                case LayerKind.LinearRecurrent:
                    mapping = Place(i, ls, name, Dense(source, fold, ls), source, fold, learns, feedbackCopy, mesh, cores,
                        MappingKind.SpikingNeurons, ls.Kind == LayerKind.LinearRecurrent ? "recurrent LIF neurons" : "LIF neurons");
                    break;
                case LayerKind.MaxPool2d when !source.Graded && fold.Pixels == 1:
                    mapping = Place(i, ls, name, Pool(source, fold, ls, inShape, outShape), source, fold, false, false, mesh, cores,
                        MappingKind.SpikingPool, "OR neurons (weights 1 from the window, threshold ½: the exact max of spikes)");
                    break;
                case LayerKind.MaxPool2d:
                    mapping = HostLayer(i, ls, source, fold, "on the host: max of graded values has no spiking form; the values leave the chip");
                    break;
                case LayerKind.AvgPool2d:
                    fold = fold.Then(new Window(ls.Kernel, ls.Stride, 0, inShape.H, outShape.H), new Window(ls.Kernel, ls.Stride, 0, inShape.W, outShape.W), ls.Kernel * ls.Kernel);
                    mapping = new LayerMapping { Index = i, Spec = ls, Kind = MappingKind.DendriticFold, Producer = source.Layer,
                        How = Invariant($"folded into the next layer's synapses: weights ÷ {ls.Kernel * ls.Kernel}, each source spike reaching the pooled position's targets") };
                    break;
                case LayerKind.GlobalAvgPool:
                    fold = fold.Then(Window.All(inShape.H), Window.All(inShape.W), inShape.H * inShape.W);
                    mapping = new LayerMapping { Index = i, Spec = ls, Kind = MappingKind.DendriticFold, Producer = source.Layer,
                        How = Invariant($"folded into the next layer's synapses: weights ÷ {inShape.H * inShape.W}, shared over the {inShape.H}×{inShape.W} positions") };
                    break;
                case LayerKind.Flatten:
                    mapping = new LayerMapping { Index = i, Spec = ls, Kind = MappingKind.Addressing, Producer = source.Layer,
                        How = "re-indexing of the next layer's synapses (no operation)" };
                    break;
                case LayerKind.Dropout:
                    mapping = new LayerMapping { Index = i, Spec = ls, Kind = MappingKind.Addressing, Producer = source.Layer,
                        How = "identity at inference; while learning, the host disables the dropped axons at the start of each sample" };
                    break;
                case LayerKind.ReadoutLinear:
                case LayerKind.ReadoutLeaky:
                    mapping = options.ReadoutOnHost
                        ? HostLayer(i, ls, source, fold, "on the host: the spikes it reads leave the chip as 32-bit messages; " +
                            (ls.Kind == LayerKind.ReadoutLeaky ? "a leaky integrator in float" : "W·x + b in float"))
                        : Place(i, ls, name, Dense(source, fold, ls), source, fold, learns, feedbackCopy, mesh, cores, MappingKind.NonSpikingCompartments,
                            ls.Kind == LayerKind.ReadoutLeaky
                                ? "non-spiking compartments (voltage decay of the leak, no threshold) read by the host every step"
                                : "non-spiking compartments (no memory: this step's W·x + b) read by the host every step");
                    break;
                default:
                    throw new SpecException(Invariant($"$.layers[{i}]"), "layer type not modelled on the accelerator");
            }
            layers.Add(mapping);
            learnableBelow |= learns;
            if (mapping.OnCores)
            {
                source = new Source(i, outShape, Graded: false, mapping.Cores, mapping);
                fold = Fold.None(outShape);
            }
            else if (mapping.Kind == MappingKind.Host)
            {
                source = new Source(-1, outShape, Graded: true, 1, null);
                fold = Fold.None(outShape);
            }
        }
        var mapped = new NetworkMapping { Spec = spec, System = system, Options = options, Layers = layers, Cores = cores };
        if (cores.Count > system.Cores)
        {
            throw new MappingException("cores", Invariant(
                $"{spec.Name} needs {cores.Count} cores ({Ceil(cores.Count, chip.CoresPerChip)} chips of {chip.CoresPerChip}) but the system {system.Name} has {system.Chips} chip(s), {system.Cores} cores; use more chips"));
        }
        return FanOut.Fill(mapped);
    }

    private sealed record Source(int Layer, TensorShape Shape, bool Graded, int Cores, LayerMapping? Mapping);

    /// <summary>Pools folded since the last layer with neurons: windows from the source map to the current map.</summary>
    private sealed record Fold(Window Y, Window X, int Pixels)
    {
        public static Fold None(TensorShape s) => new(Window.Identity(s.H), Window.Identity(s.W), 1);

        public Fold Then(Window y, Window x, int pixels) => new(Compose(Y, y), Compose(X, x), Pixels * pixels);

        private static Window Compose(Window a, Window b) =>
            new(a.Size + ((b.Size - 1) * a.Stride), a.Stride * b.Stride, a.Padding + (b.Padding * a.Stride), a.Inputs, b.Outputs);
    }

    private static Connectivity Conv(Source s, Fold f, LayerSpec ls, TensorShape inShape, TensorShape outShape) => new()
    {
        SourceChannels = s.Shape.C,
        FoldY = f.Y,
        FoldX = f.X,
        FoldPixels = f.Pixels,
        KernelY = new Window(ls.Kernel, ls.Stride, ls.Padding, inShape.H, outShape.H),
        KernelX = new Window(ls.Kernel, ls.Stride, ls.Padding, inShape.W, outShape.W),
        InputChannels = inShape.C,
        OutChannels = ls.Out,
    };

    private static Connectivity Pool(Source s, Fold f, LayerSpec ls, TensorShape inShape, TensorShape outShape) => new()
    {
        SourceChannels = s.Shape.C,
        FoldY = f.Y,
        FoldX = f.X,
        KernelY = new Window(ls.Kernel, ls.Stride, 0, inShape.H, outShape.H),
        KernelX = new Window(ls.Kernel, ls.Stride, 0, inShape.W, outShape.W),
        InputChannels = inShape.C,
        Depthwise = true,
        OutChannels = inShape.C,
    };

    /// <summary>
    /// A dense layer over the source map: after a global pool the folded map is 1×1 and each input
    /// channel sums the source's positions; after a flatten every source value is an input of its own.
    /// </summary>
    private static Connectivity Dense(Source s, Fold f, LayerSpec ls)
    {
        var h = f.Y.Outputs;
        var w = f.X.Outputs;
        var flat = h * w > 1;
        return new Connectivity
        {
            SourceChannels = s.Shape.C,
            FoldY = flat ? Window.All(f.Y.Inputs) : f.Y,
            FoldX = flat ? Window.All(f.X.Inputs) : f.X,
            FoldPixels = f.Pixels,
            KernelY = Window.Identity(1),
            KernelX = Window.Identity(1),
            InputChannels = ls.In,
            OutChannels = ls.Out,
            RecurrentInputs = ls.Kind == LayerKind.LinearRecurrent ? ls.Out : 0,
        };
    }

    private static LayerMapping Place(int index, LayerSpec ls, string name, Connectivity c, Source source, Fold fold, bool plastic, bool feedbackCopy,
        Mesh mesh, List<CorePlacement> cores, MappingKind kind, string what)
    {
        var choice = PartitionSearch.Find(c, mesh.Chip, plastic, feedbackCopy, source.Cores, name);
        var p = new Partition(cores.Count, c.OutChannels, c.OutHeight, c.OutWidth, choice.GroupChannels, choice.TileHeight, choice.TileWidth);
        long entries = 0, memory = 0;
        for (var local = 0; local < p.Cores; local++)
        {
            var (g, ty, tx) = p.Locate(local);
            var channels = p.ChannelsIn(g);
            var load = CoreLoad.Of(c, choice.Encoding, channels, ty * p.TileHeight, p.RowsIn(ty), tx * p.TileWidth, p.ColumnsIn(tx),
                SourceCores(source, c, p, g, ty, tx), p.Cores);
            var bytes = load.MemoryBytes(choice.Encoding, plastic, feedbackCopy);
            var index2 = p.FirstCore + local;
            var (tileX, tileY) = mesh.TileOf(index2);
            cores.Add(new CorePlacement
            {
                Index = index2,
                Layer = index,
                Chip = mesh.ChipOf(index2),
                TileX = tileX,
                TileY = tileY,
                Neurons = load.Neurons,
                SynapseEntries = load.Entries,
                MemoryBytes = bytes,
                FanInAxons = (int)load.Axons,
            });
            entries += load.Entries;
            memory += bytes;
        }
        var how = Invariant($"{what}: {c.OutChannels}×{c.OutHeight}×{c.OutWidth} on {p.Cores} core(s) of {choice.GroupChannels}×{choice.TileHeight}×{choice.TileWidth}, ") +
            Invariant($"{choice.Encoding.Name} encoding, {(plastic ? "plastic" : "static")} {choice.Encoding.BitsPerEntry(plastic)}-bit entries") +
            (feedbackCopy ? ", a transposed static copy for the learning signal" : "") +
            (fold.Pixels > 1 ? Invariant($", folded pool weights ÷ {fold.Pixels}") : "") +
            (ls.Standardize && plastic ? ", weight standardization folded into the quantised weights at each update (host)" : "");
        return new LayerMapping
        {
            Index = index,
            Spec = ls,
            Kind = kind,
            How = how,
            Producer = source.Layer,
            Connectivity = c,
            Encoding = choice.Encoding,
            Partition = p,
            Plastic = plastic,
            FeedbackCopy = feedbackCopy,
            FoldDivisor = fold.Pixels,
            SynapseEntries = entries,
            MemoryBytes = memory,
        };
    }

    /// <summary>Cores of the source whose neurons fall in the window read by core (g, ty, tx): its population axons.</summary>
    private static int SourceCores(Source source, Connectivity c, Partition p, int g, int ty, int tx)
    {
        if (source.Mapping?.Partition is not { } sp)
        {
            return 1;
        }
        var (r0, r1) = c.SourceRows(ty * p.TileHeight, p.RowsIn(ty));
        var (c0, c1) = c.SourceColumns(tx * p.TileWidth, p.ColumnsIn(tx));
        if (r1 <= r0 || c1 <= c0)
        {
            return 0;
        }
        var groups = sp.Groups;
        if (c.Depthwise)
        {
            var first = g * p.GroupChannels;
            var last = first + p.ChannelsIn(g) - 1;
            groups = (last / sp.GroupChannels) - (first / sp.GroupChannels) + 1;
        }
        var rows = ((r1 - 1) / sp.TileHeight) - (r0 / sp.TileHeight) + 1;
        var cols = ((c1 - 1) / sp.TileWidth) - (c0 / sp.TileWidth) + 1;
        return groups * rows * cols;
    }

    private static LayerMapping HostLayer(int index, LayerSpec ls, Source source, Fold fold, string how) =>
        new() { Index = index, Spec = ls, Kind = MappingKind.Host, Producer = source.Layer, FoldDivisor = fold.Pixels, How = how };

    private static string LayerName(int i, LayerSpec ls, TensorShape inShape, TensorShape outShape) => Invariant(
        $"$.layers[{i}] ({Kind(ls.Kind)} {inShape} → {outShape}{(ls.Kernel > 0 ? $", {ls.Kernel}×{ls.Kernel}" : "")})");

    /// <summary>The spec's name of a layer type.</summary>
    public static string Kind(LayerKind kind) => SpecShapes.TypeName(kind);

    /// <summary>
    /// Refuses, in one line naming them, the layer types the model has no form for: the flow
    /// decoders, skips and head. (Every graph spec has a skip: a valid spec without concat or add is
    /// a chain.)
    /// </summary>
    private static void RefuseUnmodelled(NetworkSpec spec)
    {
        var types = new List<string>();
        var first = -1;
        for (var i = 0; i < spec.Layers.Count; i++)
        {
            if (spec.Layers[i].Kind is LayerKind.ConvTranspose2d or LayerKind.UpsampleNearest or LayerKind.Concat or LayerKind.Add or LayerKind.ReadoutFlow)
            {
                first = first < 0 ? i : first;
                if (!types.Contains(Kind(spec.Layers[i].Kind)))
                {
                    types.Add(Kind(spec.Layers[i].Kind));
                }
            }
        }
        if (first >= 0)
        {
            throw new SpecException(Invariant($"$.layers[{first}]"),
                $"the accelerator model has no form for {string.Join(", ", types)} (it maps conv2d, linear, linear-rec, pools, flatten, dropout and the classifying readouts); this network runs on the CPU runtime");
        }
    }

    private static int Ceil(int a, int b) => (a + b - 1) / b;

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
