namespace ShelfCloud.Cli.Recognition;

/// <summary>
/// Unreadable images are skipped, not fatal, in folder runs: each gets a <c>warning:</c> line on stderr and the
/// count is reported at the end. A run in which no image at all could be read fails.
/// </summary>
internal sealed class SkippedImages(CliContext cli)
{
    public int Count { get; private set; }

    public void Add(string path, string? reason)
    {
        Count++;
        cli.Error.WriteLine($"warning: skipped '{path}': {reason}");
    }

    /// <summary>A summary fragment such as "; skipped 2 unreadable image(s)", empty when none was skipped.</summary>
    public string Summary => Count == 0 ? "" : $"; skipped {Count} unreadable image(s)";

    /// <summary>Refuses a run where every image was skipped.</summary>
    public void RequireSome(int read, string option)
    {
        if (read == 0)
        {
            throw new CommandInputException($"{option}: none of the {Count} image(s) could be read.");
        }
    }
}
