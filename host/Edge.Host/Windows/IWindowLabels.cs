namespace Edge.Host.Windows;

/// <summary>The label taught for the window that starts now (−1: none is taught).</summary>
public interface IWindowLabels
{
    /// <summary>The class being taught at this moment, or −1.</summary>
    int Current { get; }
}
