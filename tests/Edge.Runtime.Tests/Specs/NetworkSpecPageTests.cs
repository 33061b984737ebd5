using Edge.Runtime.Learning.Rules;
using Edge.Runtime.Specs;
using Edge.TestSupport;

namespace Edge.Runtime.Tests.Specs;

/// <summary>
/// docs/network-spec.md cannot fall behind the reader: every key an accepted-key list of the spec
/// reader holds has a row in the table of its section, and the complete example loads as the
/// built-in network it annotates.
/// </summary>
public class NetworkSpecPageTests
{
    private static readonly string PagePath = Path.Combine(SharedData.RepoRoot, "docs", "network-spec.md");

    /// <summary>Each accepted-key list and the section of the page whose table documents it.</summary>
    private static readonly (string Section, string List, string[] Keys)[] KeyLists =
    [
        ("Top-level keys", "SpecReader.TopFields", SpecReader.TopFields),
        ("Layer keys", "SpecReader.LayerFields", SpecReader.LayerFields),
        ("`optimizer`", "SpecReader.OptimizerFields", SpecReader.OptimizerFields),
        ("`schedule`", "SpecReader.ScheduleFields", SpecReader.ScheduleFields),
        ("`neuron`", "SpecReader.NeuronFields", SpecReader.NeuronFields),
        ("`factors`", "SpecReader.FactorFields", SpecReader.FactorFields),
        ("`rule_options`", "RuleOptions.Fields", RuleOptions.Fields),
    ];

    [Fact]
    public void Every_key_the_reader_accepts_has_a_row_in_its_section()
    {
        var sections = Sections(File.ReadAllLines(PagePath));
        var missing = new List<string>();
        foreach (var (section, list, keys) in KeyLists)
        {
            if (!sections.TryGetValue(section, out var lines))
            {
                missing.Add($"the section '## {section}' (for {list})");
                continue;
            }
            var documented = RowKeys(lines);
            foreach (var key in keys)
            {
                if (!documented.Contains(key))
                {
                    missing.Add($"'{key}' of {list}: no table row starting with `{key}` under '## {section}'");
                }
            }
        }
        Assert.True(missing.Count == 0, $"{PagePath} is missing:\n" + string.Join('\n', missing));
    }

    [Fact]
    public void The_complete_example_loads_as_the_network_it_annotates()
    {
        var sections = Sections(File.ReadAllLines(PagePath));
        Assert.True(sections.TryGetValue("Complete example", out var lines), $"{PagePath} has no '## Complete example' section");
        var start = lines.FindIndex(l => l.StartsWith("```json", StringComparison.Ordinal));
        Assert.True(start >= 0, "the complete example has no ```jsonc block");
        var end = lines.FindIndex(start + 1, l => l.StartsWith("```", StringComparison.Ordinal));
        Assert.True(end > start, "the complete example's code block is not closed");

        var example = SpecReader.Parse(string.Join('\n', lines.GetRange(start + 1, end - start - 1)), "example");
        var builtIn = NetworkCatalog.Load("nmnist-small");
        Assert.Equal(builtIn.InputShape, example.InputShape);
        Assert.Equal(builtIn.Classes, example.Classes);
        Assert.Equal(builtIn.TimeSteps, example.TimeSteps);
        Assert.Equal(builtIn.LearnSteps, example.LearnSteps);
        Assert.Equal(builtIn.Prediction, example.Prediction);
        Assert.Equal(builtIn.Learning, example.Learning);
        Assert.Equal(builtIn.Layers, example.Layers);
        Assert.Equal(builtIn.Shapes, example.Shapes);
    }

    /// <summary>The lines under each <c>## </c> heading, by heading text.</summary>
    private static Dictionary<string, List<string>> Sections(string[] page)
    {
        var sections = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        List<string>? current = null;
        foreach (var line in page)
        {
            if (line.StartsWith("## ", StringComparison.Ordinal))
            {
                current = [];
                sections[line[3..].Trim()] = current;
            }
            else
            {
                current?.Add(line);
            }
        }
        return sections;
    }

    /// <summary>The `code` names in the first cell of every table row.</summary>
    private static HashSet<string> RowKeys(List<string> lines)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in lines)
        {
            if (!line.StartsWith('|'))
            {
                continue;
            }
            var cell = line.Split('|')[1];
            for (var open = cell.IndexOf('`', StringComparison.Ordinal); open >= 0;)
            {
                var close = cell.IndexOf('`', open + 1);
                if (close < 0)
                {
                    break;
                }
                keys.Add(cell[(open + 1)..close]);
                open = cell.IndexOf('`', close + 1);
            }
        }
        return keys;
    }
}
