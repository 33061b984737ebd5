using System.Globalization;
using Edge.Drivers.Formats;
using Edge.Runtime.Events;
using PureHDF;

namespace Edge.Drivers.Tests.Datasets;

/// <summary>A temporary folder deleted when disposed.</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "edge-datasets-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a leftover temp folder is harmless.
        }
    }
}

/// <summary>
/// Small datasets in the standard layouts, written with the drivers' own writers. Each class puts
/// its events in its own band of columns, so the classes are separable.
/// </summary>
internal static class DatasetFolders
{
    /// <summary>Events of class <paramref name="label"/>: columns [label·band, label·band + band), random rows, steady rate.</summary>
    public static DvsEvent[] ClassEvents(int label, int seed, SensorGeometry geometry, int band, long startUs, long durationUs, int count)
    {
        var random = new Random(seed);
        var events = new DvsEvent[count];
        for (var i = 0; i < count; i++)
        {
            var t = startUs + (durationUs * i / count);
            var x = Math.Min(geometry.Width - 1, (label * band) + random.Next(band));
            events[i] = new DvsEvent(t, (ushort)x, (ushort)random.Next(geometry.Height), (byte)random.Next(2));
        }
        return events;
    }

    public static void WriteFile(string path, EventFormat format, SensorGeometry geometry, ReadOnlySpan<DvsEvent> events)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var writer = EventFile.Create(path, format, geometry);
        writer.Write(events);
        writer.Complete();
    }

    /// <summary>N-MNIST layout: Train|Test/&lt;digit&gt;/NNNNN.bin, 310 ms recordings at 34×34.</summary>
    public static void Nmnist(string root, int classes, int trainPerClass, int testPerClass, int events = 1500)
    {
        var geometry = new SensorGeometry(34, 34);
        foreach (var (split, perClass) in new[] { ("Train", trainPerClass), ("Test", testPerClass) })
        {
            for (var label = 0; label < classes; label++)
            {
                for (var i = 0; i < perClass; i++)
                {
                    var seed = (split == "Train" ? 1000 : 2000) + (label * 100) + i;
                    var path = Path.Combine(root, split, label.ToString(CultureInfo.InvariantCulture), (i + 1).ToString("D5", CultureInfo.InvariantCulture) + ".bin");
                    WriteFile(path, EventFormat.Nmnist, geometry, ClassEvents(label, seed, geometry, 11, 100, 310_000, events));
                }
            }
        }
    }

    /// <summary>
    /// DVS Gesture layout: one AEDAT 3.1 recording per user with <paramref name="gestures"/>
    /// labelled 2 s gestures (class = index mod 11, plus 1), 0.5 s apart, starting at 80 s.
    /// </summary>
    public static void Gesture(string root, int[] users, int gestures, int eventsPerGesture = 4000)
    {
        var geometry = new SensorGeometry(128, 128);
        foreach (var user in users)
        {
            var name = string.Create(CultureInfo.InvariantCulture, $"user{user:D2}_fluorescent");
            var all = new List<DvsEvent>();
            var csv = new List<string> { "class,startTime_usec,endTime_usec" };
            for (var g = 0; g < gestures; g++)
            {
                var start = 80_000_000L + (g * 2_500_000L);
                var label = (g + user) % 11;
                // Stray events between gestures belong to no sample.
                all.Add(new DvsEvent(start - 100_000, 127, 127, 1));
                all.AddRange(ClassEvents(label, (user * 100) + g, geometry, 11, start, 2_000_000, eventsPerGesture));
                csv.Add(string.Create(CultureInfo.InvariantCulture, $"{label + 1},{start},{start + 2_000_000}"));
            }
            WriteFile(Path.Combine(root, name + ".aedat"), EventFormat.Aedat3, geometry, all.ToArray());
            File.WriteAllLines(Path.Combine(root, name + "_labels.csv"), csv);
        }
    }

    /// <summary>CIFAR10-DVS layout: &lt;class&gt;/cifar10_&lt;class&gt;_&lt;i&gt;.aedat (AEDAT 2.0, DVS128).</summary>
    public static void Cifar10Dvs(string root, string[] classes, int perClass, int events = 3000)
    {
        var geometry = new SensorGeometry(128, 128);
        for (var label = 0; label < classes.Length; label++)
        {
            for (var i = 0; i < perClass; i++)
            {
                var path = Path.Combine(root, classes[label], string.Create(CultureInfo.InvariantCulture, $"cifar10_{classes[label]}_{i}.aedat"));
                WriteFile(path, EventFormat.Aedat2, geometry, ClassEvents(label, (label * 1000) + i, geometry, 40, 5_000, 1_000_000, events));
            }
        }
    }

    /// <summary>N-Caltech101 layout: &lt;class&gt;/image_NNNN.bin (N-MNIST binary, 240×180).</summary>
    public static void NCaltech101(string root, string[] classes, int perClass, int events = 2000)
    {
        var geometry = new SensorGeometry(240, 180);
        for (var label = 0; label < classes.Length; label++)
        {
            for (var i = 0; i < perClass; i++)
            {
                var path = Path.Combine(root, classes[label], string.Create(CultureInfo.InvariantCulture, $"image_{i + 1:D4}.bin"));
                WriteFile(path, EventFormat.Nmnist, geometry, ClassEvents(label, (label * 1000) + i, geometry, 60, 0, 300_000, events));
            }
        }
    }

    /// <summary>
    /// SHD layout written with PureHDF: shd_train.h5 and shd_test.h5, float32 seconds and uint16
    /// channels per sample; class k fires channels [k·35, k·35 + 35) over 0.8 s.
    /// </summary>
    public static void Shd(string root, int classes, int trainPerClass, int testPerClass, int spikes = 800)
    {
        Directory.CreateDirectory(root);
        foreach (var (file, perClass, seedBase) in new[] { ("shd_train.h5", trainPerClass, 1), ("shd_test.h5", testPerClass, 2) })
        {
            var times = new List<float[]>();
            var units = new List<ushort[]>();
            var labels = new List<ushort>();
            for (var label = 0; label < classes; label++)
            {
                for (var i = 0; i < perClass; i++)
                {
                    var random = new Random((seedBase * 10_000) + (label * 100) + i);
                    var t = new float[spikes];
                    var u = new ushort[spikes];
                    for (var s = 0; s < spikes; s++)
                    {
                        t[s] = 0.05f + (0.8f * s / spikes);
                        u[s] = (ushort)((label * 35) + random.Next(35));
                    }
                    times.Add(t);
                    units.Add(u);
                    labels.Add((ushort)label);
                }
            }
            var h5 = new H5File
            {
                ["spikes"] = new H5Group
                {
                    ["times"] = times.ToArray(),
                    ["units"] = units.ToArray(),
                },
                ["labels"] = labels.ToArray(),
            };
            h5.Write(Path.Combine(root, file));
        }
    }

    /// <summary>A network spec file small enough to learn the generated datasets in seconds.</summary>
    public static string TinyNetwork(string folder, int channels, int height, int width, int classes, int pool)
    {
        var pooledFeatures = channels * (height / pool) * (width / pool);
        var json = string.Create(CultureInfo.InvariantCulture, $$"""
            {
              "name": "tiny-test",
              "input_shape": [{{channels}}, {{height}}, {{width}}],
              "classes": {{classes}},
              "time_steps": 10,
              "learn_steps": 5,
              "factors": [0.2, 0.75, -1, 1],
              "psi": "triangle-0.3",
              "leak": 0,
              "threshold": 0.6,
              "optimizer": { "type": "adam", "lr": 0.003 },
              "layers": [
                { "type": "avgpool2d", "kernel": {{pool}} },
                { "type": "flatten" },
                { "type": "linear", "in_features": {{pooledFeatures}}, "out_features": 48 },
                { "type": "readout-linear", "in_features": 48, "out_features": {{classes}} }
              ]
            }
            """);
        var path = Path.Combine(folder, "tiny-test.json");
        File.WriteAllText(path, json);
        return path;
    }
}
