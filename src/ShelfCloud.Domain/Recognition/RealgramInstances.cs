namespace ShelfCloud.Domain.Recognition;

/// <summary>Which of the window's annotated instances give a SKU its realgram coefficient.</summary>
public enum RealgramInstances
{
    /// <summary>Every annotated instance in the window.</summary>
    All,

    /// <summary>For each SKU, only the instances of the annotation set with the most of them (the product list's max-count merge).</summary>
    MaxCountMerge,
}
