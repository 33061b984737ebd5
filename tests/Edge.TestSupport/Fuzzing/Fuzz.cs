using System.Diagnostics;

namespace Edge.TestSupport.Fuzzing;

/// <summary>
/// Runs a parser on seeded mutations of a small seed corpus and checks that every case ends in a
/// result or in one clear error — an expected exception with a one-line message that names no .NET
/// type or parameter — never another exception, a hang (each case has a time limit), nor an
/// allocation the input cannot justify. Cases run on a thread of their own, watched from the test's.
/// </summary>
public static class Fuzz
{
    /// <summary>Time a single case may take before it is taken for a hang.</summary>
    public static readonly TimeSpan CaseLimit = TimeSpan.FromSeconds(5);

    /// <summary>Bytes a case may allocate: 64 MiB plus 256 bytes per input byte.</summary>
    public static long AllocationLimit(int inputBytes) => (64L << 20) + (256L * inputBytes);

    /// <summary>
    /// Runs <paramref name="cases"/> cases over <paramref name="seeds"/>; <paramref name="parse"/>
    /// parses one input (a case) and <paramref name="isClear"/> says which exceptions are its clear
    /// errors. Returns what happened, for the report; fails the test on the first bad case.
    /// </summary>
    /// <param name="parser">The parser's name, for messages.</param>
    /// <param name="seeds">The seed corpus (name, bytes).</param>
    /// <param name="cases">Cases to run.</param>
    /// <param name="text">True for text inputs (adds number edits to the mutations).</param>
    /// <param name="parse">Parses one input; its return value is discarded.</param>
    /// <param name="isClear">True for the exceptions the parser reports bad input with.</param>
    /// <param name="seed">Seed of the mutations.</param>
    public static FuzzReport Run(string parser, IReadOnlyList<(string Name, byte[] Bytes)> seeds, int cases, bool text,
        Action<byte[]> parse, Func<Exception, bool> isClear, int seed = 1)
    {
        ArgumentNullException.ThrowIfNull(seeds);
        ArgumentNullException.ThrowIfNull(parse);
        ArgumentNullException.ThrowIfNull(isClear);
        if (seeds.Count == 0)
        {
            throw new ArgumentException("no seeds", nameof(seeds));
        }
        var report = new FuzzReport(parser);
        string? failure = null;
        var current = "";
        var started = Stopwatch.GetTimestamp();
        var done = 0;
        var worker = new Thread(() =>
        {
            var mutator = new Mutator(seed);
            var random = new Random(seed ^ 0x5EED);
            for (var i = 0; i < cases && failure is null; i++)
            {
                var (name, bytes) = seeds[i % seeds.Count];
                var other = seeds[random.Next(seeds.Count)].Bytes;
                var description = "as it is";
                var input = i < seeds.Count ? bytes : mutator.Mutate(bytes, other, text, out description);
                Volatile.Write(ref current, $"case {i}: seed {name}, {description}");
                Interlocked.Exchange(ref started, Stopwatch.GetTimestamp());
                var allocated = GC.GetAllocatedBytesForCurrentThread();
                try
                {
                    parse(input);
                    report.Results++;
                }
                catch (Exception ex) when (isClear(ex) && OneLine(ex.Message))
                {
                    report.Errors++;
                }
                catch (Exception ex)
                {
                    failure = $"{parser}: {current}: {(isClear(ex) ? "an unclear message" : "an unexpected " + ex.GetType().Name)}: {ex.Message}\n{ex.StackTrace}";
                }
                var used = GC.GetAllocatedBytesForCurrentThread() - allocated;
                if (failure is null && used > AllocationLimit(input.Length))
                {
                    failure = $"{parser}: {current}: allocated {used} bytes for a {input.Length}-byte input";
                }
                Volatile.Write(ref done, i + 1);
            }
        })
        { IsBackground = true, Name = "fuzz-" + parser };
        var clock = Stopwatch.StartNew();
        worker.Start();
        while (!worker.Join(100))
        {
            if (Stopwatch.GetElapsedTime(Interlocked.Read(ref started)) > CaseLimit)
            {
                throw new FuzzFailureException($"{parser}: {Volatile.Read(ref current)}: still running after {CaseLimit.TotalSeconds:0} s (a hang?)");
            }
        }
        if (failure is not null)
        {
            throw new FuzzFailureException(failure);
        }
        report.Cases = Volatile.Read(ref done);
        report.Seconds = clock.Elapsed.TotalSeconds;
        return report;
    }

    /// <summary>A clear error message: one line, not empty, no .NET type or parameter names.</summary>
    public static bool OneLine(string message) =>
        !string.IsNullOrWhiteSpace(message) && !message.Contains('\n', StringComparison.Ordinal)
        && !message.Contains("(Parameter '", StringComparison.Ordinal) && !message.Contains("System.", StringComparison.Ordinal)
        && !message.Contains("Exception", StringComparison.Ordinal);

    /// <summary>The committed seed corpus of <paramref name="parser"/>: the files of tests/fuzz-corpus/PARSER.</summary>
    public static List<(string Name, byte[] Bytes)> CorpusOf(string parser, string pattern = "*") =>
        Corpus(Path.Combine(SharedData.RepoRoot, "tests", "fuzz-corpus", parser), pattern);

    /// <summary>The files of a committed corpus folder (name, bytes).</summary>
    public static List<(string Name, byte[] Bytes)> Corpus(string folder, string pattern = "*")
    {
        var seeds = new List<(string, byte[])>();
        foreach (var file in Directory.GetFiles(folder, pattern).Order(StringComparer.Ordinal))
        {
            seeds.Add((Path.GetFileName(file), File.ReadAllBytes(file)));
        }
        return seeds.Count > 0 ? seeds : throw new FileNotFoundException($"the fuzz corpus {folder} holds no {pattern} file", folder);
    }
}

/// <summary>What a fuzz run did: cases, how many parsed, how many ended in a clear error, how long it took.</summary>
public sealed class FuzzReport(string parser)
{
    /// <summary>The parser.</summary>
    public string Parser { get; } = parser;

    /// <summary>Cases run.</summary>
    public int Cases { get; set; }

    /// <summary>Cases that parsed.</summary>
    public int Results { get; set; }

    /// <summary>Cases that ended in a clear error.</summary>
    public int Errors { get; set; }

    /// <summary>Wall-clock seconds.</summary>
    public double Seconds { get; set; }

    /// <inheritdoc />
    public override string ToString() => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"{Parser}: {Cases} cases ({Results} parsed, {Errors} clear errors) in {Seconds:0.0} s");
}

/// <summary>A fuzz case that ended badly: an unexpected exception, an unclear message, a hang or an allocation too large.</summary>
public sealed class FuzzFailureException : Exception
{
    /// <summary>Creates the failure.</summary>
    public FuzzFailureException()
    {
    }

    /// <summary>Creates the failure with what happened.</summary>
    public FuzzFailureException(string message) : base(message)
    {
    }

    /// <summary>Creates the failure with what happened and why.</summary>
    public FuzzFailureException(string message, Exception inner) : base(message, inner)
    {
    }
}
