namespace Edge.Accelerator.Execution;

/// <summary>The stage that produces the logits (on compartments or on the host).</summary>
internal interface IReadoutStage
{
    /// <summary>This step's logits.</summary>
    ReadOnlySpan<float> Logits { get; }
}
