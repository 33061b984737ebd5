namespace Edge.Drivers.Datasets;

/// <summary>Opening a split with its official preprocessing.</summary>
public static class DatasetSession
{
    /// <summary>
    /// Opens <paramref name="split"/> of <paramref name="location"/> and applies the recipe's slicing;
    /// returns the dataset and its framer.
    /// </summary>
    public static SampleFramer OpenFramed(DatasetLocation location, DatasetSplit split, FrameRecipe recipe)
    {
        ArgumentNullException.ThrowIfNull(recipe);
        var dataset = DatasetLoader.Open(location, split);
        try
        {
            if (recipe.SliceUs is { } window)
            {
                dataset.SliceByTime(window);
                if (dataset.Count == 0)
                {
                    throw new DatasetException(location.Path, $"the {DatasetNames.Of(split)} split holds no events");
                }
            }
            return new SampleFramer(dataset, recipe);
        }
        catch
        {
            dataset.Dispose();
            throw;
        }
    }
}
