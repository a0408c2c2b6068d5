using ShelfCloud.Vision.Inference;

namespace ShelfCloud.Vision.Tests.Support;

internal static class ModelFixtures
{
    /// <summary>A CPU session factory that fails the test if it warns.</summary>
    public static SessionOptionsFactory CpuSessions() =>
        new(new InferenceOptions { IntraOpThreads = 1, InterOpThreads = 1 }, message => throw new InvalidOperationException($"Unexpected warning: {message}"));
}
