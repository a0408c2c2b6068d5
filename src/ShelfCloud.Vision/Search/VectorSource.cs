namespace ShelfCloud.Vision.Search;

/// <summary>Where a stored vector came from.</summary>
public enum VectorSource
{
    /// <summary>A packshot or reference crop uploaded for the SKU (cold start).</summary>
    Reference,

    /// <summary>A crop an annotator confirmed or corrected.</summary>
    Annotation,
}
