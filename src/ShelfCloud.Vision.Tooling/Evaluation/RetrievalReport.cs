namespace ShelfCloud.Vision.Tooling.Evaluation;

/// <summary>How well gallery look-ups name the class of query images.</summary>
/// <param name="Top1">Share of queries whose best-scoring class is their own.</param>
/// <param name="Top5">Share of queries whose own class is among the five best.</param>
/// <param name="Queries">Queries evaluated.</param>
/// <param name="Gallery">Gallery images indexed.</param>
/// <param name="Classes">Classes in the gallery.</param>
/// <param name="PerClass">Accuracy by the queries' class, ordered by class name.</param>
/// <param name="OpenSet">Known against unknown products, when unknown-product queries were added.</param>
public sealed record RetrievalReport(
    double Top1,
    double Top5,
    int Queries,
    int Gallery,
    int Classes,
    IReadOnlyDictionary<string, ClassRetrieval> PerClass,
    OpenSetReport? OpenSet = null);
