namespace Edge.Runtime.Tests.Rules;

/// <summary>
/// An independent float64 backpropagation through time of a stack of dense spiking layers and a
/// readout, written from the definitions (official BPTTLIF, learning-rules.md §2.3), for checking
/// the runtime's float32 rules. Batch 1; weights [out][in]; loss = CE(Σ_t z[t]).
/// </summary>
internal sealed class ReferenceBptt
{
    public sealed class Hidden
    {
        public required double[,] W { get; init; }
        public double[,]? Rec { get; init; }
        public required double[] B { get; init; }
        public double Gamma { get; init; }
        public double Theta { get; init; }
        public bool Hard { get; init; }
        public bool Htglif { get; init; }
        public Func<double, double> Psi { get; init; } = v => 0.3 * Math.Max(0, 1 - Math.Abs(v));
        public double[,] GradW = new double[0, 0];
        public double[,]? GradRec;
        public double[] GradB = [];
    }

    public required Hidden[] Layers { get; init; }
    public required double[,] ReadoutW { get; init; }
    public required double[] ReadoutB { get; init; }
    public double ReadoutGamma { get; init; }   // 0: stateless readout
    public double[,] GradReadoutW = new double[0, 0];
    public double[] GradReadoutB = [];

    /// <summary>Smallest |u − θ| met in the forward (spikes must not sit on the threshold).</summary>
    public double Margin { get; private set; } = double.MaxValue;

    /// <summary>
    /// The hidden layers' membranes after reset, carried from one <see cref="Run"/> to the next as
    /// constants (a truncated window starts from them; gradients do not flow into them). Null: at rest.
    /// </summary>
    public double[][]? States { get; set; }

    /// <summary>The top hidden layer's spikes (the input itself without hidden layers) at every step of the last run.</summary>
    public double[][] TopOutput { get; private set; } = [];

    public void Run(double[][] x, int label)
    {
        var steps = x.Length;
        var n = Layers.Length;
        var inputs = new double[n + 1][][];
        var u = new double[n][][];
        var a = new double[n][][];
        var s = new double[n][][];
        for (var l = 0; l <= n; l++)
        {
            inputs[l] = new double[steps][];
        }
        for (var l = 0; l < n; l++)
        {
            u[l] = new double[steps][];
            a[l] = new double[steps][];
            s[l] = new double[steps][];
        }
        var states = States ??= [.. Layers.Select(h => new double[h.B.Length])];
        var classes = ReadoutB.Length;
        var readoutState = new double[classes];
        var sum = new double[classes];
        for (var t = 0; t < steps; t++)
        {
            var h = x[t];
            for (var l = 0; l < n; l++)
            {
                var layer = Layers[l];
                inputs[l][t] = h;
                var prev = t > 0 ? s[l][t - 1] : new double[layer.B.Length];
                var cur = Affine(layer.W, layer.B, h);
                if (layer.Rec is not null)
                {
                    var r = Affine(layer.Rec, new double[layer.B.Length], prev);
                    for (var i = 0; i < cur.Length; i++)
                    {
                        cur[i] += r[i];
                    }
                }
                a[l][t] = cur;
                var uu = new double[cur.Length];
                var ss = new double[cur.Length];
                for (var i = 0; i < cur.Length; i++)
                {
                    var current = layer.Htglif ? Math.Max(0, cur[i]) : cur[i];
                    uu[i] = (layer.Gamma * states[l][i]) + current;
                    Margin = Math.Min(Margin, Math.Abs(uu[i] - layer.Theta));
                    var fired = layer.Htglif ? uu[i] >= layer.Theta : uu[i] - layer.Theta > 0;
                    ss[i] = fired ? 1 : 0;
                    states[l][i] = layer.Htglif || layer.Hard ? (fired ? 0 : uu[i]) : uu[i] - (layer.Theta * ss[i]);
                }
                u[l][t] = uu;
                s[l][t] = ss;
                h = ss;
            }
            inputs[n][t] = h;
            var z = Affine(ReadoutW, ReadoutB, h);
            for (var k = 0; k < classes; k++)
            {
                readoutState[k] = (ReadoutGamma * readoutState[k]) + z[k];
                sum[k] += readoutState[k];
            }
        }

        TopOutput = inputs[n];
        var max = sum.Max();
        var exp = sum.Select(v => Math.Exp(v - max)).ToArray();
        var total = exp.Sum();
        var dz = exp.Select((v, k) => (v / total) - (k == label ? 1 : 0)).ToArray();

        GradReadoutW = new double[classes, ReadoutB.Length == 0 ? 0 : ReadoutW.GetLength(1)];
        GradReadoutB = new double[classes];
        foreach (var layer in Layers)
        {
            layer.GradW = new double[layer.W.GetLength(0), layer.W.GetLength(1)];
            layer.GradRec = layer.Rec is null ? null : new double[layer.Rec.GetLength(0), layer.Rec.GetLength(1)];
            layer.GradB = new double[layer.B.Length];
        }
        var readoutCarry = new double[classes];
        var carry = Layers.Select(h => new double[h.B.Length]).ToArray();
        var recurrentCarry = Layers.Select(h => new double[h.B.Length]).ToArray();
        for (var t = steps - 1; t >= 0; t--)
        {
            var delta = new double[classes];
            for (var k = 0; k < classes; k++)
            {
                delta[k] = dz[k] + (ReadoutGamma * readoutCarry[k]);
            }
            readoutCarry = delta;
            Outer(GradReadoutW, delta, inputs[n][t]);
            Add(GradReadoutB, delta);
            var g = Transposed(ReadoutW, delta);
            for (var l = n - 1; l >= 0; l--)
            {
                var layer = Layers[l];
                var d = new double[layer.B.Length];
                for (var i = 0; i < d.Length; i++)
                {
                    var gs = g[i] + recurrentCarry[l][i];
                    var m = u[l][t][i];
                    if (layer.Htglif)
                    {
                        var fired = m >= layer.Theta;
                        var spatial = fired ? 1 / m : 0;
                        var temporal = fired ? 0.2 * spatial : 1;
                        carry[l][i] = (gs * spatial) + (layer.Gamma * temporal * carry[l][i]);
                        d[i] = a[l][t][i] > 0 ? carry[l][i] : 0;
                    }
                    else
                    {
                        var keep = layer.Hard && m - layer.Theta > 0 ? 0 : 1;
                        carry[l][i] = (gs * layer.Psi(m - layer.Theta)) + (layer.Gamma * keep * carry[l][i]);
                        d[i] = carry[l][i];
                    }
                }
                Outer(layer.GradW, d, inputs[l][t]);
                Add(layer.GradB, d);
                if (layer.Rec is not null)
                {
                    Outer(layer.GradRec!, d, t > 0 ? s[l][t - 1] : new double[d.Length]);
                    recurrentCarry[l] = Transposed(layer.Rec, d);
                }
                g = Transposed(layer.W, d);
            }
        }
    }

    private static double[] Affine(double[,] w, double[] b, double[] x)
    {
        var y = new double[w.GetLength(0)];
        for (var o = 0; o < y.Length; o++)
        {
            var acc = b.Length > 0 ? b[o] : 0;
            for (var i = 0; i < x.Length; i++)
            {
                acc += w[o, i] * x[i];
            }
            y[o] = acc;
        }
        return y;
    }

    private static double[] Transposed(double[,] w, double[] d)
    {
        var y = new double[w.GetLength(1)];
        for (var o = 0; o < d.Length; o++)
        {
            for (var i = 0; i < y.Length; i++)
            {
                y[i] += w[o, i] * d[o];
            }
        }
        return y;
    }

    private static void Outer(double[,] grad, double[] d, double[] x)
    {
        for (var o = 0; o < d.Length; o++)
        {
            for (var i = 0; i < x.Length; i++)
            {
                grad[o, i] += d[o] * x[i];
            }
        }
    }

    private static void Add(double[] acc, double[] d)
    {
        for (var i = 0; i < d.Length; i++)
        {
            acc[i] += d[i];
        }
    }
}
