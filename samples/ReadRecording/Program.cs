using Edge.Host.Sources;
using Edge.Runtime.Events;

// Count the events of a recording (file:PATH) or of a few seconds of any source, and their polarity.
if (args.Length == 0)
{
    Console.Error.WriteLine("usage: ReadRecording file:<path>|sim:<scene> [max events]");
    return 2;
}
var limit = args.Length > 1 ? long.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : long.MaxValue;
using var source = SourceRegistry.Default.Open(args[0]);
var buffer = new DvsEvent[8192];                                     // reused: reading allocates nothing
long events = 0, on = 0, first = -1, last = -1;
int n;
while (events < limit && (n = source.Events.Read(buffer)) > 0)
{
    foreach (var e in buffer.AsSpan(0, n))
    {
        on += e.P;
        first = first < 0 ? e.T : first;
        last = e.T;
    }
    events += n;
}
Console.WriteLine($"{args[0]}: {events} events over {(last - first) / 1e6:0.###} s, {on * 100.0 / Math.Max(1, events):0.0} % ON, sensor {source.Geometry}");
return 0;
