using System.Text.RegularExpressions;
using ShelfCloud.TestSupport;

namespace ShelfCloud.Infrastructure.Tests.Architecture;

/// <summary>
/// The folders of src/ShelfCloud.Infrastructure depend on each other without cycles: a folder's files name another
/// folder's namespace (<c>using ShelfCloud.Infrastructure.X</c> or a fully qualified name) only when that folder is
/// lower. Generated migrations are left out. Files at the project's root (the composition of the services) are not a folder and may use every one.
/// </summary>
public sealed partial class FolderDependencyTests
{
    [Fact]
    public void Infrastructure_folders_have_no_dependency_cycle()
    {
        var graph = FolderGraph.Scan(Path.Combine(Repository.Root, "src", "ShelfCloud.Infrastructure"));

        graph.Count.ShouldBeGreaterThan(10, "the scan found the feature folders");
        graph["Recognition"].ShouldContain("Jobs", "the scan sees using directives");
        var cycle = FolderGraph.FindCycle(graph);
        cycle.ShouldBeNull($"folder cycle: {string.Join(" -> ", cycle ?? [])}");
    }

    [Fact]
    public void A_back_edge_is_reported_as_a_cycle()
    {
        var graph = new Dictionary<string, SortedSet<string>>
        {
            ["Data"] = ["Tenancy"],
            ["Identity"] = ["Data", "Onboarding"],
            ["Onboarding"] = ["Data", "Identity"],
            ["Tenancy"] = [],
        };

        FolderGraph.FindCycle(graph).ShouldBe(new[] { "Identity", "Onboarding", "Identity" });
        graph["Onboarding"].Remove("Identity");
        FolderGraph.FindCycle(graph).ShouldBeNull();
    }

    [Fact]
    public void Usings_and_qualified_names_are_edges_but_comments_are_not()
    {
        var dependencies = FolderGraph.DependenciesOf("""
            using ShelfCloud.Infrastructure.Data;
            using ShelfCloud.Infrastructure.Data.Sqlite;
            // Mentions ShelfCloud.Infrastructure.Review in a comment only.
            namespace ShelfCloud.Infrastructure.Jobs;
            public sealed class X(ShelfCloud.Infrastructure.Models.RecognitionModels models);
            """);

        dependencies.ShouldBe(new[] { "Data", "Models" }, ignoreOrder: true);
    }

    /// <summary>Folder → the folders its source files name.</summary>
    private static partial class FolderGraph
    {
        public static Dictionary<string, SortedSet<string>> Scan(string projectDirectory)
        {
            var graph = new Dictionary<string, SortedSet<string>>(StringComparer.Ordinal);
            foreach (var folder in Directory.EnumerateDirectories(projectDirectory))
            {
                var name = Path.GetFileName(folder);
                if (name is "bin" or "obj")
                    continue;
                var edges = graph[name] = new SortedSet<string>(StringComparer.Ordinal);
                // Migrations are generated history: their designer files keep the type names of their day.
                foreach (var file in Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories)
                             .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}Migrations{Path.DirectorySeparatorChar}", StringComparison.Ordinal)))
                {
                    foreach (var dependency in DependenciesOf(File.ReadAllText(file)))
                    {
                        if (dependency != name)
                            edges.Add(dependency);
                    }
                }
            }

            return graph;
        }

        public static IEnumerable<string> DependenciesOf(string source) =>
            Reference().Matches(NamespaceDeclaration().Replace(LineComment().Replace(source, ""), "")).Select(m => m.Groups[1].Value).Distinct();

        /// <summary>A path that returns to its first folder, or null when the graph has no cycle.</summary>
        public static IReadOnlyList<string>? FindCycle(IReadOnlyDictionary<string, SortedSet<string>> graph)
        {
            var done = new HashSet<string>(StringComparer.Ordinal);
            var path = new List<string>();
            foreach (var start in graph.Keys.Order(StringComparer.Ordinal))
            {
                if (Visit(start) is { } cycle)
                    return cycle;
            }

            return null;

            IReadOnlyList<string>? Visit(string folder)
            {
                var onPath = path.IndexOf(folder);
                if (onPath >= 0)
                    return [.. path[onPath..], folder];
                if (!done.Add(folder))
                    return null;
                path.Add(folder);
                foreach (var next in graph.GetValueOrDefault(folder) ?? [])
                {
                    if (Visit(next) is { } cycle)
                        return cycle;
                }

                path.RemoveAt(path.Count - 1);
                return null;
            }
        }

        [GeneratedRegex(@"\bShelfCloud\.Infrastructure\.([A-Z]\w*)\b")]
        private static partial Regex Reference();

        [GeneratedRegex(@"//.*$", RegexOptions.Multiline)]
        private static partial Regex LineComment();

        [GeneratedRegex(@"^\s*namespace\s+[\w.]+", RegexOptions.Multiline)]
        private static partial Regex NamespaceDeclaration();
    }
}
