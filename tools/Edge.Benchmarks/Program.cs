using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;

// Results go under artifacts/ (ignored by git) rather than into the working directory.
var config = DefaultConfig.Instance.WithArtifactsPath(Path.Combine("artifacts", "benchmarkdotnet"));
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
