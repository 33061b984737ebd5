using System.Globalization;
using Edge.Devices.Board;
using Edge.Host.Labels;
using Edge.Host.Sources;
using Edge.Host.Teaching;
using Edge.Host.Windows;
using Edge.Runtime;
using Edge.Runtime.Checkpoints;
using Edge.Runtime.Events;
using Edge.Runtime.Learning;
using Edge.Runtime.Learning.Stllr;
using Edge.Runtime.Online;
using Edge.Runtime.Specs;
using Microsoft.Extensions.Logging;

namespace Edge.Host.Runs;

public sealed partial class OnlineRun
{
    private OnlineRun(RunOptions options, ILogger log)
    {
        _options = options;
        _log = log;
        _mode = options.Mode;
        Validate(options);
        _store = string.IsNullOrWhiteSpace(options.Checkpoint) ? null : CheckpointFolder.ForWriting(options.Checkpoint, options.CheckpointKeep);
        _resumed = _store is null ? null : CheckpointFolder.Choose(_store, options.FreshIfDamaged);
        _opened = OpenSource(0);
        try
        {
            Labels = ChooseLabels(options.Labels, _opened);
            var labelsFile = Labels.Kind == LabelSourceKind.File ? LabelsFile.Read(Labels.Path!) : null;
            Classes = ChooseClasses(labelsFile);
            if (_resumed is { Classes.Count: > 0 } saved && !SameNames(saved.Classes, Classes))
            {
                throw new UserInputException(
                    $"--checkpoint '{options.Checkpoint}': it learned the classes [{string.Join(", ", saved.Classes)}], this run has [{string.Join(", ", Classes)}]; the class list is fixed for a checkpoint: use another folder");
            }
            var geometry = _geometry = _opened.Geometry ?? throw new UserInputException(
                $"source '{options.Source}' does not say its sensor size, so its events cannot be binned into frames (give width= and height=)");
            Spec = ResolveSpec(options.Network, _resumed, Classes.Count);
            if (Spec.InputShape.Count != 3 || Spec.InputShape[0] != 2)
            {
                throw new UserInputException($"network '{Spec.Name}' takes [{string.Join(", ", Spec.InputShape)}]; a run feeds [2, H, W] event frames");
            }
            var threads = Math.Min(options.Threads, Environment.ProcessorCount);
            if (threads < options.Threads)
            {
                RunLog.ThreadsCapped(_log, options.Threads, Environment.ProcessorCount);
            }
            var learning = options.Mode == RunMode.Learn;
            var seed = _resumed?.Seed ?? (ulong)(options.WeightSeed ?? options.Seed);
            _network = Network.Build(Spec, new NetworkOptions(1, Learning: learning, Seed: seed) { Threads = threads });
            _learner = learning ? new StllrLearner(_network) : null;
            _start = LoadState();
            if (_learner is not null)
            {
                _learner.Optimizer.LearningRate = options.LearningRate ?? Spec.Learning.LearningRate;
            }
            _binner = new EventBinner(geometry, new BinnerOptions { OutputHeight = Spec.InputShape[1], OutputWidth = Spec.InputShape[2] });
            _teacher = new Teacher(Classes.Count);
            Metrics = new RunMetrics(_resumed?.Progress ?? default);
            OpenBoard();
            (_windows, _loop) = Frame(_opened, labelsFile);
            StartCommandInputs();
            Started = new RunStarted
            {
                Source = options.Source,
                Network = Spec.Name,
                Classes = Classes,
                Mode = RunModes.Name(_mode),
                Labels = Labels.ToString(),
                Window = Labels.Kind is LabelSourceKind.Task or LabelSourceKind.File ? "segments" : (options.Window ?? new WindowOptions()).ToString(),
                TimeSteps = Spec.TimeSteps,
                LearnSteps = Spec.EffectiveLearnSteps,
                LearningRate = _learner?.Optimizer.LearningRate ?? 0f,
                Threads = threads,
                Start = _start,
                Board = BoardSummaryOf(options.Board),
            };
            foreach (var extension in options.Extensions)
            {
                extension.Attach(this);
            }
        }
        catch
        {
            _socket?.Dispose();
            _board?.Dispose();
            _network?.Dispose();
            _opened.Dispose();
            throw;
        }
    }

    /// <summary>The network's spec sized to the run's classes; a built-in named without a version (or the default) is the version a resumed checkpoint was made with.</summary>
    private static NetworkSpec ResolveSpec(string? network, CheckpointInfo? resumed, int classes)
    {
        var name = string.IsNullOrWhiteSpace(network) ? NetworkCatalog.DefaultName : network;
        if (resumed is not null)
        {
            name = NetworkCatalog.VersionFor(name, candidate => resumed.Fits(candidate.WithClasses(classes)));
        }
        return NetworkCatalog.Resolve(name).WithClasses(classes);
    }

    private static void Validate(RunOptions options)
    {
        if (options.Threads < 1)
        {
            throw new UserInputException(string.Create(CultureInfo.InvariantCulture, $"threads {options.Threads} must be at least 1"));
        }
        if (options.Ring < 1)
        {
            throw new UserInputException(string.Create(CultureInfo.InvariantCulture, $"ring {options.Ring} must be a positive number of events"));
        }
        if (options.LearningRate is { } lr && !(lr > 0 && float.IsFinite(lr)))
        {
            throw new UserInputException(string.Create(CultureInfo.InvariantCulture, $"learning_rate {lr} must be a positive number"));
        }
        if (options.MetricsEvery <= TimeSpan.Zero || options.CheckpointEvery <= TimeSpan.Zero || options.Duration <= TimeSpan.Zero)
        {
            throw new UserInputException("metrics_every, checkpoint_every and duration must be positive");
        }
        if (options.Board?.FirstProblem() is { } problem)
        {
            throw new UserInputException("board: " + problem);
        }
        CheckpointFolder.CheckKeep(options.CheckpointKeep);
        if (options.Classes is { } classes && (classes.Count == 0 || new HashSet<string>(classes, StringComparer.Ordinal).Count != classes.Count))
        {
            throw new UserInputException("classes must be a list of distinct names");
        }
    }

    /// <summary>The label source: the one given, else the source's own labels, else none.</summary>
    private LabelSource ChooseLabels(LabelSource? given, OpenedSource opened)
    {
        var labels = given ?? new LabelSource(opened.Labelled is not null ? LabelSourceKind.Task : LabelSourceKind.None);
        switch (labels.Kind)
        {
            case LabelSourceKind.Task when opened.Labelled is null:
                throw new UserInputException(
                    $"--labels task: source '{_options.Source}' has no labels of its own: give --labels FILE (CSV start_us,end_us,label), stdin, socket:PATH or buttons, or a simulated task (sim:<task>)");
            case LabelSourceKind.File when opened.Labelled is not null:
                throw new UserInputException($"--labels: source '{_options.Source}' has labels of its own");
            case LabelSourceKind.Buttons when _options.Board?.TeachButtons is null:
                throw new UserInputException("--labels buttons needs teach buttons: add board.teach_buttons.pins to the configuration");
            case LabelSourceKind.Page or LabelSourceKind.Fleet when !LabelInputAttached(labels.Kind):
                throw new UserInputException($"--labels {labels}: this run has no {labels} to take labels from (edge run --http for the page, --fleet for the fleet)");
        }
        if (_options.Window is not null && labels.Kind is LabelSourceKind.Task or LabelSourceKind.File)
        {
            throw new UserInputException($"--window: with --labels {(labels.Kind == LabelSourceKind.Task ? "task" : "FILE")} the windows are the labelled segments; --window applies to streams a teacher labels");
        }
        return labels;
    }

    /// <summary>Page and fleet label sources come from extensions attached to the run.</summary>
    private bool LabelInputAttached(LabelSourceKind kind)
    {
        foreach (var extension in _options.Extensions)
        {
            if (extension.Labels == kind)
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>The classes: the task's or labels file's, else the configured list, the source's known scenes, or the checkpoint's.</summary>
    private string[] ChooseClasses(LabelsFile? labelsFile)
    {
        IReadOnlyList<string>? own = Labels.Kind switch
        {
            LabelSourceKind.Task => _opened.Labelled!.ClassNames,
            LabelSourceKind.File => labelsFile!.ClassNames,
            _ => null,
        };
        if (own is not null && _options.Classes is { } configured && !SameNames(own, configured))
        {
            throw new UserInputException($"classes [{string.Join(", ", configured)}] differ from the {(Labels.Kind == LabelSourceKind.Task ? "task's" : "labels file's")} [{string.Join(", ", own)}]");
        }
        var classes = own ?? _options.Classes ?? _opened.Truth?.ClassNames ?? (_resumed is { Classes.Count: > 0 } r ? r.Classes : null);
        if (classes is null)
        {
            throw new UserInputException(
                $"source '{_options.Source}' has no labels of its own and says no classes: give --labels FILE (CSV start_us,end_us,label), " +
                "or teach it (--labels stdin, socket:PATH or buttons) with the classes listed in the configuration ('classes'), or resume a checkpoint that knows them");
        }
        if (classes.Count < 2)
        {
            throw new UserInputException($"a run needs at least two classes, it has [{string.Join(", ", classes)}]");
        }
        return [.. classes];
    }

    private static bool SameNames(IReadOnlyList<string> a, IReadOnlyList<string> b)
    {
        if (a.Count != b.Count)
        {
            return false;
        }
        for (var i = 0; i < a.Count; i++)
        {
            if (!string.Equals(a[i], b[i], StringComparison.Ordinal))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Restores the checkpoint, or loads the given weights, or keeps the seeded initial weights; says which.</summary>
    private string LoadState()
    {
        if (_store is not null && _resumed is not null)
        {
            if (_learner is not null)
            {
                _store.Restore(_learner);
            }
            else
            {
                _store.RestoreParameters(_network);
            }
            if (!string.IsNullOrWhiteSpace(_options.Weights))
            {
                RunLog.WeightsIgnored(_log, _options.Weights);
            }
            var from = _store.FilePath;
            SetAsideDamaged();
            return string.Create(CultureInfo.InvariantCulture,
                $"resumed from {from} ({_resumed.Progress.Samples} taught windows, accuracy {_resumed.Progress.Accuracy:0.000}, saved {_resumed.SavedAt:u})");
        }
        SetAsideDamaged();
        if (!string.IsNullOrWhiteSpace(_options.Weights))
        {
            WeightFile.Import(_network, _options.Weights);
            return $"starting from the weights in {_options.Weights}";
        }
        return _store is null ? "no checkpoint folder: nothing is saved" : $"starting afresh; checkpoints go to {_store.Directory}";
    }

    /// <summary>
    /// Opens the source for pass <paramref name="pass"/>: a simulated source's seed moves on by 1000
    /// per resumed run and by one per re-opening, so a resumed or endless run keeps seeing new samples.
    /// </summary>
    private OpenedSource OpenSource(int pass) => _options.Sources.Open(_options.Source, new SourceOptions
    {
        RingCapacity = _options.Ring,
        Seed = unchecked(_options.Seed + (1000 * (_resumed?.Progress.Runs ?? 0)) + pass),
        RealTime = _options.RealTime,
        Reopen = _options.SourceReopen,
        Report = ReportSource,
    });

    /// <summary>Cuts the opened source into windows and builds the sample loop over them.</summary>
    private (TimedSegments Windows, PrequentialLoop Loop) Frame(OpenedSource opened, LabelsFile? labelsFile)
    {
        ILabelledEventSource windows = Labels.Kind switch
        {
            LabelSourceKind.Task => opened.Labelled!,
            LabelSourceKind.File => new LabelledRecording(opened.Events, _geometry, labelsFile!),
            _ => new StreamWindows(opened.Events, _geometry, Classes, _options.Window ?? new WindowOptions(), _teacher),
        };
        _truth = opened.Truth;
        Array.Fill(_truthMap, -1);
        if (_truth is not null)
        {
            for (var c = 0; c < Math.Min(_truth.ClassNames.Count, _truthMap.Length); c++)
            {
                _truthMap[c] = Array.IndexOf((string[])Classes, _truth.ClassNames[c]);
            }
        }
        var timed = new TimedSegments(windows);
        IStepModel model = _learner is not null ? _learner : _network;
        var loop = new PrequentialLoop(model, new SegmentFramer(timed, _binner, Spec.TimeSteps), Spec.Prediction, Spec.TimeSteps, Spec.EffectiveLearnSteps)
        {
            Learn = _mode == RunMode.Learn,
        };
        _stepsBefore = 0;
        if (_probes.Count > 0)
        {
            loop.Probe = this;
        }
        return (timed, loop);
    }

    /// <summary>A simulated task has a fixed number of samples: go on with a fresh one. False for every other source.</summary>
    private bool Reopen()
    {
        if (_opened.Scheme != "sim" || _opened.Labelled is null)
        {
            return false;
        }
        var seed = unchecked(_options.Seed + (1000 * (_resumed?.Progress.Runs ?? 0)) + _pass + 1);
        RunLog.Reopened(_log, _options.Source, Metrics.Windows, seed);
        Metrics.SourceDropped(_opened.Health.EventsDropped);
        Metrics.SourceReplaced();
        _opened.Dispose();
        _opened = OpenSource(++_pass);
        (_windows, _loop) = Frame(_opened, null);
        _loop.StopRequested = _stopReason is not null;
        // The finished pass's task, camera and frame buffers (some on the large-object heap) are
        // garbage now: collect it here, between windows, so an endless run's memory stays flat
        // instead of growing to the collector's budget first.
        CollectSetupGarbage();
        return true;
    }

    private void OpenBoard()
    {
        if (_options.Board is not { Enabled: true } board)
        {
            return;
        }
        _board = _options.OpenBoard is { } open ? open(board, Classes) : BoardIo.Open(board, Classes);
        if (Labels.Kind == LabelSourceKind.Buttons)
        {
            _teacher.Buttons = _board.Teach;
        }
    }

    private void StartCommandInputs()
    {
        switch (Labels.Kind)
        {
            case LabelSourceKind.Stdin:
                _ = new StdinCommands(_inbox, _options.CommandInput);
                break;
            case LabelSourceKind.Socket:
                _socket = new SocketCommands(Labels.Path!, _inbox);
                break;
        }
    }

    private static BoardSummary? BoardSummaryOf(BoardOptions? board) => board is not { Enabled: true }
        ? null
        : new BoardSummary(
            board.Leds?.Pins ?? [],
            board.TeachButtons?.Pins ?? [],
            board.Oled is { } oled ? string.Create(CultureInfo.InvariantCulture, $"i2c-{oled.Bus}@0x{oled.Address:x2}") : null);
}
