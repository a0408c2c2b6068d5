namespace ShelfCloud.Vision.Tooling.Evaluation;

/// <summary>Detection quality over a labelled image set.</summary>
/// <param name="Map50">Mean AP at IoU 0.50.</param>
/// <param name="Map50To95">Mean AP averaged over IoU 0.50:0.05:0.95 (COCO's headline figure).</param>
/// <param name="Images">Images evaluated.</param>
/// <param name="Boxes">Ground-truth boxes in them (of the evaluated classes).</param>
public sealed record DetectionReport(double Map50, double Map50To95, int Images, int Boxes);
