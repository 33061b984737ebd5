using System.Globalization;
using Edge.Runtime.Layers;
using Edge.Runtime.Learning.Stllr;
using Edge.Runtime.Learning;

namespace Edge.Runtime.Checkpoints;

/// <summary>
/// The learned state of an online learner in one folder, so a run that stops (Ctrl-C, SIGTERM, a
/// power cut) resumes where it was. Every save is a new safetensors file,
/// <c>checkpoint-NNNNNNNN.safetensors</c>: parameters (<c>layers.{i}.{name}</c>, PyTorch order — so it
/// is also a weights file for <see cref="WeightFile"/>), the rule's own parameters
/// (<c>signal.{k}.{name}</c> for S-TLLR's feedback, <c>{rule}.{k}.{name}</c> for another rule's), the
/// optimizer's moments and step count, the rule, the random generators' states (dropout masks and
/// any the caller adds) and the counters of <see cref="LearningProgress"/>, with a CRC-32C over
/// metadata and data. Every learning rule's learner saves and restores through it.
/// <para>
/// <see cref="Save"/> writes a temporary file, flushes it to disk, renames it into place and then
/// deletes all but the newest <see cref="Keep"/> checkpoints, so a save interrupted at any point
/// leaves every earlier checkpoint as it was; a failed save (a full disk) changes nothing.
/// <see cref="Select"/> chooses the newest checkpoint that is complete and intact — the one every
/// verb resumes from — and lists the damaged ones newer than it; <see cref="SetAsideDamaged"/>
/// moves those into <c>damaged/</c> (never deleting them). <see cref="Restore"/> checks the
/// network (a checkpoint of another network is refused, naming the first difference) and every
/// shape before it changes anything. A folder written before checkpoints rotated holds one
/// <c>checkpoint.safetensors</c>; it loads as the oldest checkpoint.
/// </para>
/// </summary>
public sealed class CheckpointStore
{
    /// <summary>The single checkpoint file of folders written before checkpoints rotated (still loaded).</summary>
    public const string FileName = "checkpoint.safetensors";

    /// <summary>The folder, inside the checkpoint folder, that damaged checkpoints are moved to.</summary>
    public const string DamagedFolderName = "damaged";

    /// <summary>Checkpoints kept when nothing else is asked for.</summary>
    public const int DefaultKeep = 3;

    /// <summary>The generator of the network's dropout masks, as saved.</summary>
    private const string DropoutGenerator = "dropout";

    private ILearner? _buffersFor;
    private float[][] _torch = [];
    private CheckpointSelection? _selection;

    /// <summary>A store in <paramref name="directory"/> (created on the first save) that keeps the newest <paramref name="keep"/> checkpoints.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="keep"/> is less than 1.</exception>
    public CheckpointStore(string directory, int keep = DefaultKeep)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentOutOfRangeException.ThrowIfLessThan(keep, 1);
        Directory = directory;
        Keep = keep;
    }

    /// <summary>The folder.</summary>
    public string Directory { get; }

    /// <summary>Checkpoints kept: a save deletes all but the newest this many.</summary>
    public int Keep { get; }

    /// <summary>Where damaged checkpoints are moved.</summary>
    public string DamagedDirectory => Path.Combine(Directory, DamagedFolderName);

    /// <summary>The checkpoint this store uses: the last one saved, else the newest good one (<see cref="Select"/>); null when there is none.</summary>
    public string? FilePath => Select().File;

    /// <summary>True when the folder holds a good checkpoint.</summary>
    public bool Exists => FilePath is not null;

    /// <summary>
    /// The checkpoint to resume from — the newest one whose format, structure and checksum are
    /// intact — and the damaged ones newer than it (every one when none is good). This is the one
    /// choice every caller makes (<c>edge run</c>, <c>edge train</c>, <c>edge eval</c>, the fleet);
    /// it reads the files and changes nothing. The answer is kept until the next save or set-aside.
    /// </summary>
    public CheckpointSelection Select()
    {
        if (_selection is not null)
        {
            return _selection;
        }
        var damaged = new List<DamagedCheckpoint>();
        foreach (var (_, path) in CheckpointFiles.List(Directory))
        {
            if (Verify(path, out var info, out var problem))
            {
                return _selection = new CheckpointSelection(path, info, damaged);
            }
            damaged.Add(new DamagedCheckpoint(path, problem));
        }
        return _selection = new CheckpointSelection(null, null, damaged);
    }

    /// <summary>
    /// Reads the metadata (network, seed, counters) of the checkpoint <see cref="Select"/> chooses,
    /// without loading it; null when the folder holds none. Build the network with
    /// <see cref="CheckpointInfo.Seed"/>, then <see cref="Restore"/>.
    /// </summary>
    /// <exception cref="CheckpointException">The folder holds checkpoints and none of them is good (each one and why is named).</exception>
    public CheckpointInfo? ReadInfo()
    {
        var selection = Select();
        if (selection.NoneGood)
        {
            throw NoneGood(selection);
        }
        return selection.Info;
    }

    /// <summary>The error for a folder whose checkpoints are all damaged.</summary>
    public CheckpointException NoneGood(CheckpointSelection selection)
    {
        ArgumentNullException.ThrowIfNull(selection);
        var each = new List<string>(selection.Damaged.Count);
        foreach (var d in selection.Damaged)
        {
            each.Add($"{Path.GetFileName(d.File)}: {d.Reason}");
        }
        return new CheckpointException(Directory, string.Create(CultureInfo.InvariantCulture,
            $"none of its {selection.Damaged.Count} checkpoint(s) can be used ({string.Join("; ", each)}); nothing was changed: " +
            $"start afresh with --fresh-if-damaged (they are then moved to {DamagedDirectory}), or use another folder"));
    }

    /// <summary>
    /// Moves the damaged checkpoints <see cref="Select"/> found into <see cref="DamagedDirectory"/>
    /// (never deleting them) and returns where each went. Call it once the chosen checkpoint was
    /// restored (or a fresh start was decided), so a refused start changes nothing.
    /// </summary>
    /// <exception cref="CheckpointException">A file could not be moved.</exception>
    public IReadOnlyList<SetAsideCheckpoint> SetAsideDamaged()
    {
        var selection = Select();
        var moved = new List<SetAsideCheckpoint>(selection.Damaged.Count);
        foreach (var d in selection.Damaged)
        {
            try
            {
                moved.Add(new SetAsideCheckpoint(d.File, d.Reason, CheckpointFiles.MoveInto(d.File, DamagedDirectory)));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new CheckpointException(d.File, $"is damaged ({d.Reason}) and could not be moved to {DamagedDirectory}: {ex.Message.ReplaceLineEndings(" ")}", ex);
            }
        }
        _selection = selection with { Damaged = [] };
        return moved;
    }

    /// <summary>
    /// Loads the chosen checkpoint (<see cref="Select"/>) into <paramref name="learner"/>: parameters,
    /// optimizer moments and step count, the dropout generator; refreshes the standardized weights.
    /// Everything is validated first, so on an exception the learner is unchanged.
    /// </summary>
    /// <exception cref="CheckpointException">No good checkpoint, or one made for another network or rule (says what differs).</exception>
    public CheckpointInfo Restore(ILearner learner)
    {
        ArgumentNullException.ThrowIfNull(learner);
        var path = Chosen();
        using var file = SafetensorsFile.Open(path);
        var info = Checked(path, file, learner.Network);
        if (info.Rule != learner.Rule)
        {
            throw new CheckpointException(path, $"checkpoint of a {info.Rule} learner does not fit a {learner.Rule} learner (use --rule {info.Rule}, or another checkpoint folder)");
        }
        var tensors = Tensors(learner);
        foreach (var (key, parameter, moments) in tensors)
        {
            WeightFile.RequireShape(path, Require(path, file, key), parameter.Shape, $"the network's {key}");
            foreach (var moment in moments)
            {
                WeightFile.RequireShape(path, Require(path, file, moment.Key), [moment.Buffer.Length], $"the optimizer's {moment.Key}");
            }
        }
        var scratch = new float[MaxCount(tensors)];
        foreach (var (key, parameter, moments) in tensors)
        {
            var values = scratch.AsSpan(0, parameter.Count);
            file.Read(file.Find(key)!, values);
            parameter.Import(values);
            foreach (var moment in moments)
            {
                file.Read(file.Find(moment.Key)!, moment.Buffer);
            }
        }
        learner.Optimizer.RestoreSteps(info.OptimizerSteps);
        if (info.Generators.TryGetValue(DropoutGenerator, out var dropout))
        {
            learner.Network.MaskGenerator.State = dropout;
        }
        learner.Network.RefreshWeights();
        return info;
    }

    /// <summary>
    /// Loads only the network's parameters from the chosen checkpoint into <paramref name="network"/>
    /// (an inference build, which has no optimizer): checksum and network are checked first, so on
    /// an exception the network is unchanged.
    /// </summary>
    /// <exception cref="CheckpointException">No good checkpoint, or one made for another network.</exception>
    public CheckpointInfo RestoreParameters(Network network)
    {
        ArgumentNullException.ThrowIfNull(network);
        var path = Chosen();
        using var file = SafetensorsFile.Open(path);
        var info = Checked(path, file, network);
        WeightFile.Import(network, file);
        return info;
    }

    /// <summary>
    /// Saves <paramref name="learner"/> with <paramref name="progress"/> as a new checkpoint: written
    /// to a temporary file, flushed to disk and renamed into place; then all but the newest
    /// <see cref="Keep"/> checkpoints are deleted. Buffers for the PyTorch-order copies are allocated
    /// on the first save and reused.
    /// </summary>
    /// <param name="learner">The learner whose state is saved.</param>
    /// <param name="progress">The counters to save with it.</param>
    /// <param name="classes">The class names the network learns, in output order (kept so a resumed run can check them).</param>
    /// <param name="generators">Random generators of the caller to save by name (e.g. a trainer's augmentation), restored from <see cref="CheckpointInfo.Generators"/>.</param>
    /// <returns>The file written.</returns>
    /// <exception cref="CheckpointException">The file could not be written; the previous checkpoints are kept.</exception>
    public string Save(ILearner learner, LearningProgress progress, IReadOnlyList<string>? classes = null, IReadOnlyDictionary<string, Rng>? generators = null)
    {
        ArgumentNullException.ThrowIfNull(learner);
        var tensors = Tensors(learner);
        if (!ReferenceEquals(_buffersFor, learner))
        {
            _torch = new float[tensors.Count][];
            for (var i = 0; i < tensors.Count; i++)
            {
                _torch[i] = new float[tensors[i].Parameter.Count];
            }
            _buffersFor = learner;
        }
        var writer = new SafetensorsWriter();
        for (var i = 0; i < tensors.Count; i++)
        {
            var (key, parameter, moments) = tensors[i];
            parameter.Export(_torch[i]);
            writer.Add(key, parameter.Shape, _torch[i]);
            foreach (var moment in moments)
            {
                writer.Add(moment.Key, [moment.Buffer.Length], moment.Buffer);
            }
        }
        var states = new SortedDictionary<string, string>(StringComparer.Ordinal) { [DropoutGenerator] = learner.Network.MaskGenerator.State };
        foreach (var (name, generator) in generators ?? new Dictionary<string, Rng>())
        {
            states[name] = generator.State;
        }
        var info = new CheckpointInfo(learner.Network.Spec.Name, learner.Network.Options.Seed, progress,
            learner.Optimizer.Steps, learner.Optimizer.LearningRate, DateTimeOffset.UtcNow)
        {
            Signature = SpecSignature.Of(learner.Network.Spec),
            Rule = learner.Rule,
            Classes = classes ?? [],
            Generators = states,
        };
        foreach (var (k, v) in info.ToMetadata())
        {
            writer.Metadata[k] = v;
        }
        var crc = CheckpointChecksum.Of(writer);
        writer.Metadata["crc32c"] = crc.ToString("x8", CultureInfo.InvariantCulture);
        var path = WriteNew(writer);
        _selection = new CheckpointSelection(path, info with { Crc = crc }, _selection?.Damaged ?? []);
        return path;
    }

    /// <summary>Writes the next numbered file through a temporary one, then rotates.</summary>
    private string WriteNew(SafetensorsWriter writer)
    {
        var hook = SaveFaultHook.Current;
        var save = SaveFaultHook.BeginSave();
        string path;
        try
        {
            System.IO.Directory.CreateDirectory(Directory);
            path = Path.Combine(Directory, CheckpointFiles.Name(CheckpointFiles.Next(Directory, DamagedDirectory)));
            foreach (var stale in CheckpointFiles.Temporaries(Directory))
            {
                TryDelete(stale); // an interrupted save's leftovers: never a checkpoint
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CheckpointException(Directory, $"no checkpoint could be saved there ({ex.Message.ReplaceLineEndings(" ")}); the previous checkpoints are kept", ex);
        }
        var temporary = CheckpointFiles.TemporaryOf(path);
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0))
            {
                if (hook is null)
                {
                    writer.WriteTo(stream);
                }
                else
                {
                    var content = new MemoryStream();
                    writer.WriteTo(content);
                    hook.Write(stream, Path.GetFileName(path), content.ToArray(), save);
                }
                stream.Flush(flushToDisk: true);
            }
            hook?.At(SaveFaultHook.Phase.Fsync, save);
            File.Move(temporary, path, overwrite: false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            TryDelete(temporary);
            throw new CheckpointException(path, $"could not be saved ({ex.Message.ReplaceLineEndings(" ")}); the previous checkpoints are kept", ex);
        }
        hook?.At(SaveFaultHook.Phase.Rename, save);
        Rotate(hook, save);
        return path;
    }

    /// <summary>Deletes all but the newest <see cref="Keep"/> checkpoints, oldest first (a kill in between leaves more, never fewer).</summary>
    private void Rotate(SaveFaultHook? hook, int save)
    {
        var files = CheckpointFiles.List(Directory);
        var struck = false;
        for (var i = files.Count - 1; i >= Keep; i--)
        {
            TryDelete(files[i].Path);
            if (!struck)
            {
                struck = true;
                hook?.At(SaveFaultHook.Phase.Rotation, save);
            }
        }
        if (!struck)
        {
            hook?.At(SaveFaultHook.Phase.Rotation, save);
        }
    }

    /// <summary>Checks that <paramref name="path"/> is a complete, intact edge checkpoint; says why not.</summary>
    private static bool Verify(string path, out CheckpointInfo? info, out string problem)
    {
        info = null;
        try
        {
            using var file = SafetensorsFile.Open(path);
            var read = CheckpointInfo.FromMetadata(path, file.Metadata);
            var crc = CheckpointChecksum.Of(file);
            if (crc != read.Crc)
            {
                problem = string.Create(CultureInfo.InvariantCulture, $"checksum mismatch: stored {read.Crc:x8}, computed {crc:x8}");
                return false;
            }
            info = read;
            problem = "";
            return true;
        }
        catch (CheckpointException ex)
        {
            problem = ex.ByteOffset >= 0 ? string.Create(CultureInfo.InvariantCulture, $"byte {ex.ByteOffset}: {ex.Problem}") : ex.Problem;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            problem = "cannot be read: " + ex.Message.ReplaceLineEndings(" ");
        }
        return false;
    }

    /// <summary>The chosen checkpoint's file.</summary>
    private string Chosen()
    {
        var selection = Select();
        return selection.File ?? throw (selection.NoneGood
            ? NoneGood(selection)
            : new CheckpointException(Directory, "holds no checkpoint"));
    }

    /// <summary>Checks the checksum (the file may have changed since it was chosen) and the network; returns the metadata.</summary>
    private static CheckpointInfo Checked(string path, SafetensorsFile file, Network network)
    {
        var info = CheckpointInfo.FromMetadata(path, file.Metadata);
        var crc = CheckpointChecksum.Of(file);
        if (crc != info.Crc)
        {
            throw new CheckpointException(path, $"checksum mismatch (stored {info.Crc:x8}, computed {crc:x8}): the file is damaged");
        }
        if (SpecSignature.FirstDifference(info.Signature, SpecSignature.Of(network.Spec)) is { } difference)
        {
            throw new CheckpointException(path, $"checkpoint of network '{info.Network}' does not fit network '{network.Spec.Name}': {difference}");
        }
        return info;
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Nothing more to do: a temporary file is never taken for a checkpoint, an old one is only more than asked for.
        }
    }

    /// <summary>An optimized parameter under its key, with its optimizer moments.</summary>
    private sealed record Tensor(string Key, Parameter Parameter, Moment[] Moments);

    /// <summary>One optimizer moment buffer (internal layout) under its key.</summary>
    private readonly record struct Moment(string Key, float[] Buffer);

    /// <summary>The learner's tensors: every optimized parameter with its key and its moment buffers.</summary>
    private static List<Tensor> Tensors(ILearner learner)
    {
        var keys = new List<string>();
        foreach (var (index, p) in learner.Network.Parameters())
        {
            keys.Add(WeightFile.Key(index, p.Name));
        }
        var optimizer = learner.Optimizer;
        var ownPrefix = learner is StllrLearner ? WeightFile.SignalPrefix : learner.Rule + ".";
        var networkCount = keys.Count;
        for (var i = networkCount; i < optimizer.Parameters.Count; i++)
        {
            keys.Add(string.Create(CultureInfo.InvariantCulture, $"{ownPrefix}{i - networkCount}.{optimizer.Parameters[i].Name}"));
        }
        var list = new List<Tensor>(keys.Count);
        for (var i = 0; i < keys.Count; i++)
        {
            var first = new Moment(WeightFile.OptimizerPrefix + keys[i] + ".m", optimizer.FirstMoments[i]);
            Moment[] moments = optimizer.SecondMoments is { } second
                ? [first, new Moment(WeightFile.OptimizerPrefix + keys[i] + ".v", second[i])]
                : [first];
            list.Add(new Tensor(keys[i], optimizer.Parameters[i], moments));
        }
        return list;
    }

    private static SafetensorsEntry Require(string path, SafetensorsFile file, string key) =>
        file.Find(key) ?? throw new CheckpointException(path, $"tensor '{key}' is missing");

    private static int MaxCount(List<Tensor> tensors)
    {
        var max = 0;
        foreach (var t in tensors)
        {
            max = Math.Max(max, t.Parameter.Count);
        }
        return max;
    }
}
