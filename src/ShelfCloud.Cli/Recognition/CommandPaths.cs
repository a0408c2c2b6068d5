using ShelfCloud.Vision.Tooling.Datasets;

namespace ShelfCloud.Cli.Recognition;

/// <summary>Checks the paths given to recognition commands before any model is loaded.</summary>
internal static class CommandPaths
{
    public static string ExistingFolder(string? path, string option) =>
        !string.IsNullOrWhiteSpace(path) && Directory.Exists(path)
            ? Path.GetFullPath(path)
            : throw new CommandInputException($"{option}: the folder '{path}' does not exist.");

    public static string ExistingFile(string? path, string option) =>
        !string.IsNullOrWhiteSpace(path) && File.Exists(path)
            ? Path.GetFullPath(path)
            : throw new CommandInputException($"{option}: the file '{path}' does not exist.");

    /// <summary>A file to write: its folder is created; a path that is an existing folder is refused.</summary>
    public static string OutputFile(string? path, string option)
    {
        if (string.IsNullOrWhiteSpace(path) || Directory.Exists(path))
        {
            throw new CommandInputException($"{option}: '{path}' is not a file path.");
        }

        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        return full;
    }

    /// <summary>The ImageFolder images under a folder; refuses a folder without any.</summary>
    public static IReadOnlyList<LabelledImage> Images(string folder, string option)
    {
        var images = ImageFolder.Read(folder);
        return images.Count > 0
            ? images
            : throw new CommandInputException($"{option}: no images (.jpg, .jpeg, .png, .webp) under '{folder}'.");
    }
}
