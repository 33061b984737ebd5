namespace Edge.Host.Baselines;

/// <summary>A smooth function to minimise: its value at x, with its gradient written into <c>gradient</c>.</summary>
public interface IDifferentiableFunction
{
    /// <summary>Number of parameters.</summary>
    int Dimension { get; }

    /// <summary>f(x), writing ∇f(x) into <paramref name="gradient"/>.</summary>
    double Evaluate(ReadOnlySpan<double> x, Span<double> gradient);
}

/// <summary>How a minimisation ended.</summary>
/// <param name="Value">f at the result.</param>
/// <param name="GradientNorm">Largest absolute gradient component at the result.</param>
/// <param name="Iterations">L-BFGS iterations taken.</param>
/// <param name="Converged">True when the gradient fell below the tolerance.</param>
public readonly record struct MinimizationResult(double Value, double GradientNorm, int Iterations, bool Converged);

/// <summary>
/// Limited-memory BFGS (Nocedal and Wright, Algorithm 7.4/7.5): the two-loop recursion over the last
/// <see cref="Memory"/> curvature pairs and a backtracking line search with the Armijo condition,
/// stopped when the largest gradient component is at most <see cref="Tolerance"/>.
/// </summary>
public sealed class Lbfgs
{
    /// <summary>Curvature pairs kept.</summary>
    public int Memory { get; init; } = 10;

    /// <summary>Convergence: max |∂f/∂x_i| at most this.</summary>
    public double Tolerance { get; init; } = 1e-6;

    /// <summary>Iterations at most.</summary>
    public int MaxIterations { get; init; } = 5000;

    /// <summary>Minimises <paramref name="function"/> from <paramref name="x"/>, which holds the result afterwards.</summary>
    public MinimizationResult Minimize(IDifferentiableFunction function, Span<double> x)
    {
        ArgumentNullException.ThrowIfNull(function);
        var n = function.Dimension;
        var g = new double[n];
        var direction = new double[n];
        var trial = new double[n];
        var trialGradient = new double[n];
        var s = new double[Memory][];
        var y = new double[Memory][];
        var rho = new double[Memory];
        var alpha = new double[Memory];
        for (var m = 0; m < Memory; m++)
        {
            s[m] = new double[n];
            y[m] = new double[n];
        }
        var stored = 0;
        var newest = -1;
        var f = function.Evaluate(x, g);
        var iteration = 0;
        for (; iteration < MaxIterations && MaxAbs(g) > Tolerance; iteration++)
        {
            // Two-loop recursion: direction = −H·g.
            g.CopyTo(direction, 0);
            for (var k = 0; k < stored; k++)
            {
                var m = ((newest - k) % Memory + Memory) % Memory;
                alpha[m] = rho[m] * Dot(s[m], direction);
                Axpy(-alpha[m], y[m], direction);
            }
            var gamma = stored > 0 ? Dot(s[newest], y[newest]) / Dot(y[newest], y[newest]) : 1 / Math.Max(1e-12, Norm(g));
            Scale(direction, gamma);
            for (var k = stored - 1; k >= 0; k--)
            {
                var m = ((newest - k) % Memory + Memory) % Memory;
                var beta = rho[m] * Dot(y[m], direction);
                Axpy(alpha[m] - beta, s[m], direction);
            }
            Scale(direction, -1);
            var slope = Dot(g, direction);
            if (slope >= 0)
            {
                // Not a descent direction (lost curvature): restart from steepest descent.
                stored = 0;
                for (var i = 0; i < n; i++)
                {
                    direction[i] = -g[i] / Math.Max(1e-12, Norm(g));
                }
                slope = Dot(g, direction);
            }
            var step = 1.0;
            double fNew;
            while (true)
            {
                for (var i = 0; i < n; i++)
                {
                    trial[i] = x[i] + (step * direction[i]);
                }
                fNew = function.Evaluate(trial, trialGradient);
                if (fNew <= f + (1e-4 * step * slope) || step < 1e-20)
                {
                    break;
                }
                step *= 0.5;
            }
            if (!(fNew <= f))
            {
                break; // No decrease is possible any more at this precision.
            }
            newest = (newest + 1) % Memory;
            for (var i = 0; i < n; i++)
            {
                s[newest][i] = trial[i] - x[i];
                y[newest][i] = trialGradient[i] - g[i];
            }
            var sy = Dot(s[newest], y[newest]);
            if (sy > 1e-12)
            {
                rho[newest] = 1 / sy;
                stored = Math.Min(stored + 1, Memory);
            }
            else
            {
                newest = (newest - 1 + Memory) % Memory;
            }
            trial.CopyTo(x);
            trialGradient.CopyTo(g, 0);
            f = fNew;
        }
        var norm = MaxAbs(g);
        return new MinimizationResult(f, norm, iteration, norm <= Tolerance);
    }

    private static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        var sum = 0.0;
        for (var i = 0; i < a.Length; i++)
        {
            sum += a[i] * b[i];
        }
        return sum;
    }

    private static double Norm(ReadOnlySpan<double> a) => Math.Sqrt(Dot(a, a));

    private static double MaxAbs(ReadOnlySpan<double> a)
    {
        var max = 0.0;
        foreach (var v in a)
        {
            max = Math.Max(max, Math.Abs(v));
        }
        return max;
    }

    private static void Axpy(double a, ReadOnlySpan<double> x, Span<double> y)
    {
        for (var i = 0; i < y.Length; i++)
        {
            y[i] += a * x[i];
        }
    }

    private static void Scale(Span<double> x, double a)
    {
        for (var i = 0; i < x.Length; i++)
        {
            x[i] *= a;
        }
    }
}
