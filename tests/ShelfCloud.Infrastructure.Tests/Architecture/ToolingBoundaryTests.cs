using System.Text.RegularExpressions;
using ShelfCloud.Infrastructure.Demo;
using ShelfCloud.TestSupport;

namespace ShelfCloud.Infrastructure.Tests.Architecture;

/// <summary>
/// ShelfCloud.Vision.Tooling (synthetic shelves, dataset readers, evaluators) serves the CLI, the benchmarks and the
/// demo. In the portal and the worker only the demo's history seeding names it, so a host without demo history never
/// loads the assembly: .NET loads it when a method that uses its types first runs, here <see cref="DemoHistorySeeder.SeedAsync"/>.
/// </summary>
public sealed partial class ToolingBoundaryTests
{
    [Fact]
    public void Only_the_demo_history_seeder_names_the_tooling_assembly_in_the_runtime_projects()
    {
        string[] runtime = ["ShelfCloud.Domain", "ShelfCloud.Vision", "ShelfCloud.Infrastructure", "ShelfCloud.Web", "ShelfCloud.Worker"];

        var users = runtime
            .SelectMany(project => Directory.EnumerateFiles(Path.Combine(Repository.Root, "src", project), "*", SearchOption.AllDirectories))
            .Where(file => file.EndsWith(".cs", StringComparison.Ordinal) || file.EndsWith(".razor", StringComparison.Ordinal))
            .Where(file => ToolingReference().IsMatch(LineComment().Replace(File.ReadAllText(file), "")))
            .Select(file => Path.GetRelativePath(Repository.Root, file).Replace('\\', '/'))
            .Order(StringComparer.Ordinal);

        users.ShouldBe(["src/ShelfCloud.Infrastructure/Demo/DemoHistorySeeder.cs"]);
    }

    [Fact]
    public void Constructing_the_demo_history_seeder_needs_no_tooling_type()
    {
        // Every host registers the seeder; only SeedAsync, which runs when Demo:History is on, may touch the tooling.
        var parameters = typeof(DemoHistorySeeder).GetConstructors().SelectMany(c => c.GetParameters()).ToList();

        parameters.ShouldNotBeEmpty();
        parameters.ShouldAllBe(p => p.ParameterType.Assembly.GetName().Name != "ShelfCloud.Vision.Tooling");
    }

    [GeneratedRegex(@"\bShelfCloud\.Vision\.Tooling\b")]
    private static partial Regex ToolingReference();

    [GeneratedRegex(@"//.*$", RegexOptions.Multiline)]
    private static partial Regex LineComment();
}
