namespace ShelfCloud.Vision.Tooling.Datasets;

/// <summary>
/// Reads an ImageFolder dataset (torchvision's layout): every JPEG, PNG or WebP file below the root, at any
/// depth, labelled with the name of the folder that holds it.
/// </summary>
public static class ImageFolder
{
    private static readonly string[] ImageExtensions = [".jpg", ".jpeg", ".png", ".webp"];

    /// <summary>True when the file name ends in .jpg, .jpeg, .png or .webp, in any case.</summary>
    public static bool IsImageFile(string path) =>
        ImageExtensions.Contains(Path.GetExtension(path), StringComparer.OrdinalIgnoreCase);

    /// <summary>The images below <paramref name="root"/>, ordered by relative path (ordinal) so runs are repeatable.</summary>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    public static IReadOnlyList<LabelledImage> Read(string root)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        var fullRoot = Path.GetFullPath(root);
        if (!Directory.Exists(fullRoot))
        {
            throw new DirectoryNotFoundException($"The folder '{root}' does not exist.");
        }

        return Directory.EnumerateFiles(fullRoot, "*", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true })
            .Where(IsImageFile)
            .Select(path => new LabelledImage(
                path,
                Path.GetRelativePath(fullRoot, path).Replace(Path.DirectorySeparatorChar, '/'),
                Path.GetFileName(Path.GetDirectoryName(path))!))
            .OrderBy(image => image.RelativePath, StringComparer.Ordinal)
            .ToList();
    }
}
