using Microsoft.Extensions.Configuration;

namespace ShelfCloud.Infrastructure;

/// <summary>
/// The one folder shared by portal, worker and CLI for the SQLite file, blobs and the embedded vector index:
/// <c>SHELFCLOUD_DATA</c>, or <c>data/</c> at the repository root (found by walking up to ShelfCloud.sln).
/// </summary>
public sealed class DataFolder
{
    public const string EnvironmentVariable = "SHELFCLOUD_DATA";

    public DataFolder(string path)
    {
        Path = System.IO.Path.GetFullPath(path);
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    public static DataFolder FromConfiguration(IConfiguration configuration) =>
        new(configuration[EnvironmentVariable] is { Length: > 0 } configured ? configured : DefaultPath());

    private static string DefaultPath()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(System.IO.Path.Combine(dir.FullName, "ShelfCloud.sln")))
                    return System.IO.Path.Combine(dir.FullName, "data");
            }
        }
        return System.IO.Path.Combine(Directory.GetCurrentDirectory(), "data");
    }
}
