using System.Globalization;
using Edge.Drivers.Formats;
using Edge.Runtime.Events;
using Edge.Sim.Scenes;
using Edge.Sim.Sensor;

// Point the simulated event camera (a v2e-style pixel model) at a scene and record it to a file.
var scene = args.Length > 0 ? args[0] : "rotating-bar-cw";           // any name of 'edge simulate --list'
var seconds = args.Length > 1 ? double.Parse(args[1], CultureInfo.InvariantCulture) : 1;
var path = args.Length > 2 ? args[2] : scene + ".aedat4";

using var camera = new SimulatedEventCamera(SceneCatalog.Create(scene), new CameraOptions
{
    Geometry = new SensorGeometry(128, 128),
    DurationUs = (long)(seconds * 1e6),
    Sensor = SensorParameters.Default,                               // thresholds, noise, refractory period …
});
using var file = EventFile.Create(path, EventFormat.Aedat4, camera.Geometry);
var buffer = new DvsEvent[8192];
int n;
while ((n = camera.Read(buffer)) > 0)                                // ends with the scene's duration
{
    file.Write(buffer.AsSpan(0, n));
}
file.Complete();
Console.WriteLine($"{camera.EventsDelivered} events of '{scene}' written to {path}");
