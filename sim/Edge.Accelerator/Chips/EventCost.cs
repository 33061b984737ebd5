namespace Edge.Accelerator.Chips;

/// <summary>
/// Energy and time of one event, with where the numbers come from. A null energy or latency means
/// nobody published it: the model counts the event and reports it as unpriced, never as zero.
/// </summary>
/// <param name="EnergyPj">Energy per event in picojoules, or null when unpriced.</param>
/// <param name="LatencyNs">Time per event in nanoseconds (serialised within a core), or null when unpriced.</param>
/// <param name="Source">Evidence: [P] paper, [C] code, [D] derived (arithmetic shown), [A] assumption.</param>
public sealed record EventCost(double? EnergyPj, double? LatencyNs, string Source)
{
    /// <summary>An event with neither energy nor time published.</summary>
    public static EventCost Unpriced(string source) => new(null, null, source);
}
