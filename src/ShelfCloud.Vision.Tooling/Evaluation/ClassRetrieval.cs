namespace ShelfCloud.Vision.Tooling.Evaluation;

/// <summary>Retrieval accuracy of the queries of one class.</summary>
/// <param name="Top1">Share of the class's queries whose best class was right.</param>
/// <param name="Queries">The class's queries.</param>
public sealed record ClassRetrieval(double Top1, int Queries);
