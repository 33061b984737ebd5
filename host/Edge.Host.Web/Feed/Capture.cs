namespace Edge.Host.Web.Feed;

/// <summary>
/// What one capture holds: the event frame the network saw over a few steps (ON and OFF counts per
/// pixel), each spiking layer's spike count, and a raster of sampled neurons of one layer. Two of
/// these are allocated when the page attaches; the learner fills one while the page reads the other.
/// </summary>
internal sealed class Capture
{
    /// <summary>Neurons of the raster layer sampled per step (one bit each).</summary>
    public const int RasterNeurons = 64;

    public Capture(int pixels, int layers, int maxSteps)
    {
        On = new float[pixels];
        Off = new float[pixels];
        Spikes = new double[layers];
        Raster = new ulong[maxSteps];
    }

    /// <summary>ON events per pixel over the capture.</summary>
    public float[] On { get; }

    /// <summary>OFF events per pixel over the capture.</summary>
    public float[] Off { get; }

    /// <summary>Spikes of each spiking layer over the capture (summed over neurons and steps).</summary>
    public double[] Spikes { get; }

    /// <summary>Per step, one bit per sampled neuron of <see cref="RasterLayer"/> that spiked.</summary>
    public ulong[] Raster { get; }

    /// <summary>Steps captured.</summary>
    public int Steps { get; set; }

    /// <summary>The spiking layer (index among the spiking layers) the raster samples.</summary>
    public int RasterLayer { get; set; }

    /// <summary>Windows predicted by the run when the capture ended.</summary>
    public long Windows { get; set; }

    /// <summary>Empties it for the next capture.</summary>
    public void Clear(int rasterLayer)
    {
        Array.Clear(On);
        Array.Clear(Off);
        Array.Clear(Spikes);
        Steps = 0;
        RasterLayer = rasterLayer;
    }
}
