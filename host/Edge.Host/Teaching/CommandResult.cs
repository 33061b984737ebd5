namespace Edge.Host.Teaching;

/// <summary>What became of a teach command: accepted, or refused with one line saying why (then nothing changed).</summary>
/// <param name="Command">The command as given.</param>
/// <param name="Ok">True when it was accepted and applied.</param>
/// <param name="Error">Why it was refused, or null.</param>
/// <param name="Origin">Where it came from: stdin, socket, page, fleet, api.</param>
public sealed record CommandResult(string Command, bool Ok, string? Error, string Origin);
