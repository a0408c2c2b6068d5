namespace ShelfCloud.TestSupport;

/// <summary>The checkout the tests run from, for tests that read the sources themselves.</summary>
public static class Repository
{
    /// <summary>The folder of ShelfCloud.sln above the running test's output.</summary>
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "ShelfCloud.sln")))
                return directory.FullName;
        }

        throw new InvalidOperationException($"No ShelfCloud.sln above {AppContext.BaseDirectory}.");
    }
}
