using System.Globalization;
using System.Security.Cryptography;

namespace Edge.Runtime.Checkpoints;

/// <summary>
/// TEST ONLY: faults injected into checkpoint saves, so tests can prove that a save interrupted at
/// any point leaves a usable folder. Read once per process from the environment:
/// <list type="bullet">
/// <item><c>EDGE_TEST_CHECKPOINT_FAULT=ACTION:PHASE[@N]</c> — ACTION <c>kill</c> (the process SIGKILLs
/// itself) or <c>fail</c> (the write fails as on a full disk); PHASE <c>bytes=K</c> (after K bytes of
/// the temporary file), <c>fsync</c> (after the temporary file was flushed to disk), <c>rename</c>
/// (after it was renamed into place) or <c>rotation</c> (after the first old checkpoint was deleted);
/// N: the N-th save of the process (default 1). A <c>fail</c> fault fails that save and every later one.</item>
/// <item><c>EDGE_TEST_CHECKPOINT_JOURNAL=FILE</c> — before writing, every save appends
/// <c>NAME SHA256 BYTES</c> to FILE, so a test knows what each save was meant to hold.</item>
/// </list>
/// Unset (always, outside tests), saves write straight to the file and nothing here runs.
/// </summary>
internal sealed class SaveFaultHook
{
    private const string FaultVariable = "EDGE_TEST_CHECKPOINT_FAULT";
    private const string JournalVariable = "EDGE_TEST_CHECKPOINT_JOURNAL";
    private static readonly Lazy<SaveFaultHook?> FromEnvironment = new(Read);
    private static int _saves;

    private readonly bool _kill;
    private readonly Phase _phase;
    private readonly long _bytes;
    private readonly int _save;
    private readonly string? _journal;

    /// <summary>Where in a save a fault strikes.</summary>
    internal enum Phase
    {
        None,
        Bytes,
        Fsync,
        Rename,
        Rotation,
    }

    private SaveFaultHook(bool kill, Phase phase, long bytes, int save, string? journal)
    {
        _kill = kill;
        _phase = phase;
        _bytes = bytes;
        _save = save;
        _journal = journal;
    }

    /// <summary>The hook of this process, or null when no test asked for one.</summary>
    public static SaveFaultHook? Current => FromEnvironment.Value;

    /// <summary>Counts a save of this process; returns its number (1-based).</summary>
    public static int BeginSave() => Interlocked.Increment(ref _saves);

    /// <summary>Writes <paramref name="content"/> to <paramref name="stream"/>, striking when the fault is placed inside it.</summary>
    public void Write(FileStream stream, string name, byte[] content, int save)
    {
        if (_journal is not null)
        {
            File.AppendAllText(_journal, string.Create(CultureInfo.InvariantCulture,
                $"{name} {Convert.ToHexStringLower(SHA256.HashData(content))} {content.Length}\n"));
        }
        if (!Strikes(Phase.Bytes, save))
        {
            stream.Write(content);
            return;
        }
        var cut = (int)Math.Min(_bytes, content.Length);
        stream.Write(content, 0, cut);
        stream.Flush(flushToDisk: true);
        Strike();
    }

    /// <summary>Strikes when the fault is placed at <paramref name="phase"/> of save <paramref name="save"/>.</summary>
    public void At(Phase phase, int save)
    {
        if (Strikes(phase, save))
        {
            Strike();
        }
    }

    private bool Strikes(Phase phase, int save) => phase == _phase && (_kill ? save == _save : save >= _save);

    private void Strike()
    {
        if (_kill)
        {
            using var self = System.Diagnostics.Process.GetCurrentProcess();
            self.Kill(); // SIGKILL on Linux: nothing after this line runs, no finally, no flush
            Thread.Sleep(Timeout.Infinite);
        }
        throw new IOException("No space left on device (injected by " + FaultVariable + ")");
    }

    private static SaveFaultHook? Read()
    {
        var fault = Environment.GetEnvironmentVariable(FaultVariable);
        var journal = Environment.GetEnvironmentVariable(JournalVariable);
        if (string.IsNullOrEmpty(fault))
        {
            return string.IsNullOrEmpty(journal) ? null : new SaveFaultHook(false, Phase.None, 0, 0, journal);
        }
        var save = 1;
        var at = fault.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            save = int.Parse(fault.AsSpan(at + 1), NumberStyles.None, CultureInfo.InvariantCulture);
            fault = fault[..at];
        }
        var parts = fault.Split(':');
        var kill = parts[0] switch
        {
            "kill" => true,
            "fail" => false,
            _ => throw new FormatException($"{FaultVariable}: '{parts[0]}' is not kill or fail"),
        };
        long bytes = 0;
        var phase = parts.Length == 2 ? parts[1] : "";
        if (phase.StartsWith("bytes=", StringComparison.Ordinal))
        {
            bytes = long.Parse(phase.AsSpan("bytes=".Length), NumberStyles.None, CultureInfo.InvariantCulture);
            phase = "bytes";
        }
        return new SaveFaultHook(kill, phase switch
        {
            "bytes" => Phase.Bytes,
            "fsync" => Phase.Fsync,
            "rename" => Phase.Rename,
            "rotation" => Phase.Rotation,
            _ => throw new FormatException($"{FaultVariable}: '{phase}' is not bytes=K, fsync, rename or rotation"),
        }, bytes, save, string.IsNullOrEmpty(journal) ? null : journal);
    }
}
