using Edge.Runtime.Checkpoints;
using Edge.Runtime.Learning;
using Edge.Runtime.Learning.Stllr;
using Edge.Runtime.Specs;

namespace Edge.Runtime.Tests.Checkpoints;

/// <summary>
/// A checkpoint folder keeps the last N complete saves, and resuming takes the newest good one: a
/// damaged or truncated newer file is named, with why, and set aside in damaged/ (never deleted).
/// </summary>
public sealed class CheckpointRotationTests : IDisposable
{
    private const string Spec = """
        {
          "name": "rot", "input_shape": [2, 4, 4], "classes": 3, "time_steps": 4, "learn_steps": 2,
          "psi": "triangle-0.3", "leak": 0, "threshold": 0.6, "optimizer": { "type": "adam", "lr": 0.01 },
          "layers": [
            { "type": "flatten" },
            { "type": "linear", "in_features": 32, "out_features": 8 },
            { "type": "dropout", "p": 0.25 },
            { "type": "readout-linear", "in_features": 8, "out_features": 3 }
          ]
        }
        """;

    private readonly string _dir = Directory.CreateTempSubdirectory("edge-rot-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Each_save_is_a_new_file_and_the_newest_three_are_kept()
    {
        var learner = Learner();
        var store = new CheckpointStore(_dir);
        var saved = new List<string>();
        for (var i = 1; i <= 5; i++)
        {
            saved.Add(store.Save(learner, new LearningProgress(Samples: i)));
            Assert.Equal(saved[^1], store.FilePath);
        }
        Assert.Equal(["checkpoint-00000003.safetensors", "checkpoint-00000004.safetensors", "checkpoint-00000005.safetensors"], Names());
        Assert.Equal(5, new CheckpointStore(_dir).ReadInfo()!.Progress.Samples);

        var one = new CheckpointStore(_dir, keep: 1);
        one.Save(learner, new LearningProgress(Samples: 6));
        Assert.Equal(["checkpoint-00000006.safetensors"], Names());
        Assert.Throws<ArgumentOutOfRangeException>(() => new CheckpointStore(_dir, keep: 0));
    }

    [Fact]
    public void A_folder_of_the_single_file_layout_still_loads_and_rotates_away()
    {
        var learner = Learner();
        var store = new CheckpointStore(_dir);
        var first = store.Save(learner, new LearningProgress(Samples: 7));
        File.Move(first, Path.Combine(_dir, CheckpointStore.FileName)); // the layout before rotation

        var old = new CheckpointStore(_dir);
        Assert.Equal(Path.Combine(_dir, CheckpointStore.FileName), old.FilePath);
        Assert.Equal(7, old.ReadInfo()!.Progress.Samples);
        old.Restore(Learner());
        for (var i = 0; i < 3; i++)
        {
            old.Save(learner, new LearningProgress(Samples: 8 + i));
        }
        Assert.DoesNotContain(CheckpointStore.FileName, Names());
        Assert.Equal(3, Names().Count);
    }

    [Theory]
    [InlineData("flip")]
    [InlineData("truncate")]
    [InlineData("empty")]
    [InlineData("text")]
    public void A_damaged_newest_checkpoint_is_named_and_set_aside_and_the_previous_one_resumes(string damage)
    {
        var learner = Learner();
        var store = new CheckpointStore(_dir);
        var older = store.Save(learner, new LearningProgress(Samples: 1));
        var olderBytes = File.ReadAllBytes(older);
        Train(learner, 3);
        var newer = store.Save(learner, new LearningProgress(Samples: 4));
        var bytes = File.ReadAllBytes(newer);
        File.WriteAllBytes(newer, damage switch
        {
            "flip" => Flip(bytes, bytes.Length - 3),
            "truncate" => bytes[..(bytes.Length / 2)],
            "empty" => [],
            _ => "not a checkpoint at all\n"u8.ToArray(),
        });
        var damagedBytes = File.ReadAllBytes(newer);

        var resumed = new CheckpointStore(_dir);
        var selection = resumed.Select();
        Assert.Equal(older, selection.File);
        var bad = Assert.Single(selection.Damaged);
        Assert.Equal(newer, bad.File);
        Assert.DoesNotContain('\n', bad.Reason);
        Assert.Contains(damage switch { "flip" => "checksum mismatch", "truncate" => "truncated", _ => "safetensors" }, bad.Reason, StringComparison.Ordinal);
        Assert.True(File.Exists(newer)); // choosing changes nothing

        var restored = Learner();
        Assert.Equal(1, resumed.Restore(restored).Progress.Samples);
        var moved = Assert.Single(resumed.SetAsideDamaged());
        Assert.Equal(Path.Combine(_dir, "damaged", Path.GetFileName(newer)), moved.MovedTo);
        Assert.Equal(damagedBytes, File.ReadAllBytes(moved.MovedTo));
        Assert.False(File.Exists(newer));
        Assert.Equal(olderBytes, File.ReadAllBytes(older));

        // The next save never reuses the damaged file's number, and rotation never touches damaged/.
        var next = resumed.Save(restored, new LearningProgress(Samples: 5));
        Assert.Equal("checkpoint-00000003.safetensors", Path.GetFileName(next));
        for (var i = 0; i < 4; i++)
        {
            resumed.Save(restored, new LearningProgress(Samples: 6 + i));
        }
        Assert.True(File.Exists(moved.MovedTo));
    }

    [Fact]
    public void When_no_checkpoint_is_good_reading_says_so_and_changes_nothing()
    {
        var learner = Learner();
        var store = new CheckpointStore(_dir);
        var a = store.Save(learner, new LearningProgress(Samples: 1));
        var b = store.Save(learner, new LearningProgress(Samples: 2));
        File.WriteAllBytes(a, Flip(File.ReadAllBytes(a), 100));
        File.WriteAllBytes(b, File.ReadAllBytes(b)[..40]);

        var fresh = new CheckpointStore(_dir);
        Assert.True(fresh.Select().NoneGood);
        var ex = Assert.Throws<CheckpointException>(fresh.ReadInfo);
        Assert.Contains("none of its 2 checkpoint(s) can be used", ex.Message, StringComparison.Ordinal);
        Assert.Contains(Path.GetFileName(a), ex.Message, StringComparison.Ordinal);
        Assert.Contains(Path.GetFileName(b), ex.Message, StringComparison.Ordinal);
        Assert.Contains("--fresh-if-damaged", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
        Assert.Throws<CheckpointException>(() => fresh.Restore(Learner()));
        Assert.True(File.Exists(a) && File.Exists(b));

        Assert.Equal(2, fresh.SetAsideDamaged().Count); // what a fresh start after --fresh-if-damaged does
        Assert.Null(new CheckpointStore(_dir).ReadInfo());
        Assert.Equal(2, Directory.GetFiles(Path.Combine(_dir, "damaged")).Length);
    }

    [Fact]
    public void A_save_that_never_finished_is_not_a_checkpoint()
    {
        var learner = Learner();
        var store = new CheckpointStore(_dir);
        var good = store.Save(learner, new LearningProgress(Samples: 1));
        var bytes = File.ReadAllBytes(good);
        File.WriteAllBytes(Path.Combine(_dir, "checkpoint-00000002.safetensors.tmp"), bytes[..(bytes.Length / 3)]);

        var resumed = new CheckpointStore(_dir);
        Assert.Equal(good, resumed.FilePath);
        Assert.Empty(resumed.Select().Damaged);
        Assert.Equal("checkpoint-00000003.safetensors", Path.GetFileName(resumed.Save(learner, default)));
        Assert.Empty(Directory.GetFiles(_dir, "*.tmp"));
    }

    [Fact]
    public void The_dropout_generator_and_the_callers_generators_are_saved_and_restored()
    {
        var learner = Learner();
        Train(learner, 5);
        var augment = new Rng(42);
        augment.NextUInt64();
        augment.NextNormal(); // leaves a spare normal draw in the state
        var store = new CheckpointStore(_dir);
        store.Save(learner, default, generators: new Dictionary<string, Rng> { ["augment"] = augment });

        var info = new CheckpointStore(_dir).ReadInfo()!;
        Assert.Equal(augment.State, info.Generators["augment"]);
        var copy = new Rng(0) { State = info.Generators["augment"] };
        Assert.Equal(augment.NextNormal(), copy.NextNormal());
        Assert.Equal(augment.NextUInt64(), copy.NextUInt64());

        var restored = Learner();
        new CheckpointStore(_dir).Restore(restored);
        Assert.Equal(learner.Network.MaskGenerator.State, restored.Network.MaskGenerator.State);
        Assert.Throws<FormatException>(() => new Rng(1) { State = "0:0:0:0" });
        Assert.Throws<FormatException>(() => new Rng(1) { State = "xyz" });
    }

    private static byte[] Flip(byte[] bytes, int at)
    {
        var copy = (byte[])bytes.Clone();
        copy[at] ^= 0x10;
        return copy;
    }

    private List<string> Names() => [.. Directory.GetFiles(_dir, "*.safetensors").Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal)];

    private static StllrLearner Learner() =>
        new(Network.Build(SpecReader.Parse(Spec, "rot"), new NetworkOptions(1, Learning: true, Seed: 3)));

    private static void Train(StllrLearner learner, int samples)
    {
        var rng = new Rng(9);
        var frame = new float[learner.Network.Spec.InputSize];
        for (var s = 0; s < samples; s++)
        {
            learner.BeginSample([s % 3]);
            for (var t = 0; t < learner.TimeSteps; t++)
            {
                for (var i = 0; i < frame.Length; i++)
                {
                    frame[i] = rng.NextDouble() < 0.3 ? 1f : 0f;
                }
                learner.Step(frame, t);
            }
            learner.EndSample();
        }
    }
}
