using Edge.Runtime.Specs;

namespace Edge.Drivers.Datasets;

/// <summary>
/// The official preprocessing of a dataset (learning-rules.md §1.9, the S-TLLR code's
/// <c>utils/dataloader.py</c>) and the network it trains by default.
/// </summary>
/// <param name="Kind">The dataset.</param>
/// <param name="DefaultNetwork">Built-in network used when none is named, or null when the user must name one.</param>
/// <param name="Train">Recipe of the training split (with augmentation).</param>
/// <param name="Test">Recipe of the test split.</param>
public sealed record DatasetPreset(DatasetKind Kind, string? DefaultNetwork, FrameRecipe Train, FrameRecipe Test)
{
    private static readonly FrameRecipe NmnistTrain = new()
    {
        Shape = [2, 34, 34], BinUs = 10_000, Frames = 30, ShiftPadding = 4,
    };

    private static readonly FrameRecipe GestureTrain = new()
    {
        Shape = [2, 32, 32], BinUs = 75_000, Frames = 20, SliceUs = 1_575_000,
        Resize = FrameResize.Bilinear, RoundResized = true, ShiftPadding = 4,
    };

    private static readonly FrameRecipe Shd = new()
    {
        Shape = [700], BinUs = 10_000, Frames = 100, SliceUs = 1_000_000,
    };

    private static readonly FrameRecipe Cifar10DvsTrain = new()
    {
        Shape = [2, 48, 48], Split = FrameSplit.EventCount, Frames = 10, Resize = FrameResize.PilBilinear8, ShiftPadding = 4,
        Mean = [0.2728f, 0.1295f], Std = [0.2225f, 0.1290f],
    };

    private static readonly FrameRecipe NCaltech101 = new()
    {
        Shape = [2, 45, 60], BinUs = 30_000, Frames = 10, Resize = FrameResize.Bilinear, RoundResized = true,
    };

    /// <summary>The preset of <paramref name="kind"/>.</summary>
    public static DatasetPreset For(DatasetKind kind) => kind switch
    {
        // 10 ms bins at 34×34; training pads/cuts to 30 steps (the official n_steps) and random-crops with padding 4.
        DatasetKind.Nmnist => new(kind, "nmnist-small", NmnistTrain, NmnistTrain with { ShiftPadding = 0 }),
        // Training: 1.575 s slices of each gesture → 20 complete 75 ms bins; test: whole gestures. 128→32 resize.
        DatasetKind.Gesture => new(kind, "gesture-vgg", GestureTrain, GestureTrain with { SliceUs = null, ShiftPadding = 0 }),
        // 1 s slices of 10 ms bins (100 steps) over the 700 channels, both splits.
        DatasetKind.Shd => new(kind, "shd-rec", Shd, Shd),
        // 10 frames split by event number, Pillow resize to 48×48, pad-4 random crop, z-normalized.
        DatasetKind.Cifar10Dvs => new(kind, null, Cifar10DvsTrain, Cifar10DvsTrain with { ShiftPadding = 0 }),
        // 30 ms bins at 240×180 resized to 45×60.
        DatasetKind.NCaltech101 => new(kind, null, NCaltech101, NCaltech101),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown dataset kind"),
    };

    /// <summary>The recipe of <paramref name="split"/>.</summary>
    public FrameRecipe For(DatasetSplit split) => split == DatasetSplit.Train ? Train : Test;

    /// <summary>
    /// The network to train on this dataset: <paramref name="nameOrPath"/> (a built-in name or a spec
    /// file), else the preset's default, sized to <paramref name="classes"/> and checked against the
    /// frame shape.
    /// </summary>
    /// <exception cref="SpecException">No network given where there is no default, or one whose input does not take the frames.</exception>
    public NetworkSpec ResolveNetwork(string? nameOrPath, int classes)
    {
        var kind = DatasetNames.Of(Kind);
        if (string.IsNullOrWhiteSpace(nameOrPath) && DefaultNetwork is null)
        {
            var fitting = BuiltInsTaking(Train.Shape);
            throw new SpecException("--network",
                $"{kind} has no default network: name one with --network (a built-in name or a spec file) that takes {Train.ShapeText} frames" +
                (fitting.Count == 0 ? "" : $"; built in: {string.Join(", ", fitting)}"));
        }
        var spec = string.IsNullOrWhiteSpace(nameOrPath) ? NetworkCatalog.Load(DefaultNetwork!) : NetworkCatalog.Resolve(nameOrPath);
        if (!SameShape(spec.InputShape, Train.Shape))
        {
            throw new SpecException("--network",
                $"network '{spec.Name}' takes [{string.Join(", ", spec.InputShape)}] inputs, but {kind} frames are {Train.ShapeText}");
        }
        return spec.WithClasses(classes);
    }

    private static List<string> BuiltInsTaking(IReadOnlyList<int> shape)
    {
        var names = new List<string>();
        foreach (var name in NetworkCatalog.Names)
        {
            var spec = NetworkCatalog.Load(name);
            if (!spec.IsFlow && SameShape(spec.InputShape, shape))
            {
                names.Add(name);
            }
        }
        return names;
    }

    private static bool SameShape(IReadOnlyList<int> a, IReadOnlyList<int> b)
    {
        if (a.Count != b.Count)
        {
            return false;
        }
        for (var i = 0; i < a.Count; i++)
        {
            if (a[i] != b[i])
            {
                return false;
            }
        }
        return true;
    }
}
