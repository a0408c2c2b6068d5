using System.Collections.Immutable;
using ShelfCloud.Domain.Models;

namespace ShelfCloud.Vision.Inference;

/// <summary>What a model needs to be fed correctly and what its outputs mean; see <see cref="ModelCardReader"/>.</summary>
public sealed record ModelCard
{
    /// <summary>ImageNet channel means (RGB, 0..1 scale): the default for embedders.</summary>
    public static ImmutableArray<float> ImageNetMean { get; } = [0.485f, 0.456f, 0.406f];

    /// <summary>ImageNet channel standard deviations (RGB, 0..1 scale): the default for embedders.</summary>
    public static ImmutableArray<float> ImageNetStd { get; } = [0.229f, 0.224f, 0.225f];

    /// <summary>Detector or embedder.</summary>
    public required ModelKind Kind { get; init; }

    /// <summary>A human-readable model name, when the model says.</summary>
    public string? Name { get; init; }

    /// <summary>The model's version, when the model says.</summary>
    public string? Version { get; init; }

    /// <summary>The input width in pixels.</summary>
    public required int InputWidth { get; init; }

    /// <summary>The input height in pixels.</summary>
    public required int InputHeight { get; init; }

    /// <summary>Per-channel RGB mean subtracted from 0..1 pixel values.</summary>
    public required ImmutableArray<float> Mean { get; init; }

    /// <summary>Per-channel RGB standard deviation that mean-subtracted values are divided by.</summary>
    public required ImmutableArray<float> Std { get; init; }

    /// <summary>Detector class names by class id; empty when the model does not say.</summary>
    public ImmutableArray<string> ClassNames { get; init; } = [];

    /// <summary>The embedder's vector length, when known.</summary>
    public int? EmbeddingDimension { get; init; }

    /// <summary>
    /// The embedder's open-set threshold: a crop whose best per-SKU similarity is below it is answered "unknown"
    /// (see <see cref="Recognition.OpenSetRule"/>); null when the model was not calibrated for it.
    /// </summary>
    public float? UnknownThreshold { get; init; }
}
