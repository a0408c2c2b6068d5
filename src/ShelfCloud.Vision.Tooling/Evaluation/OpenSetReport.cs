namespace ShelfCloud.Vision.Tooling.Evaluation;

/// <summary>How well the open-set score tells crops of catalog products from crops of products absent from it.</summary>
/// <param name="Auroc">Probability that a known-product query scores above an unknown-product query (ties count half).</param>
/// <param name="UnknownRejected">Share of unknown-product queries answered unknown at <paramref name="Threshold"/>.</param>
/// <param name="KnownAccepted">Share of known-product queries that keep a SKU at <paramref name="Threshold"/>.</param>
/// <param name="Threshold">The operating point: best similarities below it are unknown.</param>
/// <param name="ThresholdSource">Where the threshold came from: "option", "embedder card" or "calibrated on these queries".</param>
/// <param name="KnownQueries">Queries of gallery classes.</param>
/// <param name="UnknownQueries">Queries of products absent from the gallery.</param>
public sealed record OpenSetReport(
    double Auroc,
    double UnknownRejected,
    double KnownAccepted,
    float Threshold,
    string ThresholdSource,
    int KnownQueries,
    int UnknownQueries);
