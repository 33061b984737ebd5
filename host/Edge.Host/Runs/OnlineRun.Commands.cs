using System.Diagnostics;
using Edge.Devices.Board.TeachButtons;
using Edge.Host.Teaching;
using Edge.Host.Windows;

namespace Edge.Host.Runs;

public sealed partial class OnlineRun
{
    /// <summary>Applies every waiting teach command and runs the waiting work, between windows; reports each command's result.</summary>
    private void TakeCommands(Stopwatch clock)
    {
        while (_work.TryDequeue(out var work))
        {
            work();
        }
        while (_inbox.TryTake(out var pending))
        {
            var error = Apply(pending.Text, pending.Origin, clock);
            var result = new CommandResult(pending.Text.Trim(), error is null, error, pending.Origin);
            foreach (var observer in _observers)
            {
                observer.OnCommand(result);
            }
            pending.Result.TrySetResult(result);
        }
    }

    /// <summary>Applies one command; returns why it was refused, or null when it was applied.</summary>
    private string? Apply(string text, string origin, Stopwatch clock)
    {
        if (!TeachCommand.TryParse(text, out var command, out var error))
        {
            return error;
        }
        switch (command.Kind)
        {
            case TeachCommandKind.Label or TeachCommandKind.StopLabel:
                if (!AcceptsLabelsFrom(origin))
                {
                    return Labels.TakesCommands
                        ? $"label: this run takes labels from {Labels}, not from {origin}"
                        : $"label: this run's labels come from {Labels}; start it with --labels stdin, socket:PATH, page or fleet to teach";
                }
                if (command.Kind == TeachCommandKind.StopLabel)
                {
                    _teacher.Taught = -1;
                    return null;
                }
                var index = IndexOfClass(command.ClassName!);
                if (index < 0)
                {
                    return $"label: no class '{command.ClassName}' (classes: {string.Join(", ", Classes)}; the class list is fixed for a run)";
                }
                _teacher.Taught = index;
                return null;
            case TeachCommandKind.Mode:
                if (command.Mode == RunMode.Learn && _learner is null)
                {
                    return "mode learn: this run was started with --mode infer and keeps no learning state; restart it with --mode learn";
                }
                _mode = command.Mode;
                _loop.Learn = _mode == RunMode.Learn;
                return null;
            case TeachCommandKind.LearningRate:
                if (_learner is null)
                {
                    return "lr: this run was started with --mode infer and does not learn";
                }
                _learner.Optimizer.LearningRate = command.LearningRate;
                return null;
            case TeachCommandKind.Save:
                if (_store is null)
                {
                    return "save: this run has no checkpoint folder (--checkpoint DIR)";
                }
                if (_learner is null)
                {
                    return "save: a run started with --mode infer has no learned state to save";
                }
                var before = _saves;
                TrySave(clock.Elapsed.TotalSeconds, final: false);
                return _saves > before ? null : "save: the checkpoint could not be written (see the log); the previous one is kept";
            default:
                return $"unknown command '{text}'";
        }
    }

    /// <summary>A <c>label</c> command is taken only from the run's own label input (any of them for the API).</summary>
    private bool AcceptsLabelsFrom(string origin) => Labels.TakesCommands && (origin == "api" || Labels.Kind switch
    {
        LabelSourceKind.Stdin => origin == "stdin",
        LabelSourceKind.Socket => origin == "socket",
        LabelSourceKind.Page => origin == "page",
        LabelSourceKind.Fleet => origin == "fleet",
        _ => false,
    });

    private int IndexOfClass(string name)
    {
        for (var i = 0; i < Classes.Count; i++)
        {
            if (string.Equals(Classes[i], name, StringComparison.Ordinal))
            {
                return i;
            }
        }
        return -1;
    }

    /// <summary>What is taught now: the last <c>label</c> command's class, or the teach button held.</summary>
    private sealed class Teacher(int classes) : IWindowLabels
    {
        private volatile int _taught = -1;

        /// <summary>Set by label commands (−1: none).</summary>
        public int Taught
        {
            get => _taught;
            set => _taught = value;
        }

        /// <summary>The board's buttons, when they teach.</summary>
        public ITeachLabelSource? Buttons { get; set; }

        /// <inheritdoc />
        public int Current => Buttons is { } buttons
            ? buttons.CurrentLabel is { } b && b < classes ? b : -1
            : _taught;
    }
}
