namespace ShelfCloud.Vision.Inference;

/// <summary>How a YOLOv8/YOLO11 detection head's output is laid out per image.</summary>
public enum YoloOutputLayout
{
    /// <summary>[N, 4+C, A]: what Ultralytics exports (channels first, one column per anchor).</summary>
    ChannelsFirst,

    /// <summary>[N, A, 4+C]: the transposed form some exports and conversions produce.</summary>
    AnchorsFirst,
}
