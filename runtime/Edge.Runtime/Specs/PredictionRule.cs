namespace Edge.Runtime.Specs;

/// <summary>
/// Which steps of a sample a prediction is made from: the class is the argmax of the mean of the
/// readout's logits over those steps, and the confidence the largest softmax probability of that mean.
/// Part of the spec, so every verb judges a network the same way.
/// </summary>
public enum PredictionRule
{
    /// <summary>Every step of the sample (<c>"sum-all"</c>): the official code's test accuracy.</summary>
    SumAll,

    /// <summary>The last T_l steps (<c>"sum-learn"</c>): the steps the network learns from.</summary>
    SumLearn,

    /// <summary>The last step only (<c>"last"</c>): for readouts that integrate over time.</summary>
    Last,
}

/// <summary>The JSON names of <see cref="PredictionRule"/>.</summary>
public static class PredictionRules
{
    private static readonly (string Name, PredictionRule Value)[] Choices =
        [("sum-all", PredictionRule.SumAll), ("sum-learn", PredictionRule.SumLearn), ("last", PredictionRule.Last)];

    /// <summary>Name and value of every rule, as written in a spec's <c>prediction</c> key.</summary>
    public static ReadOnlySpan<(string Name, PredictionRule Value)> All => Choices;

    /// <summary>The JSON name of <paramref name="rule"/>.</summary>
    public static string Name(PredictionRule rule) => rule switch
    {
        PredictionRule.SumLearn => "sum-learn",
        PredictionRule.Last => "last",
        _ => "sum-all",
    };
}
