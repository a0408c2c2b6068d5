namespace ShelfCloud.Infrastructure.Vectors;

/// <summary>Settings of <see cref="EmbeddedVectorIndex"/>.</summary>
public sealed class EmbeddedVectorIndexOptions
{
    /// <summary>
    /// Folder holding one snapshot and one write log per tenant. Null keeps the index in memory only
    /// (tests, benchmarks).
    /// </summary>
    public string? Directory { get; set; }

    /// <summary>
    /// Keep the exact copy of each vector as IEEE half floats instead of single floats: about 40 %
    /// less memory per vector, scores exact to about 1e-3.
    /// </summary>
    public bool Float16Storage { get; set; }

    /// <summary>
    /// A search over at most this many candidate vectors scores all of them exactly; larger ones use
    /// the int8 first pass and rescore a shortlist exactly.
    /// </summary>
    public int ExactScanMaxRows { get; set; } = 4096;

    /// <summary>Threads one search may use; defaults to the processor count.</summary>
    public int MaxDegreeOfParallelism { get; set; } = Environment.ProcessorCount;

    /// <summary>
    /// A tenant's write log is folded into a fresh snapshot once it is larger than this many bytes
    /// and larger than the snapshot itself.
    /// </summary>
    public long LogCompactionThresholdBytes { get; set; } = 16L * 1024 * 1024;
}
