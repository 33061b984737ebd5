using Edge.Host.Runs;
using Edge.Host.Teaching;

namespace Edge.Host.Tests.Runs;

public sealed class TeachCommandTests
{
    [Theory]
    [InlineData("label bar-left", TeachCommandKind.Label)]
    [InlineData("  label -  ", TeachCommandKind.StopLabel)]
    [InlineData("mode train", TeachCommandKind.Mode)]
    [InlineData("lr 0.002", TeachCommandKind.LearningRate)]
    [InlineData("save", TeachCommandKind.Save)]
    public void Commands_parse(string line, TeachCommandKind kind)
    {
        Assert.True(TeachCommand.TryParse(line, out var command, out _));
        Assert.Equal(kind, command.Kind);
    }

    [Theory]
    [InlineData("label", "label needs a class name, or - to stop teaching")]
    [InlineData("mode fast", "mode 'fast' is not learn or infer")]
    [InlineData("lr -1", "lr '-1' is not a positive number")]
    [InlineData("lr NaN", "lr 'NaN' is not a positive number")]
    [InlineData("jump", "unknown command 'jump' (commands: label NAME, label -, mode learn|infer, lr X, save)")]
    [InlineData("save now", "unknown command 'save' (commands: label NAME, label -, mode learn|infer, lr X, save)")]
    public void Malformed_commands_say_why(string line, string error)
    {
        Assert.False(TeachCommand.TryParse(line, out _, out var message));
        Assert.Equal(error, message);
    }

    [Fact]
    public void Every_command_is_acknowledged_and_a_refused_one_changes_nothing()
    {
        using var run = OnlineRun.Open(new RunOptions { Source = "sim:bar-right@1s,bar-left@1s", Labels = new LabelSource(LabelSourceKind.Stdin), CommandInput = new StringReader("") });
        var results = new List<CommandResult>();
        run.Subscribe(new Recorder(run, results, windows: 3));
        var posted = new[]
        {
            run.Post("label bar-left", "stdin"),
            run.Post("label nope", "stdin"),
            run.Post("label bar-right", "socket"),
            run.Post("lr 0.01", "stdin"),
            run.Post("save", "stdin"),
            run.Post("mode infer", "stdin"),
            run.Post("jump", "stdin"),
        };

        var summary = run.Run();

        Assert.All(posted, t => Assert.True(t.IsCompleted));
        Assert.Equal(
            ["label bar-left: ok", "label nope: label: no class 'nope' (classes: bar-right, bar-left; the class list is fixed for a run)",
             "label bar-right: label: this run takes labels from stdin, not from socket", "lr 0.01: ok",
             "save: save: this run has no checkpoint folder (--checkpoint DIR)", "mode infer: ok",
             "jump: unknown command 'jump' (commands: label NAME, label -, mode learn|infer, lr X, save)"],
            results.Select(r => r.Command + ": " + (r.Ok ? "ok" : r.Error)));
        Assert.Equal(RunMode.Infer, run.Mode);
        Assert.Equal(1, run.TaughtClass); // bar-left: the refused commands changed nothing
        Assert.Equal(0.01f, run.Learner!.Optimizer.LearningRate);
        Assert.Equal(0, run.Learner.Optimizer.Steps); // inference mode from the first window
        Assert.Equal(3, summary.Windows);
    }

    [Fact]
    public void A_run_whose_labels_come_from_its_task_refuses_teaching()
    {
        using var run = OnlineRun.Open(new RunOptions { Source = "sim:" });
        var results = new List<CommandResult>();
        run.Subscribe(new Recorder(run, results, windows: 1));
        _ = run.Post("label bar-left");
        run.Run();

        var refused = Assert.Single(results);
        Assert.False(refused.Ok);
        Assert.Equal("label: this run's labels come from task; start it with --labels stdin, socket:PATH, page or fleet to teach", refused.Error);
    }

    [Fact]
    public void A_run_started_in_inference_mode_keeps_no_learning_state_and_refuses_to_learn()
    {
        using var run = OnlineRun.Open(new RunOptions { Source = "sim:", Mode = RunMode.Infer });
        var results = new List<CommandResult>();
        run.Subscribe(new Recorder(run, results, windows: 2));
        _ = run.Post("mode learn");
        var summary = run.Run();

        Assert.Null(run.Learner);
        Assert.False(run.Network.Learning);
        Assert.Equal("mode learn: this run was started with --mode infer and keeps no learning state; restart it with --mode learn", Assert.Single(results).Error);
        Assert.Equal(2, summary.Windows);
        Assert.Equal(2, summary.Samples); // the task's windows are labelled, and judged, but not learned
    }

    private sealed class Recorder(OnlineRun run, List<CommandResult> results, int windows) : IRunObserver
    {
        private int _seen;

        public void OnCommand(CommandResult result) => results.Add(result);

        public void OnPrediction(in WindowPrediction prediction)
        {
            if (++_seen >= windows)
            {
                run.Stop();
            }
        }
    }
}
