namespace Edge.Devices.Board.TeachButtons;

/// <summary>Where the live stream's label comes from for online learning (e.g. buttons).</summary>
public interface ITeachLabelSource
{
    /// <summary>The class being taught now, or null when nobody is teaching (inference only).</summary>
    int? CurrentLabel { get; }
}
