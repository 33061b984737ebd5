using System.Diagnostics;
using Edge.Drivers.Tests.Datasets;

namespace Edge.Host.Tests.Samples;

/// <summary>The programs in samples/ build with the solution and do what their comments say.</summary>
public sealed class SamplesTests
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(60);

    [Fact]
    public void The_embedded_run_learns_for_its_duration_and_saves()
    {
        using var temp = new TempFolder();
        var (code, output) = Run("EmbeddedRun", "sim:", "2", temp.File("state"));

        Assert.True(code == 0, output);
        var saved = Directory.GetFiles(temp.File("state"), "checkpoint-*.safetensors");
        Assert.NotEmpty(saved);
        Assert.Contains("learned state in " + Path.Combine(temp.File("state"), "checkpoint-"), output, StringComparison.Ordinal);
    }

    [Fact]
    public void The_simulated_camera_records_a_file_that_the_reader_reads_back()
    {
        using var temp = new TempFolder();
        var file = temp.File("bar.aedat4");
        var (written, writeOutput) = Run("SimulatedCamera", "bar-right", "0.2", file);
        var (read, readOutput) = Run("ReadRecording", "file:" + file);

        Assert.True(written == 0, writeOutput);
        Assert.True(read == 0, readOutput);
        var count = writeOutput.Split(' ')[0];
        Assert.StartsWith($"file:{file}: {count} events over 0.", readOutput, StringComparison.Ordinal);
        Assert.Contains("sensor 128x128", readOutput, StringComparison.Ordinal);
    }

    private static (int Code, string Output) Run(string sample, params string[] args)
    {
        var dll = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", sample, Path.GetFileName(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)), sample + ".dll"));
        Assert.True(File.Exists(dll), $"the sample is not built: {dll}");
        var host = Environment.ProcessPath is { } p && Path.GetFileNameWithoutExtension(p) == "dotnet" ? p : "dotnet";
        var info = new ProcessStartInfo(host) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(dll);
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(HangGuard), $"{sample} did not end within {HangGuard.TotalSeconds} s");
        return (process.ExitCode, stdout.Result + stderr.Result);
    }
}
