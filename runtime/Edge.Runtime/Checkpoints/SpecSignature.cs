using System.Globalization;
using System.Text;
using Edge.Runtime.Kernels;
using Edge.Runtime.Specs;

namespace Edge.Runtime.Checkpoints;

/// <summary>
/// What a checkpoint must agree with to be resumed: the input, every layer with its neuron
/// constants, and how the network learns (rule, mode, feedback, optimizer). One line per item, so
/// a mismatch is reported as the first line that differs. T, T_l and the learning rate may change
/// between runs and are not part of it.
/// </summary>
public static class SpecSignature
{
    /// <summary>The signature lines of <paramref name="spec"/>, joined by newlines.</summary>
    public static string Of(NetworkSpec spec)
    {
        var text = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        text.Append(inv, $"input {string.Join("x", spec.InputShape)} classes {spec.Classes}");
        for (var i = 0; i < spec.Layers.Count; i++)
        {
            var l = spec.Layers[i];
            var f = l.Factors;
            text.Append('\n').Append(inv,
                $"layer {i} {l.Kind} in {l.In} out {l.Out} kernel {l.Kernel} stride {l.Stride} padding {l.Padding} bias {l.Bias} " +
                $"standardize {l.Standardize} decay {l.Decay:R} threshold {l.Threshold:R} reset {l.Reset} psi {Psi.Name(l.Psi)} " +
                $"factors {f.LambdaPost:R} {f.LambdaPre:R} {f.AlphaPost:R} {f.AlphaPre:R} dropout {l.DropoutP:R}");
        }
        var learning = spec.Learning;
        text.Append('\n').Append(inv, $"learning {learning.Rule} mode {learning.Mode} feedback {learning.Feedback} optimizer {learning.Optimizer}");
        return text.ToString();
    }

    /// <summary>Null when equal; else "'expected line' but this network has 'actual line'" for the first difference.</summary>
    public static string? FirstDifference(string stored, string current)
    {
        var a = stored.Split('\n');
        var b = current.Split('\n');
        for (var i = 0; i < Math.Max(a.Length, b.Length); i++)
        {
            var left = i < a.Length ? a[i] : "(nothing)";
            var right = i < b.Length ? b[i] : "(nothing)";
            if (left != right)
            {
                return $"it was made for '{left}' but this network has '{right}'";
            }
        }
        return null;
    }
}
