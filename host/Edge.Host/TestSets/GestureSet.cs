using Edge.Drivers.Datasets;
using Edge.Drivers.Formats.Aedat3;
using Edge.Runtime;
using Edge.Sim.Scenes;
using Edge.Sim.Sensor;

namespace Edge.Host.TestSets;

/// <summary>
/// Makes the gesture set: users (<see cref="GestureUser"/>) making the eleven DVS Gesture classes
/// (<see cref="GestureClasses"/>) in front of the simulated 128 × 128 camera, written in the DVS
/// Gesture layout: per user and lighting one AEDAT 3.1 recording <c>userNN_lighting.aedat</c> with
/// its <c>_labels.csv</c>, every class once per recording, 3.2–4 s each with 0.5 s between them, and
/// <c>trials_to_train.txt</c> / <c>trials_to_test.txt</c>. At full scale 12 training users and 4
/// test users, two lightings each (264 and 88 gestures).
/// </summary>
public static class GestureSet
{
    /// <summary>Training users at full scale.</summary>
    public const int TrainUsers = 12;

    /// <summary>Test users at full scale.</summary>
    public const int TestUsers = 4;

    /// <summary>Recordings (lightings) per user.</summary>
    public const int SessionsPerUser = 2;

    private const long GapUs = 500_000;

    /// <summary>The start time every recording's header states, so the same seed makes the same bytes.</summary>
    private static readonly DateTime RecordedAt = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>Makes the set described by <paramref name="options"/>.</summary>
    public static TestSetSummary Make(TestSetOptions options, IProgress<double>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var started = System.Diagnostics.Stopwatch.StartNew();
        OutputFolder.Prepare(options.OutputFolder);
        var trainUsers = options.Scaled(TrainUsers);
        var testUsers = options.Scaled(TestUsers);
        var users = trainUsers + testUsers;
        var sessions = options.Scaled(SessionsPerUser);
        var scene = new HandGestureScene();
        var trials = new[] { new List<string>(), new List<string>() };
        long events = 0;
        for (var u = 0; u < users; u++)
        {
            var test = u >= trainUsers;
            var random = Rng.Derive(options.Seed, 1000 + (ulong)u);
            var user = GestureUser.Draw(u + 1, test, options.Variant, random);
            var recorder = new CameraRecorder(new SimulatedEventCamera(scene, user.Camera));
            var lightings = LightingsOf(random);
            for (var s = 0; s < sessions; s++)
            {
                var (lighting, gain) = GestureUser.Lightings[lightings[s]];
                var name = GestureDataset.RecordingName(user.Number, lighting);
                events += RecordSession(recorder, scene, user, gain, random, Path.Combine(options.OutputFolder, name));
                trials[test ? 1 : 0].Add(name);
                progress?.Report((double)((u * sessions) + s + 1) / (users * sessions));
            }
        }
        GestureDataset.WriteTrials(options.OutputFolder, DatasetSplit.Train, trials[0]);
        GestureDataset.WriteTrials(options.OutputFolder, DatasetSplit.Test, trials[1]);
        return new TestSetSummary(TestSetKind.Gestures, options.Variant, options.Seed, options.OutputFolder, DatasetKind.Gesture,
            trials[0].Count * GestureLabels.Classes, trials[1].Count * GestureLabels.Classes, GestureLabels.Classes, events,
            started.Elapsed.TotalSeconds);
    }

    /// <summary>Two different lightings, drawn per user.</summary>
    private static int[] LightingsOf(Rng random)
    {
        var order = new int[GestureUser.Lightings.Length];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }
        random.Shuffle(order.AsSpan());
        return order;
    }

    /// <summary>One recording: every class once, in label order as in DVS Gesture; returns the events written.</summary>
    private static long RecordSession(CameraRecorder recorder, HandGestureScene scene, GestureUser user, float gain, Rng random, string basePath)
    {
        var labels = new List<GestureLabel>();
        long events = 0;
        var startUs = GapUs;
        using (var writer = new Aedat3Writer(File.Create(basePath + ".aedat"), GestureDataset.Geometry, startTimeUtc: RecordedAt))
        {
            for (var label = 1; label <= GestureLabels.Classes; label++)
            {
                GestureClasses.Apply(scene, label, random);
                scene.PeriodSeconds = GestureClasses.BasePeriodSeconds(scene.Gesture) / (user.Tempo * random.Uniform(0.95, 1.05));
                scene.Phase = random.NextDouble();
                scene.Size = user.Size;
                scene.CentreX = user.CentreX + random.Uniform(-0.01, 0.01);
                scene.CentreY = user.CentreY + random.Uniform(-0.01, 0.01);
                scene.Background = Math.Min(255, user.Background * gain);
                scene.Body = Math.Min(255, user.Body * gain);
                scene.Skin = Math.Min(255, user.Skin * gain);
                var durationUs = (long)random.Uniform(3_200_000, 4_000_000);
                events += recorder.Record(scene, startUs, durationUs, writer);
                labels.Add(new GestureLabel(label, startUs, startUs + durationUs));
                startUs += durationUs + GapUs;
            }
            writer.Complete();
        }
        GestureLabels.Write(basePath + "_labels.csv", labels);
        return events;
    }
}
