using System.Text.Json;

namespace ShelfCloud.Cli.Tests.Recognition;

internal static class JsonAssertions
{
    public static JsonElement ReadJson(string path) => JsonDocument.Parse(File.ReadAllText(path)).RootElement;

    public static string[] Keys(this JsonElement element) => element.EnumerateObject().Select(p => p.Name).ToArray();

    public static void ShouldHaveKeys(this JsonElement element, params string[] keys) => element.Keys().ShouldBe(keys);
}
