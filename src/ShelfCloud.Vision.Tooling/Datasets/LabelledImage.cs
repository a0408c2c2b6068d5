namespace ShelfCloud.Vision.Tooling.Datasets;

/// <summary>An image file of a dataset folder and the class its folder names.</summary>
/// <param name="Path">The file's full path.</param>
/// <param name="RelativePath">The path below the dataset's root, with '/' separators.</param>
/// <param name="ClassName">The name of the folder that holds the file.</param>
public sealed record LabelledImage(string Path, string RelativePath, string ClassName);
