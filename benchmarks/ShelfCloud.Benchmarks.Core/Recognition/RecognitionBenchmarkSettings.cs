namespace ShelfCloud.Benchmarks.Core.Recognition;

/// <summary>Sizes of a <see cref="RecognitionBenchmark"/> run.</summary>
/// <param name="PhotoWidth">Width of the synthetic shelf photo (default: a 1080p camera frame).</param>
/// <param name="PhotoHeight">Height of the synthetic shelf photo.</param>
/// <param name="Repetitions">Timed runs per figure, after one warm-up run.</param>
/// <param name="DetectorBatch">Photos per detector call for the throughput figure.</param>
/// <param name="EmbedderCrops">Crops per embedder call for the throughput figure.</param>
public sealed record RecognitionBenchmarkSettings(
    int PhotoWidth = 1920,
    int PhotoHeight = 1080,
    int Repetitions = 5,
    int DetectorBatch = 8,
    int EmbedderCrops = 64);
