using Edge.Runtime.Golden;
using Edge.TestSupport;

namespace Edge.Runtime.Tests.Golden;

public class GoldenCaseTests
{
    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var file in GoldenRunner.FindCases([SharedData.GoldenDir]))
        {
            data.Add(Path.GetFileName(file));
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Every_case_passes_within_its_tolerance(string file)
    {
        var result = GoldenRunner.RunFile(Path.Combine(SharedData.GoldenDir, file));
        Assert.True(result.Status == GoldenStatus.Pass, $"{result.Line}: {result.Detail}");
    }
}
