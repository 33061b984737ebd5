using Edge.Cli.Cli;

return EdgeCommand.Run(args);
