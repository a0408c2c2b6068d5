namespace ShelfCloud.Cli.Recognition;

/// <summary>Input a command refuses (a missing path, a wrong combination of options); printed as one <c>error:</c> line.</summary>
internal sealed class CommandInputException(string message) : Exception(message);
