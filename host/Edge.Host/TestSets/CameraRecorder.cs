using Edge.Drivers.Formats;
using Edge.Runtime.Events;
using Edge.Sim.Scenes;
using Edge.Sim.Sensor;

namespace Edge.Host.TestSets;

/// <summary>Points a simulated camera at a scene for a while and writes what it sees.</summary>
internal sealed class CameraRecorder(SimulatedEventCamera camera)
{
    private readonly DvsEvent[] _buffer = new DvsEvent[8192];

    /// <summary>The camera (its mismatch stays from one recording to the next).</summary>
    public SimulatedEventCamera Camera { get; } = camera;

    /// <summary>
    /// Records <paramref name="scene"/> from <paramref name="startUs"/> for <paramref name="durationUs"/>
    /// into <paramref name="writer"/>; returns the number of events.
    /// </summary>
    public long Record(IScene scene, long startUs, long durationUs, EventFileWriter writer)
    {
        Camera.Start(scene, startUs, durationUs);
        long events = 0;
        for (int n; (n = Camera.Read(_buffer)) > 0;)
        {
            writer.Write(_buffer.AsSpan(0, n));
            events += n;
        }
        return events;
    }
}
