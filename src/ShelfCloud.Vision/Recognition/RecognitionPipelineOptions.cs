namespace ShelfCloud.Vision.Recognition;

/// <summary>How <see cref="RecognitionPipeline"/> cuts and batches crops.</summary>
public sealed class RecognitionPipelineOptions
{
    /// <summary>
    /// Crops cut before they are handed to the embedder together; crops of several images share a chunk.
    /// Bounds the memory held by crops at native size; the embedder splits a chunk further into its own batches.
    /// </summary>
    public int CropChunkSize { get; set; } = 32;

    /// <summary>Context added around each box before embedding, as a fraction of the box's width and height.</summary>
    public float CropPadding { get; set; }

    /// <summary>
    /// Overrides the embedder card's open-set threshold (<see cref="OpenSetRule"/>): a crop whose best per-SKU
    /// similarity is below it is answered unknown. Null keeps the card's; the card has none for older models.
    /// </summary>
    public float? UnknownThreshold { get; set; }

    /// <summary>
    /// The longest side a photo is decoded at: larger photos are scaled down while they decode (boxes are still
    /// reported in the file's pixels). 4096 keeps a 12-megapixel camera photo at full size and decodes a 100-megapixel
    /// JPEG at 2/8 scale (about 6 megapixels); the detector sees 640 pixels and the embedder crops of 160.
    /// </summary>
    public int MaxDecodedSide { get; set; } = 4096;

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxDecodedSide, 640, nameof(MaxDecodedSide));
        ArgumentOutOfRangeException.ThrowIfLessThan(CropChunkSize, 1, nameof(CropChunkSize));
        ArgumentOutOfRangeException.ThrowIfNegative(CropPadding, nameof(CropPadding));
        if (UnknownThreshold is { } threshold)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(threshold, -1f, nameof(UnknownThreshold));
            ArgumentOutOfRangeException.ThrowIfGreaterThan(threshold, 1f, nameof(UnknownThreshold));
        }
    }
}
