namespace ShelfCloud.Domain.Models;

public enum ModelKind
{
    Detector,
    Embedder,
}

/// <summary>An ONNX model known to the platform. Captures record which versions recognised them.</summary>
public sealed class ModelVersion
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public ModelKind Kind { get; set; }
    public required string Name { get; set; }
    public required string Version { get; set; }
    public required string Sha256 { get; set; }
    public int? EmbeddingDimension { get; set; }
    public bool IsActive { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
